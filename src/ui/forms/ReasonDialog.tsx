'use client';

import { useRef, useState, useTransition, type ChangeEvent, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useI18n } from '@/i18n/client';
import { Alert } from '../Alert';
import { useToast } from '../Toast';
import type { ActionResult } from './result';
import { SubmitButton } from './SubmitButton';
import { zodFieldErrors } from './validate';
import { SignatureField, useSigningRequired } from './signing';

/**
 * A button that opens a modal asking for a required reason/note (validated inline with the
 * shared schema), then runs the action. Used for approve/reject, status changes and releases.
 * With `single`, it asks for one short value instead (a quantity, a price): `parse` turns the
 * text into what the schema expects and `check` adds rules the schema cannot know.
 * With `signed` (transaction signing), a user with two-factor also enters a fresh one-time code,
 * which `run` receives.
 */
export function ReasonDialog({
  trigger, title, label, hint, confirmLabel, tone = 'default', schema, field, run, testId, onDone, single, parse, check, initial = '', body, triggerTone, signed = false,
}: {
  trigger: string;
  title: string;
  label: string;
  hint?: string;
  confirmLabel?: string;
  tone?: 'default' | 'primary' | 'danger';
  /** The shared zod schema of the reason, e.g. decisionSchema ({ note }) or releaseSchema ({ reason }). */
  schema: z.ZodType;
  field: string;
  run: (text: string, signatureCode?: string) => Promise<ActionResult>;
  testId?: string;
  onDone?: (message: string) => void;
  /** A one-line input (e.g. `{ inputMode: 'numeric' }`) instead of the textarea. */
  single?: { inputMode?: 'numeric' | 'decimal' | 'text' };
  /** Text → the value the schema validates (default: the text). */
  parse?: (text: string) => unknown;
  /** Extra inline rule: a translated message, or undefined when fine. */
  check?: (text: string) => string | undefined;
  /** The input's value when the dialog opens. */
  initial?: string;
  /** Context shown above the input. */
  body?: ReactNode;
  /** The trigger button's tone when it differs from the confirm button's. */
  triggerTone?: 'default' | 'primary' | 'danger';
  /** Transaction signing: ask a user with two-factor for a fresh code as well. */
  signed?: boolean;
}) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const signing = useSigningRequired() && signed;
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);

  const error = zodFieldErrors(schema, { [field]: parse ? parse(text) : text }, lang)[field] ?? check?.(text);
  const shown = touched ? error : undefined;

  const open = () => {
    setText(initial);
    setTouched(false);
    setServerError(null);
    setCode('');
    setCodeError(undefined);
    ref.current?.showModal();
  };
  const close = () => ref.current?.close();

  const confirm = () => {
    setTouched(true);
    if (error) return;
    const sent = signing ? code : undefined;
    startTransition(async () => {
      let res: ActionResult;
      try {
        res = await run(text, sent);
      } catch {
        res = { ok: false, message: t.actionErrors.generic, fields: {} };
      }
      if (res.ok) {
        close();
        if (onDone) onDone(res.message);
        else toast(res.message);
        router.refresh();
      } else {
        setServerError(res.fields[field] ? `${res.message} ${res.fields[field]}` : res.message);
        setCodeError(res.fields.signatureCode);
        setCode('');
      }
    });
  };

  const shownTone = triggerTone ?? tone;
  const btnClass = shownTone === 'primary' ? 'btn sm primary' : shownTone === 'danger' ? 'btn sm danger' : 'btn sm';
  const inputProps = {
    id: testId ? `${testId}-text` : undefined,
    className: 'input',
    value: text,
    autoFocus: true,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setText(e.target.value);
      setTouched(true);
      setServerError(null);
    },
    'aria-invalid': shown ? (true as const) : undefined,
    'data-testid': testId ? `${testId}-text` : undefined,
  };
  return (
    <>
      <button type="button" className={btnClass} onClick={open} data-testid={testId}>
        {trigger}
      </button>
      <dialog ref={ref} className="dialog" aria-labelledby={testId ? `${testId}-title` : undefined}>
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            confirm();
          }}
        >
          <div className="dialog-head">
            <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
          </div>
          <div className="dialog-body">
            {body}
            <div className="field">
              <label htmlFor={testId ? `${testId}-text` : undefined}>{label}</label>
              {single ? <input {...inputProps} inputMode={single.inputMode} autoComplete="off" /> : <textarea {...inputProps} />}
              {shown ? <div className="error">{shown}</div> : hint ? <div className="hint">{hint}</div> : null}
            </div>
            {signing ? (
              <SignatureField
                value={code}
                onChange={(c) => {
                  setCode(c);
                  setCodeError(undefined);
                }}
                error={codeError}
                testId={testId ? `${testId}-signature` : undefined}
              />
            ) : null}
            {serverError ? <Alert kind="error">{serverError}</Alert> : null}
          </div>
          <div className="dialog-foot">
            <button type="button" className="btn" onClick={close}>
              {t.common.cancel}
            </button>
            <SubmitButton pending={pending} className={tone === 'danger' ? 'btn danger' : 'btn primary'} testId={testId ? `${testId}-confirm` : undefined}>
              {confirmLabel ?? t.common.confirm}
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
