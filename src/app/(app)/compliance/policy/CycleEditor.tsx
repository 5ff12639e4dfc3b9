'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { setCycleAction } from '@/app/actions/policy';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { cycleSchema } from '@/schemas/compliance';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';
import { useToast } from '@/ui/Toast';

interface CycleDates {
  year: number;
  reportDeadline: string;
  surrenderDeadline: string;
}

/**
 * A year's report and surrender deadlines (national regulator): a dialog with the two dates,
 * checked as you type with the shared schema. The service's refusals (a report deadline within
 * the year, a closed year) show in the dialog.
 */
export function CycleEditor({ cycle }: { cycle: CycleDates }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  // The fields exist only while the dialog is open, so that the rows' dialogs never share input ids.
  const [open, setOpen] = useState(false);
  const id = `cycle-${cycle.year}`;
  return (
    <>
      <button
        type="button"
        className="btn sm"
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
        data-testid={`${id}-edit`}
      >
        {t.compliancePolicy.edit}
      </button>
      <dialog ref={ref} className="dialog cycle-dialog" aria-labelledby={`${id}-title`} onClose={() => setOpen(false)}>
        {open ? <CycleForm cycle={cycle} onCancel={() => ref.current?.close()} onSaved={() => ref.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function CycleForm({ cycle, onCancel, onSaved }: { cycle: CycleDates; onCancel: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const p = t.compliancePolicy;
  const router = useRouter();
  const toast = useToast();
  const id = `cycle-${cycle.year}`;
  const form = useActionForm({
    initial: { reportDeadline: cycle.reportDeadline, surrenderDeadline: cycle.surrenderDeadline },
    validate: (v) => zodFieldErrors(cycleSchema, v, lang),
    submit: (v) => setCycleAction({ year: cycle.year, ...v }),
    onSuccess: (r) => {
      onSaved();
      toast(r.message);
      router.refresh();
    },
  });
  return (
    <form noValidate onSubmit={form.onSubmit} data-testid={`${id}-form`}>
      <div className="dialog-head">
        <h2 id={`${id}-title`}>{fmt(p.cycleTitle, { year: cycle.year })}</h2>
      </div>
      <div className="dialog-body">
        <Field name="reportDeadline" label={p.reportDeadline} error={form.errorOf('reportDeadline')} hint={fmt(p.reportDeadlineHint, { next: cycle.year + 1 })}>
          <input type="date" className="input" {...form.bind('reportDeadline')} data-testid={`${id}-report`} />
        </Field>
        <Field name="surrenderDeadline" label={p.surrenderDeadline} error={form.errorOf('surrenderDeadline')} hint={p.surrenderDeadlineHint}>
          <input type="date" className="input" {...form.bind('surrenderDeadline')} data-testid={`${id}-surrender`} />
        </Field>
        {/* A refusal about a date shows under it; any other (a closed year, a check of the form) here. */}
        {form.result && !form.result.ok && Object.keys(form.result.fields).length === 0 ? <FormResult result={form.result} testId={`${id}-error`} /> : null}
      </div>
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={onCancel}>
          {t.common.cancel}
        </button>
        <SubmitButton pending={form.pending} testId={`${id}-save`}>
          {p.cycleSave}
        </SubmitButton>
      </div>
    </form>
  );
}
