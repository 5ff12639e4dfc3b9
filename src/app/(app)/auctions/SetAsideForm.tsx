'use client';

import { setAsideAction } from '@/app/actions/auctions';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { auctionSetAsideSchema } from '@/schemas/registry';
import type { SystemHoldingLine } from '@/server/auction/screens';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { tonnes } from '@/ui/format';

/**
 * Paid allocation (national regulator): CEA of a vintage moved from the national reserve into the
 * auction account, checked as typed against what the reserve holds.
 */
export function SetAsideForm({ reserve }: { reserve: SystemHoldingLine[] }) {
  const { t, lang } = useI18n();
  const p = t.auctions;
  const cea = reserve.filter((h) => h.instrument === 'CEA' && h.available > 0);
  const form = useActionForm({
    initial: { vintage: String(cea.at(-1)?.vintage ?? ''), quantity: '', legalBasis: '' },
    validate: (v) => {
      const errors = zodFieldErrors(auctionSetAsideSchema, { vintage: Number(v.vintage), quantity: toInt(v.quantity), legalBasis: v.legalBasis }, lang);
      const line = cea.find((h) => h.vintage === Number(v.vintage));
      if (!errors.quantity && toInt(v.quantity) > (line?.available ?? 0)) errors.quantity = fmt(t.cancel.exceeds, { n: tonnes(line?.available ?? 0) });
      return errors;
    },
    submit: (v) => setAsideAction({ vintage: Number(v.vintage), quantity: toInt(v.quantity), legalBasis: v.legalBasis }),
    onSuccess: (_r, v) => ({ ...v, quantity: '' }),
  });
  if (cea.length === 0) return null;
  const line = cea.find((h) => h.vintage === Number(form.values.vintage));
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="set-aside-form">
      <h3 style={{ margin: 0 }}>{p.setAsideTitle}</h3>
      <p className="sub-line" style={{ margin: 0 }}>
        {p.setAsideHint}
      </p>
      <div className="form-grid">
        <Field name="vintage" label={p.fVintage} error={form.errorOf('vintage')}>
          <select className="input" {...form.bind('vintage')} data-testid="set-aside-vintage">
            {cea.map((h) => (
              <option key={h.vintage} value={h.vintage}>{`CEA-${h.vintage}`}</option>
            ))}
          </select>
        </Field>
        <Field name="quantity" label={t.cancel.quantity} error={form.errorOf('quantity')} hint={line ? `${t.buckets.available}: ${tonnes(line.available)} ${t.common.tonnes}` : undefined}>
          <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="set-aside-quantity" />
        </Field>
        <Field name="legalBasis" label={p.fLegalBasis} error={form.errorOf('legalBasis')} className="full">
          <input className="input" placeholder={p.fLegalBasisPlaceholder} {...form.bind('legalBasis')} data-testid="set-aside-basis" />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="set-aside-submit">
          {p.setAside}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'set-aside-success' : 'set-aside-error'} />
    </form>
  );
}
