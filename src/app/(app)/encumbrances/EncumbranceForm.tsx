'use client';

import { freezeAction, pledgeAction } from '@/app/actions/encumbrances';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { freezeSchema, pledgeSchema } from '@/schemas/registry';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { orgName, tonnes } from '@/ui/format';
import type { AccountOption } from '../_lib/participants';

/** Freeze (authority, order reference, reason) or pledge (pledgee, secured amount, contract). */
export function EncumbranceForm({ kind, accounts }: { kind: 'freeze' | 'pledge'; accounts: AccountOption[] }) {
  const { t, lang } = useI18n();
  const schema = kind === 'freeze' ? freezeSchema : pledgeSchema;
  const toInput = (v: Record<string, string>) => ({
    accountId: v.accountId ? Number(v.accountId) : Number.NaN,
    instrument: v.instrument, vintage: v.vintage ? Number(v.vintage) : Number.NaN, quantity: toInt(v.quantity ?? ''),
    ...(kind === 'freeze'
      ? { authority: v.authority, orderReference: v.orderReference, reason: v.reason }
      : { pledgee: v.pledgee, securedAmount: (v.securedAmount ?? '').replace(/,/g, ''), contractReference: v.contractReference }),
  });
  const linesOf = (accountId: string) => accounts.find((a) => String(a.id) === accountId)?.holdings ?? [];
  const form = useActionForm<Record<string, string>>({
    initial: kind === 'freeze'
      ? { accountId: '', instrument: 'CEA', vintage: '', quantity: '', authority: '', orderReference: '', reason: '' }
      : { accountId: '', instrument: 'CEA', vintage: '', quantity: '', pledgee: '', securedAmount: '', contractReference: '' },
    validate: (v) => {
      const errors = zodFieldErrors(schema, toInput(v), lang);
      if (!v.accountId) errors.accountId = t.validation.choose;
      if (!v.vintage) errors.vintage = t.cancel.chooseVintage;
      const line = linesOf(v.accountId ?? '').find((h) => h.instrument === v.instrument && String(h.vintage) === v.vintage);
      if (v.accountId && !line) errors.vintage = t.cancel.noVintage;
      else if (line && !errors.quantity && toInt(v.quantity ?? '') > line.available) errors.quantity = fmt(t.cancel.exceeds, { n: tonnes(line.available) });
      return errors;
    },
    submit: (v) => (kind === 'freeze' ? freezeAction(toInput(v)) : pledgeAction(toInput(v))),
    onSuccess: (_r, v) => Object.fromEntries(Object.keys(v).map((k) => [k, k === 'accountId' || k === 'instrument' ? (v[k] ?? '') : ''])),
  });
  const lines = linesOf(form.values.accountId ?? '');
  const instruments = [...new Set(lines.map((h) => h.instrument))];
  const vintages = lines.filter((h) => h.instrument === form.values.instrument);
  const line = vintages.find((h) => String(h.vintage) === form.values.vintage);
  const text = (name: string, label: string, hint?: string, full?: boolean) => (
    <Field name={name} label={label} hint={hint} error={form.errorOf(name)} className={full ? 'full' : undefined}>
      <input className="input" {...form.bind(name)} />
    </Field>
  );
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid={`${kind}-form`}>
      <div className="form-grid">
        <Field name="accountId" label={t.encumbrances.account} error={form.errorOf('accountId')} className="full">
          <select className="input" {...form.bind('accountId')}>
            <option value="">{t.encumbrances.chooseAccount}</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.id} · {orgName(a, lang)} ({t.accountStatus[a.status as keyof typeof t.accountStatus] ?? a.status})
              </option>
            ))}
          </select>
        </Field>
        <Field name="instrument" label={t.common.instrument} error={form.errorOf('instrument')}>
          <select className="input" {...form.bind('instrument')}>
            {(instruments.length ? instruments : (['CEA', 'CCER'] as const)).map((i) => (
              <option key={i} value={i}>
                {t.instruments[i]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="vintage" label={t.common.vintage} error={form.errorOf('vintage')}>
          <select className="input" {...form.bind('vintage')}>
            <option value="">{t.cancel.chooseVintage}</option>
            {vintages.map((h) => (
              <option key={h.vintage} value={h.vintage}>
                {h.vintage} — {fmt(t.cancel.available, { n: tonnes(h.available) })}
              </option>
            ))}
          </select>
        </Field>
        <Field name="quantity" label={t.cancel.quantity} error={form.errorOf('quantity')} hint={line ? fmt(t.cancel.available, { n: tonnes(line.available) }) : undefined} className="full">
          <input className="input" inputMode="numeric" {...form.bind('quantity')} />
        </Field>
        {kind === 'freeze' ? (
          <>
            {text('authority', t.encumbrances.authority, t.encumbrances.authorityHint)}
            {text('orderReference', t.encumbrances.orderReference)}
            {text('reason', t.common.reason, undefined, true)}
          </>
        ) : (
          <>
            {text('pledgee', t.encumbrances.pledgee, t.encumbrances.pledgeeHint)}
            <Field name="securedAmount" label={t.encumbrances.securedAmount} hint={t.cash.amountHint} error={form.errorOf('securedAmount')}>
              <input className="input" inputMode="decimal" {...form.bind('securedAmount')} />
            </Field>
            {text('contractReference', t.encumbrances.contractReference, undefined, true)}
          </>
        )}
      </div>
      <div className="btn-row">
        <button type="submit" className={kind === 'freeze' ? 'btn danger' : 'btn primary'} disabled={form.pending}>
          {form.pending ? t.common.submitting : kind === 'freeze' ? t.encumbrances.submitFreeze : t.encumbrances.submitPledge}
        </button>
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
