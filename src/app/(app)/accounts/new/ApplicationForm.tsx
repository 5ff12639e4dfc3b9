'use client';

import Link from 'next/link';
import { applyForAccountAction } from '@/app/actions/accounts';
import { useI18n } from '@/i18n/client';
import { accountApplicationSchema } from '@/schemas/registry';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { opt, zodFieldErrors } from '@/ui/forms/validate';

const INDUSTRIES = ['POWER', 'CEMENT', 'STEEL', 'OTHER'] as const;

/** An account application; the credit code is checked (GB 32100-2015 check digit) as you type. */
export function ApplicationForm({ provinces }: { provinces: { code: string; name: string; nameZh: string }[] }) {
  const { t, lang } = useI18n();
  const toInput = (v: Record<string, string>) => ({
    name: v.name, nameZh: v.nameZh, creditCode: v.creditCode, kind: v.kind, provinceCode: v.provinceCode,
    industry: opt(v.industry ?? ''), groupName: opt(v.groupName ?? ''), address: opt(v.address ?? ''), legalRep: opt(v.legalRep ?? ''),
  });
  const form = useActionForm<Record<string, string>, { accountId?: number }>({
    initial: { name: '', nameZh: '', creditCode: '', kind: 'COMPLIANCE_ENTITY', provinceCode: provinces[0]?.code ?? '', industry: '', groupName: '', address: '', legalRep: '' },
    validate: (v) => zodFieldErrors(accountApplicationSchema, toInput(v), lang),
    submit: (v) => applyForAccountAction(toInput(v)),
  });
  const creditOk = form.values.creditCode?.length === 18 && !form.clientErrors.creditCode;
  const text = (name: string, label: string, opts: { optional?: boolean; hint?: string; full?: boolean; testId?: string } = {}) => (
    <Field name={name} label={label} optional={opts.optional ? t.common.optional : undefined} hint={opts.hint} error={form.errorOf(name)} className={opts.full ? 'full' : undefined}>
      <input className="input" {...form.bind(name)} data-testid={opts.testId} />
    </Field>
  );
  const accountId = form.result?.ok ? form.result.accountId : undefined;
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="application-form">
      <div className="form-grid">
        {text('name', t.application.name, { testId: 'app-name' })}
        {text('nameZh', t.application.nameZh, { testId: 'app-name-zh' })}
        <Field name="creditCode" label={t.application.creditCode} hint={t.application.creditCodeHint} error={form.errorOf('creditCode')} okMessage={creditOk ? `✓ ${t.application.creditCodeOk}` : undefined} className="full">
          <input
            className="input mono"
            maxLength={18}
            autoComplete="off"
            spellCheck={false}
            {...form.bind('creditCode')}
            onChange={(e) => form.set('creditCode', e.target.value.toUpperCase().replace(/\s/g, ''))}
            data-testid="app-credit-code"
          />
        </Field>
        <Field name="kind" label={t.application.kind} error={form.errorOf('kind')}>
          <select className="input" {...form.bind('kind')}>
            {(['COMPLIANCE_ENTITY', 'INVESTOR'] as const).map((k) => (
              <option key={k} value={k}>
                {t.orgKinds[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="provinceCode" label={t.application.province} error={form.errorOf('provinceCode')}>
          <select className="input" {...form.bind('provinceCode')}>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {lang === 'zh' ? p.nameZh : p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field name="industry" label={t.application.industry} optional={t.common.optional} error={form.errorOf('industry')}>
          <select className="input" {...form.bind('industry')}>
            <option value="">{t.common.none}</option>
            {INDUSTRIES.map((i) => (
              <option key={i} value={i}>
                {t.industries[i]}
              </option>
            ))}
          </select>
        </Field>
        {text('groupName', t.application.groupName, { optional: true })}
        {text('legalRep', t.application.legalRep, { optional: true })}
        {text('address', t.application.address, { optional: true })}
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="app-submit">
          {t.application.submit}
        </SubmitButton>
        {accountId ? (
          <Link className="btn" href={`/accounts/${accountId}`}>
            {t.application.viewAccount} ›
          </Link>
        ) : null}
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
