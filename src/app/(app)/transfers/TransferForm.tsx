'use client';

import { requestTransferAction } from '@/app/actions/transfers';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { nonTradeTransferKinds, nonTradeTransferSchema } from '@/schemas/registry';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { orgName, tonnes } from '@/ui/format';
import type { AccountOption, HoldingOption } from '../_lib/participants';

/**
 * Files a non-trade transfer. A holder transfers from its own account (`ownHoldings`) to a
 * destination account ID; the registry operator picks both accounts (`accounts`), e.g. for a
 * court-ordered transfer.
 */
export function TransferForm({ ownHoldings, accounts }: { ownHoldings?: HoldingOption[]; accounts?: AccountOption[] }) {
  const { t, lang } = useI18n();
  const operator = accounts !== undefined;

  const holdingsOf = (from: string): HoldingOption[] => (operator ? (accounts.find((a) => String(a.id) === from)?.holdings ?? []) : (ownHoldings ?? []));

  const form = useActionForm({
    initial: { fromAccountId: '', toAccountId: '', instrument: 'CEA', vintage: '', quantity: '', kind: operator ? 'COURT_ORDER' : 'SPLIT', reason: '', documentsRef: '' },
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
      const line = holdingsOf(v.fromAccountId).find((h) => h.instrument === v.instrument && String(h.vintage) === v.vintage);
      if (!v.vintage) errors.vintage = t.cancel.chooseVintage;
      else if (!line) errors.vintage = t.cancel.noVintage;
      else if (!errors.quantity && toInt(v.quantity) > line.available) errors.quantity = fmt(t.cancel.exceeds, { n: tonnes(line.available) });
      return errors;
    },
    submit: (v) =>
      requestTransferAction({
        ...(operator ? { fromAccountId: Number(v.fromAccountId) } : {}),
        toAccountId: toInt(v.toAccountId), instrument: v.instrument, vintage: Number(v.vintage), quantity: toInt(v.quantity),
        kind: v.kind, reason: v.reason, documentsRef: v.documentsRef,
      }),
    onSuccess: (_r, v) => ({ ...v, quantity: '', reason: '', documentsRef: '' }),
  });

  const lines = holdingsOf(form.values.fromAccountId);
  const instruments = [...new Set(lines.map((h) => h.instrument))];
  const vintages = lines.filter((h) => h.instrument === form.values.instrument);
  const line = vintages.find((h) => String(h.vintage) === form.values.vintage);

  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="transfer-form">
      <div className="form-grid">
        {operator ? (
          <Field name="fromAccountId" label={t.transfers.from} error={form.errorOf('fromAccountId')}>
            <select className="input" {...form.bind('fromAccountId')} onChange={(e) => {
              form.set('fromAccountId', e.target.value);
              form.set('vintage', '', false);
            }}>
              <option value="">{t.common.select}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id} · {orgName(a, lang)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {operator ? (
          <Field name="toAccountId" label={t.transfers.toSelect} error={form.errorOf('toAccountId')}>
            <select className="input" {...form.bind('toAccountId')}>
              <option value="">{t.common.select}</option>
              {accounts.filter((a) => String(a.id) !== form.values.fromAccountId).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id} · {orgName(a, lang)}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field name="toAccountId" label={t.transfers.to} hint={t.transfers.toHint} error={form.errorOf('toAccountId')} className="full">
            <input className="input" inputMode="numeric" {...form.bind('toAccountId')} data-testid="transfer-to" />
          </Field>
        )}
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
          <select className="input" {...form.bind('vintage')} data-testid="transfer-vintage">
            <option value="">{t.cancel.chooseVintage}</option>
            {vintages.map((h) => (
              <option key={h.vintage} value={h.vintage}>
                {h.vintage} — {fmt(t.cancel.available, { n: tonnes(h.available) })}
              </option>
            ))}
          </select>
        </Field>
        <Field name="quantity" label={t.cancel.quantity} error={form.errorOf('quantity')} hint={line ? fmt(t.cancel.available, { n: tonnes(line.available) }) : undefined}>
          <input className="input" inputMode="numeric" {...form.bind('quantity')} data-testid="transfer-quantity" />
        </Field>
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
      </div>
      <div className="btn-row">
        <button type="submit" className="btn primary" disabled={form.pending} data-testid="transfer-submit">
          {form.pending ? t.common.submitting : t.transfers.submit}
        </button>
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
