'use client';

import { registerCcerProjectAction } from '@/app/actions/holdings';
import { useI18n } from '@/i18n/client';
import { ccerProjectCategorySchema, ccerProjectSchema } from '@/schemas/registry';
import { AccountSearch } from '@/ui/forms/AccountSearch';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { opt, zodFieldErrors } from '@/ui/forms/validate';

/**
 * Registration of a CCER project by the registry operator: code, names, type, province and owner,
 * validated as you type. The owner, if it is a registered organisation, is found by searching its
 * account (`searchPath`); left empty, the project has no registered owner.
 */
export function ProjectForm({ provinces, searchPath }: { provinces: { code: string; name: string }[]; searchPath: string }) {
  const { t, lang } = useI18n();
  const tp = t.ccerProjects;
  const command = (v: Record<string, string>) => ({
    code: v.code, name: v.name, nameZh: v.nameZh, category: v.category, provinceCode: opt(v.provinceCode ?? ''),
    ownerOrganisationId: v.ownerOrganisationId ? Number(v.ownerOrganisationId) : undefined,
  });
  const form = useActionForm({
    initial: { code: '', name: '', nameZh: '', category: 'WIND', provinceCode: '', ownerOrganisationId: '' },
    validate: (v) => zodFieldErrors(ccerProjectSchema, command(v), lang),
    submit: (v) => registerCcerProjectAction(command(v)),
    onSuccess: () => ({ code: '', name: '', nameZh: '', category: 'WIND', provinceCode: '', ownerOrganisationId: '' }),
  });

  return (
    <form
      className="form"
      noValidate
      data-testid="ccer-project-form"
      onSubmit={(e) => {
        e.preventDefault();
        form.run();
      }}
    >
      <div className="form-grid">
        <Field name="code" label={tp.code} hint={tp.codeHint} error={form.errorOf('code')}>
          <input className="input mono" {...form.bind('code')} data-testid="project-code" />
        </Field>
        <Field name="category" label={tp.category} error={form.errorOf('category')}>
          <select className="input" {...form.bind('category')} data-testid="project-category">
            {ccerProjectCategorySchema.options.map((c) => (
              <option key={c} value={c}>{tp.categories[c] ?? c}</option>
            ))}
          </select>
        </Field>
        <Field name="name" label={tp.name} error={form.errorOf('name')}>
          <input className="input" {...form.bind('name')} data-testid="project-name" />
        </Field>
        <Field name="nameZh" label={tp.nameZh} error={form.errorOf('nameZh')}>
          <input className="input" {...form.bind('nameZh')} data-testid="project-name-zh" />
        </Field>
        <Field name="provinceCode" label={tp.province} error={form.errorOf('provinceCode')}>
          <select className="input" {...form.bind('provinceCode')} data-testid="project-province">
            <option value="">{tp.anyProvince}</option>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>{p.name}</option>
            ))}
          </select>
        </Field>
        <Field name="ownerOrganisationId" label={tp.owner} hint={tp.ownerHint} error={form.errorOf('ownerOrganisationId')}>
          <AccountSearch
            field={form.bind('ownerOrganisationId')}
            onPick={(_, account) => form.set('ownerOrganisationId', account?.organisationId ? String(account.organisationId) : '', true)}
            searchPath={searchPath}
            testId="project-owner"
          />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="project-submit">{tp.submit}</SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'project-success' : 'project-error'} />
    </form>
  );
}
