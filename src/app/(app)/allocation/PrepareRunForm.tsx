'use client';

import { useRouter } from 'next/navigation';
import { prepareRunAction } from '@/app/actions/allocation';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { runHref, type RunKind } from './shared';

const KINDS: RunKind[] = ['PRE_ALLOCATION', 'TRUE_UP'];

/**
 * A provincial regulator prepares a run of the year for its own province: a preview of every
 * covered entity's line. Nothing moves until a second regulator confirms it; the new run opens.
 */
export function PrepareRunForm({ year, province, openPreviews, confirmedKinds }: { year: number; province: string; openPreviews: Partial<Record<RunKind, number>>; confirmedKinds: RunKind[] }) {
  const { t } = useI18n();
  const p = t.allocationPage;
  const router = useRouter();
  const form = useActionForm<{ kind: string }, { runId: number }>({
    initial: { kind: confirmedKinds.includes('PRE_ALLOCATION') ? 'TRUE_UP' : 'PRE_ALLOCATION' },
    validate: (v): Record<string, string> => {
      const kind = v.kind as RunKind;
      if (!KINDS.includes(kind)) return { kind: t.validation.choose };
      // After a confirmed true-up, further allocation of the year is a true-up (a further run of either kind issues only what is still due).
      if (kind === 'PRE_ALLOCATION' && confirmedKinds.includes('TRUE_UP')) return { kind: fmt(p.kindConfirmed, { kind: p.kinds.TRUE_UP, year }) };
      return {};
    },
    submit: (v) => prepareRunAction({ year, kind: v.kind }),
    onSuccess: (r) => router.push(runHref(r.runId)),
  });
  const kind = form.values.kind as RunKind;
  const open = openPreviews[kind];
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="prepare-form">
      <p className="muted" style={{ margin: 0 }}>
        {fmt(p.prepareIntro, { province, year })}
      </p>
      <Field name="kind" label={p.kindLabel} error={form.errorOf('kind')} hint={open ? fmt(p.replacesPreview, { id: open }) : p.kindHints[kind]}>
        <select className="input" {...form.bind('kind')} data-testid="prepare-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {p.kinds[k]}
            </option>
          ))}
        </select>
      </Field>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="prepare-submit">
          {p.prepare}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'prepare-success' : 'prepare-error'} />
    </form>
  );
}
