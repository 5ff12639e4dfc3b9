'use client';

import { depositCashAction } from '@/app/actions/cash';
import { useI18n } from '@/i18n/client';
import { cashDepositSchema } from '@/schemas/registry';
import { AccountSearch } from '@/ui/forms/AccountSearch';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';

/** A deposit to the cash account of an active member account, found by search. */
export function DepositForm({ searchPath }: { searchPath: string }) {
  const { t, lang } = useI18n();
  const toInput = (v: Record<string, string>) => ({
    accountId: v.accountId ? Number(v.accountId) : Number.NaN,
    amount: (v.amount ?? '').replace(/[,\s¥]/g, ''),
    reference: v.reference,
  });
  const form = useActionForm<Record<string, string>>({
    initial: { accountId: '', amount: '', reference: '' },
    validate: (v) => {
      const errors = zodFieldErrors(cashDepositSchema, toInput(v), lang);
      if (!v.accountId) errors.accountId = t.validation.choose;
      return errors;
    },
    submit: (v) => depositCashAction(toInput(v)),
    onSuccess: (_r, v) => ({ ...v, amount: '', reference: '' }),
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="deposit-form">
      <Field name="accountId" label={t.cash.account} error={form.errorOf('accountId')}>
        <AccountSearch field={form.bind('accountId')} onPick={(id) => form.set('accountId', id, true)} searchPath={searchPath} status="ACTIVE" testId="deposit-account" />
      </Field>
      <Field name="amount" label={t.cash.amount} hint={t.cash.amountHint} error={form.errorOf('amount')}>
        <input className="input" inputMode="decimal" {...form.bind('amount')} data-testid="deposit-amount" />
      </Field>
      <Field name="reference" label={t.cash.reference} error={form.errorOf('reference')}>
        <input className="input" {...form.bind('reference')} data-testid="deposit-reference" />
      </Field>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="deposit-submit">
          {t.cash.submit}
        </SubmitButton>
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
