'use client';

import { useState, type FormEvent } from 'react';
import { useI18n } from '@/i18n/client';
import { statementPeriodSchema } from '@/schemas/statement';
import { Field } from '@/ui/forms/Field';
import { zodFieldErrors } from '@/ui/forms/validate';

/**
 * "Download statement (PDF)": two market days checked as they are typed with the shared schema
 * (dates, the end not before the start); a valid period opens the statement, which the browser
 * downloads. A plain GET form, so that it works before the script has loaded too.
 */
export function StatementForm({ action, lang, defaults }: { action: string; lang: string; defaults: { from: string; to: string } }) {
  const { t, lang: uiLang } = useI18n();
  const s = t.exports.statement;
  const [values, setValues] = useState(defaults);
  const [touched, setTouched] = useState(false);
  const errors = touched ? zodFieldErrors(statementPeriodSchema, values, uiLang) : {};
  const set = (key: 'from' | 'to') => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: e.target.value }));
    setTouched(true);
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    setTouched(true);
    if (Object.keys(zodFieldErrors(statementPeriodSchema, values, uiLang)).length) e.preventDefault();
  };
  return (
    <form method="get" action={action} className="filters" noValidate onSubmit={onSubmit} data-testid="statement-form">
      <input type="hidden" name="lang" value={lang} />
      <Field name="statement-from" label={s.from} error={errors.from}>
        <input id="f-statement-from" type="date" name="from" className="input" value={values.from} onChange={set('from')} aria-invalid={Boolean(errors.from)} data-testid="statement-from" />
      </Field>
      <Field name="statement-to" label={s.to} error={errors.to}>
        <input id="f-statement-to" type="date" name="to" className="input" value={values.to} onChange={set('to')} aria-invalid={Boolean(errors.to)} data-testid="statement-to" />
      </Field>
      <div className="btn-row">
        <button type="submit" className="btn" data-testid="statement-download">
          {s.download}
        </button>
      </div>
    </form>
  );
}
