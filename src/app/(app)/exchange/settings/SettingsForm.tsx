'use client';

import Decimal from 'decimal.js';
import { marketSettingsAction } from '@/app/actions/exchange';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { marketSettingsSchema } from '@/schemas/trading';
import type { MarketSettingsView } from '@/server/trading/surveillance';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { tonnes } from '@/ui/format';

type Values = Record<'feeRate' | 'riskReserveShare' | 'entityPositionLimit' | 'investorPositionLimit' | 'largeHolderThreshold' | 'listAndCancelThreshold', string>;

/** "" → null (no limit); "1,000,000" → 1000000; anything else → NaN (the schema reports it). */
const limitOf = (s: string) => (s.trim() === '' ? null : toInt(s));
const percent = (s: string) => {
  try {
    return `${new Decimal(s.trim()).times(100).toString()} %`;
  } catch {
    return '';
  }
};

/**
 * The trading settings (risk controls): fee rate per side, risk reserve share of fee income,
 * position limits per participant class (empty = none), the large-holder reporting threshold and
 * the list-and-cancel alert threshold (cancellations per participant and day; 0 = off).
 */
export function SettingsForm({ settings }: { settings: MarketSettingsView }) {
  const { t, lang } = useI18n();
  const str = (n: number | null) => (n === null ? '' : String(n));
  const toInput = (v: Values) => ({
    feeRate: v.feeRate.trim(),
    riskReserveShare: v.riskReserveShare.trim(),
    entityPositionLimit: limitOf(v.entityPositionLimit),
    investorPositionLimit: limitOf(v.investorPositionLimit),
    largeHolderThreshold: limitOf(v.largeHolderThreshold),
    listAndCancelThreshold: toInt(v.listAndCancelThreshold),
  });
  const form = useActionForm<Values>({
    initial: {
      feeRate: settings.feeRate,
      riskReserveShare: settings.riskReserveShare,
      entityPositionLimit: str(settings.entityPositionLimit),
      investorPositionLimit: str(settings.investorPositionLimit),
      largeHolderThreshold: str(settings.largeHolderThreshold),
      listAndCancelThreshold: String(settings.listAndCancelThreshold),
    },
    validate: (v) => {
      const errors = zodFieldErrors(marketSettingsSchema, toInput(v), lang);
      // The schema's own messages for these numbers are zod's generic ones: say what is wanted.
      for (const k of ['entityPositionLimit', 'investorPositionLimit', 'largeHolderThreshold'] as const) if (errors[k]) errors[k] = t.settings.limitError;
      if (errors.listAndCancelThreshold) errors.listAndCancelThreshold = t.settings.listAndCancelError;
      return errors;
    },
    submit: (v) => marketSettingsAction(toInput(v)),
  });
  const v = form.values;
  const limitHint = (s: string) => (s.trim() === '' ? t.settings.noLimit : Number.isInteger(toInt(s)) ? `${tonnes(toInt(s))} ${t.common.tonnes}` : undefined);
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="settings-form">
      <h3>{t.settings.fees}</h3>
      <div className="form-grid">
        <Field name="feeRate" label={t.settings.feeRate} error={form.errorOf('feeRate')} hint={fmt(t.settings.feeRateHint, { pct: percent(v.feeRate) })}>
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('feeRate')} data-testid="settings-fee-rate" />
        </Field>
        <Field name="riskReserveShare" label={t.settings.riskReserveShare} error={form.errorOf('riskReserveShare')} hint={fmt(t.settings.riskReserveHint, { pct: percent(v.riskReserveShare) })}>
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('riskReserveShare')} data-testid="settings-reserve" />
        </Field>
      </div>
      <h3>{t.settings.positionLimits}</h3>
      <div className="form-grid">
        <Field name="entityPositionLimit" label={t.settings.entityLimit} optional={t.common.optional} error={form.errorOf('entityPositionLimit')} hint={limitHint(v.entityPositionLimit)}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('entityPositionLimit')} data-testid="settings-entity-limit" />
        </Field>
        <Field name="investorPositionLimit" label={t.settings.investorLimit} optional={t.common.optional} error={form.errorOf('investorPositionLimit')} hint={limitHint(v.investorPositionLimit)}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('investorPositionLimit')} data-testid="settings-investor-limit" />
        </Field>
      </div>
      <h3>{t.settings.monitoring}</h3>
      <div className="form-grid">
        <Field name="largeHolderThreshold" label={t.settings.largeHolder} optional={t.common.optional} error={form.errorOf('largeHolderThreshold')} hint={limitHint(v.largeHolderThreshold) ?? t.settings.largeHolderHint}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('largeHolderThreshold')} data-testid="settings-large-holder" />
        </Field>
        <Field name="listAndCancelThreshold" label={t.settings.listAndCancel} error={form.errorOf('listAndCancelThreshold')} hint={t.settings.listAndCancelHint}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('listAndCancelThreshold')} data-testid="settings-list-cancel" />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="settings-submit">
          {t.settings.save}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'settings-success' : 'settings-error'} />
    </form>
  );
}
