'use client';

import { freezeAction, pledgeAction } from '@/app/actions/encumbrances';
import { useEffect } from 'react';
import { useI18n } from '@/i18n/client';
import { freezeSchema, pledgeSchema } from '@/schemas/registry';
import { AccountSearch } from '@/ui/forms/AccountSearch';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { HoldingFields, holdingErrors } from '@/ui/forms/HoldingFields';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useAccountHoldings } from '@/ui/forms/useAccountHoldings';
import { useActionForm } from '@/ui/forms/useActionForm';
import { SignatureField } from '@/ui/forms/signing';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';

/** Freeze (authority, order reference, reason) or pledge (pledgee, secured amount, contract) of an account found by search. */
export function EncumbranceForm({ kind, searchPath, holdingsPath }: { kind: 'freeze' | 'pledge'; searchPath: string; holdingsPath: string }) {
  const { t, lang } = useI18n();
  const holdings = useAccountHoldings(holdingsPath);
  const schema = kind === 'freeze' ? freezeSchema : pledgeSchema;
  const toInput = (v: Record<string, string>) => ({
    accountId: v.accountId ? Number(v.accountId) : Number.NaN,
    instrument: v.instrument, vintage: v.vintage ? Number(v.vintage) : Number.NaN, quantity: toInt(v.quantity ?? ''),
    ...(kind === 'freeze'
      ? { authority: v.authority, orderReference: v.orderReference, reason: v.reason }
      : { pledgee: v.pledgee, securedAmount: (v.securedAmount ?? '').replace(/,/g, ''), contractReference: v.contractReference }),
  });
  const form = useActionForm<Record<string, string>>({
    initial: kind === 'freeze'
      ? { accountId: '', instrument: 'CEA', vintage: '', quantity: '', authority: '', orderReference: '', reason: '', signatureCode: '' }
      : { accountId: '', instrument: 'CEA', vintage: '', quantity: '', pledgee: '', securedAmount: '', contractReference: '', signatureCode: '' },
    validate: (v) => {
      const errors = zodFieldErrors(schema, toInput(v), lang);
      if (!v.accountId) errors.accountId = t.validation.choose;
      holdingErrors(errors, v, holdings.of(v.accountId ?? ''), t);
      // Kept as it was: with an account chosen, an empty vintage reads "Choose a vintage you hold"
      // here (in the cancel and transfer forms: "Choose a vintage").
      if (v.accountId && !v.vintage) errors.vintage = t.cancel.noVintage;
      return errors;
    },
    submit: (v) => {
      const input = { ...toInput(v), signatureCode: v.signatureCode };
      return kind === 'freeze' ? freezeAction(input) : pledgeAction(input);
    },
    onSuccess: (_r, v) => {
      holdings.forget();
      return Object.fromEntries(Object.keys(v).map((k) => [k, k === 'accountId' || k === 'instrument' ? (v[k] ?? '') : '']));
    },
  });
  const picked = form.values.accountId ?? '';
  const { load, version } = holdings;
  useEffect(() => load(picked), [load, version, picked]);
  const text = (name: string, label: string, hint?: string, full?: boolean) => (
    <Field name={name} label={label} hint={hint} error={form.errorOf(name)} className={full ? 'full' : undefined}>
      <input className="input" {...form.bind(name)} />
    </Field>
  );
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid={`${kind}-form`}>
      <div className="form-grid">
        <Field name="accountId" label={t.encumbrances.account} error={form.errorOf('accountId')} className="full">
          <AccountSearch field={form.bind('accountId')} onPick={(id) => form.set('accountId', id, true)} searchPath={searchPath} withStatus testId={`${kind}-account`} />
        </Field>
        <HoldingFields form={form} lines={holdings.of(picked) ?? []} fullQuantity />
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
        <SignatureField value={form.values.signatureCode ?? ''} onChange={(c) => form.set('signatureCode', c)} error={form.errorOf('signatureCode')} />
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} className={kind === 'freeze' ? 'btn danger' : 'btn primary'}>
          {kind === 'freeze' ? t.encumbrances.submitFreeze : t.encumbrances.submitPledge}
        </SubmitButton>
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
