'use client';

import { requestTransferAction } from '@/app/actions/transfers';
import { useEffect } from 'react';
import { useI18n } from '@/i18n/client';
import { nonTradeTransferKinds, nonTradeTransferSchema } from '@/schemas/registry';
import { AccountSearch } from '@/ui/forms/AccountSearch';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { HoldingFields, holdingErrors, type HoldingOption } from '@/ui/forms/HoldingFields';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useAccountHoldings } from '@/ui/forms/useAccountHoldings';
import { useActionForm } from '@/ui/forms/useActionForm';
import { SignatureField } from '@/ui/forms/signing';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';

/**
 * Files a non-trade transfer. A holder transfers from its own account (`ownHoldings`) to a
 * destination account ID; the registry operator finds both accounts by search (`searchPath`), e.g.
 * for a court-ordered transfer.
 */
export function TransferForm({ ownHoldings, searchPath, holdingsPath }: { ownHoldings?: HoldingOption[]; searchPath?: string; holdingsPath?: string }) {
  const { t, lang } = useI18n();
  const operator = searchPath !== undefined;
  const picked = useAccountHoldings(holdingsPath);
  // The registry operator's source account: its holdings once read; a holder's own: given by the page.
  const holdingsOf = (from: string): HoldingOption[] | undefined => (operator ? picked.of(from) : (ownHoldings ?? []));

  const form = useActionForm({
    initial: { fromAccountId: '', toAccountId: '', instrument: 'CEA', vintage: '', quantity: '', kind: operator ? 'COURT_ORDER' : 'SPLIT', reason: '', documentsRef: '', signatureCode: '' },
    validate: (v) => {
      const errors = zodFieldErrors(
        nonTradeTransferSchema,
        {
          fromAccountId: operator ? (v.fromAccountId ? Number(v.fromAccountId) : Number.NaN) : undefined,
          toAccountId: v.toAccountId ? toInt(v.toAccountId) : Number.NaN,
          instrument: v.instrument, vintage: v.vintage ? Number(v.vintage) : Number.NaN, quantity: toInt(v.quantity),
          kind: v.kind, reason: v.reason, documentsRef: v.documentsRef,
        },
        lang,
      );
      if (operator && !v.fromAccountId) errors.fromAccountId = t.validation.choose;
      if (!v.toAccountId) errors.toAccountId = operator ? t.validation.choose : t.validation.number;
      return holdingErrors(errors, v, holdingsOf(v.fromAccountId), t);
    },
    submit: (v) =>
      requestTransferAction({
        ...(operator ? { fromAccountId: Number(v.fromAccountId) } : {}),
        toAccountId: toInt(v.toAccountId), instrument: v.instrument, vintage: Number(v.vintage), quantity: toInt(v.quantity),
        kind: v.kind, reason: v.reason, documentsRef: v.documentsRef, signatureCode: v.signatureCode,
      }),
    onSuccess: (_r, v) => {
      picked.forget();
      return { ...v, quantity: '', reason: '', documentsRef: '', signatureCode: '' };
    },
  });
  const from = operator ? form.values.fromAccountId : '';
  const { load, version } = picked;
  useEffect(() => load(from), [load, version, from]);

  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="transfer-form">
      <div className="form-grid">
        {operator ? (
          <Field name="fromAccountId" label={t.transfers.from} error={form.errorOf('fromAccountId')}>
            <AccountSearch field={form.bind('fromAccountId')} searchPath={searchPath} testId="transfer-from" onPick={(id) => {
              form.set('fromAccountId', id, true);
              form.set('vintage', '', false);
            }} />
          </Field>
        ) : null}
        {operator ? (
          <Field name="toAccountId" label={t.transfers.toSelect} error={form.errorOf('toAccountId')}>
            <AccountSearch field={form.bind('toAccountId')} onPick={(id) => form.set('toAccountId', id, true)} searchPath={searchPath} exclude={form.values.fromAccountId} testId="transfer-to-account" />
          </Field>
        ) : (
          <Field name="toAccountId" label={t.transfers.to} hint={t.transfers.toHint} error={form.errorOf('toAccountId')} className="full">
            <input className="input" inputMode="numeric" {...form.bind('toAccountId')} data-testid="transfer-to" />
          </Field>
        )}
        <HoldingFields form={form} lines={holdingsOf(form.values.fromAccountId) ?? []} testIdPrefix="transfer" />
        <Field name="kind" label={t.transfers.kind} error={form.errorOf('kind')}>
          <select className="input" {...form.bind('kind')}>
            {nonTradeTransferKinds.map((k) => (
              <option key={k} value={k}>
                {t.transferKinds[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="reason" label={t.transfers.reason} error={form.errorOf('reason')} className="full">
          <textarea className="input" rows={2} {...form.bind('reason')} />
        </Field>
        <Field name="documentsRef" label={t.transfers.documentsRef} hint={t.transfers.documentsHint} error={form.errorOf('documentsRef')} className="full">
          <input className="input" {...form.bind('documentsRef')} />
        </Field>
        <SignatureField value={form.values.signatureCode ?? ''} onChange={(c) => form.set('signatureCode', c)} error={form.errorOf('signatureCode')} />
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="transfer-submit">
          {t.transfers.submit}
        </SubmitButton>
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
