'use client';

import { createContext, useContext, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useRouter } from 'next/navigation';
import { addCoveredEntityAction, removeCoveredEntityAction } from '@/app/actions/coverage';
import { INCLUSION_THRESHOLD_T } from '@/domain/compliance/coverage';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { coverageAddSchema, coverageRemoveSchema } from '@/schemas/allocation';
import { Alert } from '@/ui/Alert';
import { ConfirmDialog } from '@/ui/forms/ConfirmDialog';
import { Field } from '@/ui/forms/Field';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { opt, toInt } from '@/ui/forms/validate';
import { tonnes } from '@/ui/format';
import { useToast } from '@/ui/Toast';
import { formErrors } from '../../_lib/formErrors';

type Recent = { year: number; verified: number }[];

/** "2026-11-20" + n days. */
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** What a form inside a FormDialog may do: close it (cancel), or close it after success (with a toast and a refresh). */
const DialogControl = createContext<{ close: () => void; done: (message: string) => void }>({ close: () => {}, done: () => {} });

/** A button that opens a modal form; the form (and its input ids) exists only while the modal is open. */
function FormDialog({ trigger, tone, testId, children }: { trigger: string; tone: 'primary' | 'danger'; testId: string; children: ReactNode }) {
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const control = {
    close: () => ref.current?.close(),
    done: (message: string) => {
      ref.current?.close();
      toast(message);
      router.refresh();
    },
  };
  return (
    <>
      <button
        type="button"
        className={`btn sm ${tone}`}
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
        data-testid={testId}
      >
        {trigger}
      </button>
      {/* React passes the confirmation's close event (a dialog inside this one) up the tree: only this dialog's own closing unmounts the form. */}
      <dialog ref={ref} className="dialog coverage-dialog" aria-labelledby={`${testId}-title`} onClose={(e) => e.target === e.currentTarget && setOpen(false)}>
        {open ? <DialogControl.Provider value={control}>{children}</DialogControl.Provider> : null}
      </dialog>
    </>
  );
}

/**
 * Adds an entity to the list from a year (provincial regulator): the basis year whose emissions
 * qualify it — its verified report when there is one, else the figure the regulator gives. The
 * service checks the threshold and the industry; its refusals show next to the field.
 */
export function AddToList({ organisationId, entity, year, recent, testId }: { organisationId: number; entity: string; year: number; recent: Recent; testId: string }) {
  const { t } = useI18n();
  return (
    <FormDialog trigger={t.coveredEntities.add} tone="primary" testId={testId}>
      <AddForm organisationId={organisationId} entity={entity} year={year} recent={recent} testId={testId} />
    </FormDialog>
  );
}

type AddValues = { fromYear: string; basisYear: string; annualEmissions: string };

function AddForm({ organisationId, entity, year, recent, testId }: { organisationId: number; entity: string; year: number; recent: Recent; testId: string }) {
  const { t, lang } = useI18n();
  const { close, done } = useContext(DialogControl);
  const tc = t.coveredEntities;
  const form = useActionForm<AddValues>({
    initial: { fromYear: String(year), basisYear: String(year - 1), annualEmissions: '' },
    validate: (v) => {
      const errors = formErrors(coverageAddSchema, commandOf(v), lang, tc.fieldErrors);
      if (!errors.basisYear && !errors.fromYear && toInt(v.basisYear) >= toInt(v.fromYear)) errors.basisYear = tc.basisBeforeFrom;
      return errors;
    },
    submit: (v) => addCoveredEntityAction(commandOf(v)),
    onSuccess: (r) => done(r.message),
  });
  function commandOf(v: AddValues) {
    return { organisationId, fromYear: toInt(v.fromYear), basisYear: toInt(v.basisYear), annualEmissions: v.annualEmissions.trim() ? toInt(v.annualEmissions) : undefined };
  }
  const basis = recent.find((r) => r.year === toInt(form.values.basisYear));
  const n = tonnes(INCLUSION_THRESHOLD_T);
  return (
    <form noValidate onSubmit={form.onSubmit} data-testid={`${testId}-form`}>
      <div className="dialog-head">
        <h2 id={`${testId}-title`}>{fmt(tc.addTitle, { entity })}</h2>
      </div>
      <div className="dialog-body">
        <p className="muted">{fmt(tc.addIntro, { n })}</p>
        <div className="form-grid">
          <Field name="fromYear" label={tc.fromYear} error={form.errorOf('fromYear')} hint={tc.fromYearHint}>
            <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('fromYear')} data-testid={`${testId}-fromYear`} />
          </Field>
          <Field name="basisYear" label={tc.basisYear} error={form.errorOf('basisYear')} hint={basis ? fmt(tc.basisVerified, { year: basis.year, n: tonnes(basis.verified) }) : tc.basisYearHint}>
            <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('basisYear')} data-testid={`${testId}-basisYear`} />
          </Field>
          <Field
            name="annualEmissions"
            label={fmt(tc.annualEmissions, { year: form.values.basisYear || '…' })}
            error={form.errorOf('annualEmissions')}
            hint={basis ? tc.annualEmissionsIgnored : fmt(tc.annualEmissionsHint, { n })}
            optional={basis ? t.common.optional : undefined}
            className="full"
          >
            <input className="input num" inputMode="numeric" autoComplete="off" disabled={!!basis} {...form.bind('annualEmissions')} data-testid={`${testId}-annualEmissions`} />
          </Field>
        </div>
        {form.result && !form.result.ok ? <Alert kind="error" testId={`${testId}-error`}>{form.result.message}</Alert> : null}
      </div>
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={close}>
          {t.common.cancel}
        </button>
        <SubmitButton pending={form.pending} testId={`${testId}-save`}>
          {tc.addSave}
        </SubmitButton>
      </div>
    </form>
  );
}

/**
 * Removes an entity from the list after its last year (provincial regulator): below the threshold
 * two years running, or closure; its leftover allowances stay tradable until the transition date,
 * then are cancelled. A confirmation shows what happens; the service's refusals (not due for
 * removal, transition date not after today) show next to their field.
 */
export function RemoveFromList(props: { organisationId: number; entity: string; year: number; fromYear: number; today: string; recent: Recent; suggested: boolean; testId: string }) {
  const { t } = useI18n();
  return (
    <FormDialog trigger={t.coveredEntities.remove} tone="danger" testId={props.testId}>
      <RemoveForm {...props} />
    </FormDialog>
  );
}

type RemoveValues = { reason: string; lastYear: string; transitionUntil: string; note: string };

function RemoveForm({
  organisationId, entity, year, fromYear, today, recent, suggested, testId,
}: {
  organisationId: number;
  entity: string;
  year: number;
  fromYear: number;
  today: string;
  recent: Recent;
  suggested: boolean;
  testId: string;
}) {
  const { t, lang } = useI18n();
  const { close, done } = useContext(DialogControl);
  const tc = t.coveredEntities;
  const confirmRef = useRef<HTMLDialogElement>(null);
  const lastDefault = Math.max(year - 1, fromYear);
  const form = useActionForm<RemoveValues>({
    initial: { reason: suggested ? 'BELOW_THRESHOLD' : 'CLOSURE', lastYear: String(lastDefault), transitionUntil: plusDays(today, 90), note: '' },
    validate: (v) => {
      const errors = formErrors(coverageRemoveSchema, commandOf(v), lang, tc.fieldErrors);
      if (!errors.transitionUntil && v.transitionUntil <= today) errors.transitionUntil = fmt(tc.transitionAfterToday, { date: today });
      return errors;
    },
    submit: (v) => removeCoveredEntityAction({ organisationId, ...commandOf(v) }),
    onSuccess: (r) => done(r.message),
  });
  function commandOf(v: RemoveValues) {
    return { reason: v.reason, lastYear: toInt(v.lastYear), transitionUntil: v.transitionUntil, note: opt(v.note) };
  }
  const v = form.values;
  const last = toInt(v.lastYear);
  const figures = [last - 1, last].map((y) => ({ y, r: recent.find((x) => x.year === y) }));
  const reasonHint =
    v.reason === 'BELOW_THRESHOLD'
      ? fmt(tc.belowHint, {
          n: tonnes(INCLUSION_THRESHOLD_T),
          figures: Number.isFinite(last) ? figures.map(({ y, r }) => `${y}: ${r ? `${tonnes(r.verified)} ${t.common.tonnes}` : tc.notVerified}`).join(' · ') : '…',
        })
      : tc.closureHint;
  return (
    <form
      noValidate
      data-testid={`${testId}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        if (form.hasErrors) {
          form.run(); // shows every error, never reaches the server
          return;
        }
        confirmRef.current?.showModal();
      }}
    >
      <div className="dialog-head">
        <h2 id={`${testId}-title`}>{fmt(tc.removeTitle, { entity })}</h2>
      </div>
      <div className="dialog-body">
        <div className="form-grid">
          <Field name="reason" label={tc.reason} error={form.errorOf('reason')} hint={reasonHint} className="full">
            <select className="input" {...form.bind('reason')} data-testid={`${testId}-reason`}>
              <option value="BELOW_THRESHOLD">{tc.reasons.BELOW_THRESHOLD}</option>
              <option value="CLOSURE">{tc.reasons.CLOSURE}</option>
            </select>
          </Field>
          <Field name="lastYear" label={tc.lastYear} error={form.errorOf('lastYear')} hint={fmt(tc.lastYearHint, { from: fromYear })}>
            <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('lastYear')} data-testid={`${testId}-lastYear`} />
          </Field>
          <Field name="transitionUntil" label={tc.transitionUntil} error={form.errorOf('transitionUntil')} hint={fmt(tc.transitionHint, { date: today })}>
            <input className="input" type="date" min={plusDays(today, 1)} {...form.bind('transitionUntil')} data-testid={`${testId}-transitionUntil`} />
          </Field>
          <Field name="note" label={tc.note} error={form.errorOf('note')} optional={t.common.optional} className="full">
            <textarea className="input" placeholder={tc.notePlaceholder} {...form.bind('note')} data-testid={`${testId}-note`} />
          </Field>
        </div>
        {form.result && !form.result.ok ? <Alert kind="error" testId={`${testId}-error`}>{form.result.message}</Alert> : null}
      </div>
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={close}>
          {t.common.cancel}
        </button>
        <SubmitButton pending={form.pending} className="btn danger" testId={`${testId}-review`}>
          {tc.removeReview}
        </SubmitButton>
      </div>
      <RemoveConfirm dialogRef={confirmRef} testId={testId} onConfirm={form.run}>
        <p>{fmt(tc.removeConfirmBody, { entity, year: Number.isFinite(last) ? last : '…', reason: tc.reasons[v.reason as 'CLOSURE' | 'BELOW_THRESHOLD'] ?? v.reason })}</p>
        <p className="muted">{fmt(tc.removeConfirmTransition, { date: v.transitionUntil })}</p>
      </RemoveConfirm>
    </form>
  );
}

function RemoveConfirm({ dialogRef, testId, onConfirm, children }: { dialogRef: RefObject<HTMLDialogElement | null>; testId: string; onConfirm: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog dialogRef={dialogRef} titleId={`${testId}-confirm-title`} title={t.coveredEntities.removeConfirmTitle} confirmLabel={t.coveredEntities.removeConfirm} tone="danger" onConfirm={onConfirm} confirmTestId={`${testId}-confirm`}>
      {children}
    </ConfirmDialog>
  );
}
