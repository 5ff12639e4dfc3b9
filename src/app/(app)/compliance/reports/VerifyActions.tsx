'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { verifyReportAction } from '@/app/actions/compliance';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { verificationSchema } from '@/schemas/compliance';
import { Alert } from '@/ui/Alert';
import { ActionButton } from '@/ui/forms/ActionButton';
import { Field } from '@/ui/forms/Field';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { opt, toInt, zodFieldErrors } from '@/ui/forms/validate';
import { tonnes } from '@/ui/format';
import { useToast } from '@/ui/Toast';

interface Props {
  year: number;
  reportId: number;
  entity: string;
  reported: number;
}

/**
 * Verification (核查) of one submitted report: confirm the reported figure (after a confirmation),
 * or correct it with the verified figure and a reason (a dialog validated with the shared schema).
 */
export function VerifyActions({ year, reportId, entity, reported }: Props) {
  const { t } = useI18n();
  const n = tonnes(reported);
  return (
    <div className="btn-row" style={{ flexWrap: 'nowrap' }}>
      <ActionButton
        label={t.complianceReports.confirm}
        tone="primary"
        confirm={{ title: fmt(t.complianceReports.confirmTitle, { id: reportId }), body: <p>{fmt(t.complianceReports.confirmBody, { entity, n, year })}</p> }}
        run={() => verifyReportAction({ year, reportId, decision: 'CONFIRM' })}
        testId={`report-confirm-${reportId}`}
      />
      <CorrectDialog year={year} reportId={reportId} entity={entity} reported={reported} />
    </div>
  );
}

function CorrectDialog({ year, reportId, entity, reported }: Props) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  // The fields exist only while the dialog is open, so the rows' dialogs never share input ids.
  const [open, setOpen] = useState(false);
  const testId = `report-correct-${reportId}`;

  const form = useActionForm({
    initial: { verifiedEmissions: '', note: '' },
    validate: (v) => {
      const errors = zodFieldErrors(verificationSchema, { decision: 'CORRECT', verifiedEmissions: v.verifiedEmissions.trim() ? toInt(v.verifiedEmissions) : undefined, note: opt(v.note) }, lang);
      if (!errors.verifiedEmissions && toInt(v.verifiedEmissions) === reported) errors.verifiedEmissions = t.complianceReports.sameAsReported;
      return errors;
    },
    submit: (v) => verifyReportAction({ year, reportId, decision: 'CORRECT', verifiedEmissions: toInt(v.verifiedEmissions), note: v.note.trim() }),
    onSuccess: (r) => {
      ref.current?.close();
      toast(r.message);
      router.refresh();
    },
  });

  return (
    <>
      <button
        type="button"
        className="btn sm"
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
        data-testid={testId}
      >
        {t.complianceReports.correct}
      </button>
      <dialog ref={ref} className="dialog" aria-labelledby={`${testId}-title`} onClose={() => setOpen(false)}>
        {open ? (
          <form noValidate onSubmit={form.onSubmit} data-testid={`${testId}-form`}>
            <div className="dialog-head">
              <h2 id={`${testId}-title`}>{fmt(t.complianceReports.correctTitle, { id: reportId })}</h2>
            </div>
            <div className="dialog-body">
              <p className="muted">{fmt(t.complianceReports.correctIntro, { entity, n: tonnes(reported), year })}</p>
              <Field name="verifiedEmissions" label={t.complianceReports.figure} error={form.errorOf('verifiedEmissions')} hint={fmt(t.complianceReports.figureHint, { n: tonnes(reported) })}>
                <input className="input" inputMode="numeric" autoComplete="off" {...form.bind('verifiedEmissions')} data-testid={`${testId}-figure`} />
              </Field>
              <Field name="note" label={t.complianceReports.reason} error={form.errorOf('note')}>
                <textarea className="input" placeholder={t.complianceReports.reasonPlaceholder} {...form.bind('note')} data-testid={`${testId}-note`} />
              </Field>
              {form.result && !form.result.ok ? <Alert kind="error">{form.result.message}</Alert> : null}
            </div>
            <div className="dialog-foot">
              <button type="button" className="btn" onClick={() => ref.current?.close()}>
                {t.common.cancel}
              </button>
              <SubmitButton pending={form.pending} testId={`${testId}-confirm`}>
                {t.complianceReports.save}
              </SubmitButton>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
