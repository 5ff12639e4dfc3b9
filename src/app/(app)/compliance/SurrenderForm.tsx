'use client';

import { useRef } from 'react';
import { ConfirmDialog } from '@/ui/forms/ConfirmDialog';
import { surrenderAction } from '@/app/actions/compliance';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { surrenderSchema } from '@/schemas/compliance';
import { Alert } from '@/ui/Alert';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import type { HoldingOption } from '@/ui/forms/HoldingFields';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { SignatureField } from '@/ui/forms/signing';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { asset, tonnes } from '@/ui/format';

/** One item of the shared surrender request: instrument, vintage, quantity. */
const itemSchema = surrenderSchema.shape.items.element;
const INSTRUMENTS = ['CEA', 'CCER'] as const;

type Values = { instrument: string; vintage: string; quantity: string; signatureCode: string };

/**
 * Surrender (清缴) for a compliance year: instrument, a vintage the entity holds (with what is
 * available of each), quantity. Checked as you type against what is available, the year (no
 * later vintage) and the CCER cap still open; the service's refusals show next to their field.
 * A confirmation step, since surrendered units are cancelled for good.
 */
export function SurrenderForm({
  year, holdings, obligation, gap, offsetRoom, eligibleCcer, disabled,
}: {
  year: number;
  holdings: HoldingOption[];
  /** Verified emissions, null before verification (nothing can be surrendered yet). */
  obligation: number | null;
  gap: number | null;
  /** CCER that may still count (cap minus used), null before verification. */
  offsetRoom: number | null;
  /** Per CCER vintage, how many of the held units come from projects eligible as offsets for the year. */
  eligibleCcer: Record<number, number>;
  disabled?: boolean;
}) {
  const { t, lang } = useI18n();
  const confirmRef = useRef<HTMLDialogElement>(null);
  const lines = holdings.filter((h) => h.available > 0);
  const lineOf = (v: Values) => lines.find((h) => h.instrument === v.instrument && String(h.vintage) === v.vintage);

  const form = useActionForm<Values>({
    initial: { instrument: 'CEA', vintage: '', quantity: '', signatureCode: '' },
    validate: (v) => {
      const errors = zodFieldErrors(itemSchema, { instrument: v.instrument, vintage: v.vintage ? Number(v.vintage) : Number.NaN, quantity: toInt(v.quantity) }, lang);
      const line = lineOf(v);
      if (!v.vintage) errors.vintage = t.compliance.chooseVintage;
      else if (Number(v.vintage) > year) errors.vintage = fmt(t.compliance.laterVintage, { year });
      else if (!line) errors.vintage = t.compliance.noVintage;
      const q = toInt(v.quantity);
      if (!errors.quantity && line && q > line.available) errors.quantity = fmt(t.compliance.exceeds, { n: tonnes(line.available) });
      else if (!errors.quantity && v.instrument === 'CCER' && q > (eligibleCcer[Number(v.vintage)] ?? 0)) errors.quantity = fmt(t.compliance.ccerNotEligible, { n: tonnes(eligibleCcer[Number(v.vintage)] ?? 0) });
      else if (!errors.quantity && v.instrument === 'CCER' && offsetRoom !== null && q > offsetRoom) errors.quantity = fmt(t.compliance.offsetCap, { n: tonnes(offsetRoom), year });
      return errors;
    },
    submit: async (v) => {
      const r = await surrenderAction({ year, instrument: v.instrument, vintage: Number(v.vintage), quantity: toInt(v.quantity), signatureCode: v.signatureCode });
      if (r.ok) return r;
      // The service names fields by the request's shape (`items.0.vintage`, or `items` for the CCER cap): the form has one item.
      const fields: Record<string, string> = {};
      for (const [key, message] of Object.entries(r.fields)) fields[key === 'items' ? 'quantity' : (/^items\.\d+\.(\w+)$/.exec(key)?.[1] ?? key)] ??= message;
      return { ...r, fields };
    },
    onSuccess: (_r, v) => ({ ...v, quantity: '', signatureCode: '' }),
  });

  if (obligation === null) return <Alert kind="info">{fmt(t.compliance.noObligation, { year })}</Alert>;
  if (lines.length === 0 && !form.result) return <p className="muted">{t.compliance.nothingAvailable}</p>;

  const v = form.values;
  const line = lineOf(v);
  const q = toInt(v.quantity);
  const usable = (h: HoldingOption) => (h.instrument === 'CCER' ? Math.min(h.available, eligibleCcer[h.vintage] ?? 0) : h.available);
  const eligible = (instrument: 'CEA' | 'CCER') => lines.filter((h) => h.instrument === instrument && h.vintage <= year).reduce((s, h) => s + usable(h), 0);
  const fill = gap !== null && gap > 0 && line ? Math.min(gap, usable(line), v.instrument === 'CCER' && offsetRoom !== null ? offsetRoom : Infinity) : 0;

  const hints = [
    line ? fmt(t.compliance.available, { n: tonnes(line.available) }) : null,
    line && v.instrument === 'CCER' && usable(line) < line.available ? fmt(t.compliance.ccerEligibleHint, { n: tonnes(usable(line)) }) : null,
    gap !== null ? fmt(t.compliance.gapHint, { n: tonnes(gap) }) : null,
    v.instrument === 'CCER' && offsetRoom !== null ? fmt(t.compliance.capHint, { n: tonnes(offsetRoom) }) : null,
  ].filter(Boolean);
  const beyond = gap !== null && q > gap ? fmt(t.compliance.beyondGap, { n: tonnes(q - gap) }) : null;

  return (
    <form
      className="form"
      noValidate
      data-testid="surrender-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (form.hasErrors) {
          form.run(); // shows every error, never reaches the server
          return;
        }
        confirmRef.current?.showModal();
      }}
    >
      {gap === 0 ? <Alert kind="success">{fmt(t.compliance.compliantDone, { year })}</Alert> : null}
      <p className="muted" style={{ margin: 0, fontSize: 12.5 }} data-testid="surrender-eligible">
        {fmt(t.compliance.eligible, { cea: tonnes(eligible('CEA')), ccer: tonnes(eligible('CCER')) })}
      </p>
      <div className="form-grid">
        <Field name="instrument" label={t.common.instrument} error={form.errorOf('instrument')} className="full">
          <select
            className="input"
            {...form.bind('instrument')}
            onChange={(e) => {
              form.set('instrument', e.target.value);
              form.set('vintage', '', false);
            }}
            data-testid="surrender-instrument"
          >
            {INSTRUMENTS.map((i) => (
              <option key={i} value={i}>
                {t.instruments[i]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="vintage" label={t.common.vintage} error={form.errorOf('vintage')} className="full">
          <select className="input" {...form.bind('vintage')} data-testid="surrender-vintage">
            <option value="">{t.compliance.chooseVintage}</option>
            {lines
              .filter((h) => h.instrument === v.instrument)
              .map((h) => (
                <option key={h.vintage} value={h.vintage}>
                  {fmt(h.vintage > year ? t.compliance.laterVintageOption : t.compliance.vintageOption, { vintage: h.vintage, n: tonnes(h.available), year })}
                </option>
              ))}
          </select>
        </Field>
        <Field name="quantity" label={t.compliance.quantity} error={form.errorOf('quantity')} hint={beyond ?? (hints.length ? hints.join(' · ') : undefined)} className="full">
          <div className="btn-row" style={{ flexWrap: 'nowrap' }}>
            <input className="input" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="surrender-quantity" />
            {fill > 0 ? (
              <button type="button" className="btn sm ghost" onClick={() => form.set('quantity', String(fill))} data-testid="surrender-fill-gap">
                {fmt(fill === gap ? t.compliance.fillGap : t.compliance.useMax, { n: tonnes(fill) })}
              </button>
            ) : null}
          </div>
        </Field>
        <SignatureField value={form.values.signatureCode ?? ''} onChange={(c) => form.set('signatureCode', c)} error={form.errorOf('signatureCode')} />
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} disabled={disabled} testId="surrender-submit">
          {t.compliance.submit}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'surrender-success' : 'surrender-error'} />

      <ConfirmDialog
        dialogRef={confirmRef}
        titleId="surrender-confirm-title"
        title={fmt(t.compliance.confirmTitle, { year })}
        confirmLabel={t.compliance.confirm}
        onConfirm={form.run}
        confirmTestId="surrender-confirm"
      >
        <p>{fmt(t.compliance.confirmBody, { n: tonnes(Number.isFinite(q) ? q : 0), asset: v.vintage ? asset(v.instrument, Number(v.vintage)) : '', year })}</p>
        {gap !== null ? <p className="muted">{fmt(t.compliance.confirmGap, { gap: tonnes(gap), after: tonnes(Math.max(gap - (Number.isFinite(q) ? q : 0), 0)) })}</p> : null}
        {v.instrument === 'CEA' && v.vintage && Number(v.vintage) < year ? <p className="muted">{t.compliance.confirmDiscount}</p> : null}
        {beyond ? <Alert kind="warn">{beyond}</Alert> : null}
      </ConfirmDialog>
    </form>
  );
}
