'use client';

import { updateOrganisationAction } from '@/app/actions/accounts';
import { useI18n } from '@/i18n/client';
import { organisationUpdateSchema } from '@/schemas/registry';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';

const FIELDS = ['name', 'nameZh', 'industry', 'legalRep', 'groupName', 'address'] as const;
const INDUSTRIES = ['POWER', 'CEMENT', 'STEEL', 'OTHER'] as const;
type Registered = Record<(typeof FIELDS)[number], string>;

/** Change of registered information: only the fields that differ are sent, with a reason. */
export function OrganisationForm({ organisationId, current }: { organisationId: number; current: Registered }) {
  const { t, lang } = useI18n();
  const diff = (v: Record<string, string>) => {
    const change: Record<string, string | undefined> = { reason: v.reason };
    for (const f of FIELDS) if ((v[f] ?? '') !== current[f]) change[f] = v[f];
    return change;
  };
  const form = useActionForm<Record<string, string>>({
    initial: { ...current, reason: '' },
    validate: (v) => zodFieldErrors(organisationUpdateSchema, diff(v), lang),
    submit: (v) => updateOrganisationAction({ organisationId, change: diff(v) }),
    onSuccess: (_r, v) => ({ ...v, reason: '' }),
  });
  const labels: Record<(typeof FIELDS)[number], string> = {
    name: t.organisation.name, nameZh: t.organisation.nameZh, industry: t.organisation.industry,
    groupName: t.organisation.groupName, address: t.organisation.address, legalRep: t.organisation.legalRep,
  };
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="organisation-form">
      <div className="form-grid">
        {FIELDS.map((f) => (
          <Field key={f} name={f} label={labels[f]} error={form.errorOf(f)} className={f === 'address' || f === 'groupName' ? 'full' : undefined}>
            {f === 'industry' ? (
              <select className="input" {...form.bind(f)}>
                <option value="">{t.common.none}</option>
                {[...new Set([...INDUSTRIES, ...(current.industry ? [current.industry] : [])])].map((i) => (
                  <option key={i} value={i}>
                    {t.industries[i as (typeof INDUSTRIES)[number]] ?? i}
                  </option>
                ))}
              </select>
            ) : (
              <input className="input" {...form.bind(f)} />
            )}
          </Field>
        ))}
        <Field name="reason" label={t.organisation.changeReason} error={form.errorOf('reason')} className="full">
          <input className="input" {...form.bind('reason')} data-testid="org-change-reason" />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending}>{t.organisation.changeSubmit}</SubmitButton>
      </div>
      <FormResult result={form.result} />
    </form>
  );
}
