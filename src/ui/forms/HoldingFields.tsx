'use client';

import { fmt, type Dictionary } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { tonnes } from '../format';
import { Field } from './Field';
import type { FieldsOf } from './useActionForm';
import { toInt } from './validate';

/** What an account holds of one instrument and vintage, and how much of it is available. */
export interface HoldingOption {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  available: number;
}

type HoldingValues = { instrument: string; vintage: string; quantity: string };

const ALL_INSTRUMENTS = ['CEA', 'CCER'] as const;

/** The line the form's instrument and vintage point at, if the account holds it. */
export function holdingOf(lines: readonly HoldingOption[], v: Partial<HoldingValues>): HoldingOption | undefined {
  return lines.find((h) => h.instrument === v.instrument && String(h.vintage) === v.vintage);
}

/**
 * The rules on instrument, vintage and quantity that the shared schema cannot know: a vintage is
 * chosen, the account holds it, and the quantity is at most what is available. `lines` is what
 * the account holds, or undefined while no account is chosen (nothing to check against yet).
 * Adds to the schema's `errors`.
 */
export function holdingErrors(errors: Record<string, string>, v: Partial<HoldingValues>, lines: readonly HoldingOption[] | undefined, t: Dictionary): Record<string, string> {
  const line = lines ? holdingOf(lines, v) : undefined;
  if (!v.vintage) errors.vintage = t.cancel.chooseVintage;
  else if (lines && !line) errors.vintage = t.cancel.noVintage;
  else if (line && !errors.quantity && toInt(v.quantity ?? '') > line.available) errors.quantity = fmt(t.cancel.exceeds, { n: tonnes(line.available) });
  return errors;
}

/**
 * Instrument, vintage (with what is available of each) and quantity (with the available amount
 * as its hint) for a form moving units out of an account's holdings (`lines`). Test ids
 * `<testIdPrefix>-instrument|vintage|quantity`; `resetVintage` clears the vintage when the
 * instrument changes; `fullQuantity` gives the quantity a whole row.
 */
export function HoldingFields({
  form, lines, testIdPrefix, resetVintage, fullQuantity,
}: {
  form: FieldsOf<keyof HoldingValues>;
  lines: readonly HoldingOption[];
  testIdPrefix?: string;
  resetVintage?: boolean;
  fullQuantity?: boolean;
}) {
  const { t } = useI18n();
  const testId = (field: string) => (testIdPrefix ? `${testIdPrefix}-${field}` : undefined);
  const held = [...new Set(lines.map((h) => h.instrument))];
  const vintages = lines.filter((h) => h.instrument === form.values.instrument);
  const line = holdingOf(lines, form.values);
  const instrument = form.bind('instrument');
  const available = (n: number) => fmt(t.cancel.available, { n: tonnes(n) });
  return (
    <>
      <Field name="instrument" label={t.common.instrument} error={form.errorOf('instrument')}>
        <select
          className="input"
          {...instrument}
          onChange={
            resetVintage
              ? (e) => {
                  form.set('instrument', e.target.value);
                  form.set('vintage', '', false);
                }
              : instrument.onChange
          }
          data-testid={testId('instrument')}
        >
          {(held.length ? held : ALL_INSTRUMENTS).map((i) => (
            <option key={i} value={i}>
              {t.instruments[i]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="vintage" label={t.common.vintage} error={form.errorOf('vintage')}>
        <select className="input" {...form.bind('vintage')} data-testid={testId('vintage')}>
          <option value="">{t.cancel.chooseVintage}</option>
          {vintages.map((h) => (
            <option key={h.vintage} value={h.vintage}>
              {h.vintage} — {available(h.available)}
            </option>
          ))}
        </select>
      </Field>
      <Field name="quantity" label={t.cancel.quantity} error={form.errorOf('quantity')} hint={line ? available(line.available) : undefined} className={fullQuantity ? 'full' : undefined}>
        <input className="input" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid={testId('quantity')} />
      </Field>
    </>
  );
}
