'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { setForecastAction } from '@/app/actions/balanceSheet';
import { useI18n } from '@/i18n/client';
import { forecastCommandSchema } from '@/schemas/analytics';
import { FormResult } from '@/ui/forms/FormResult';
import type { ActionResult } from '@/ui/forms/result';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { useToast } from '@/ui/Toast';

/** Twelve monthly figures of the running year; months that have not begun are closed for entry. */
export function ForecastForm({ year, currentMonth, initial }: { year: number; currentMonth: number; initial: { month: number; emissions: number }[] }) {
  const { t, lang } = useI18n();
  const b = t.balanceSheet;
  const router = useRouter();
  const toast = useToast();
  const [values, setValues] = useState<string[]>(Array.from({ length: 12 }, (_, i) => String(initial.find((m) => m.month === i + 1)?.emissions ?? '')));
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, start] = useTransition();
  const months = values.map((v, i) => ({ month: i + 1, raw: v })).filter((m) => m.raw.trim() !== '').map((m) => ({ month: m.month, emissions: toInt(m.raw) }));
  const errors = { ...zodFieldErrors(forecastCommandSchema, { months }, lang), ...(result && !result.ok ? result.fields : {}) };
  const errorOfMonth = (month: number) => {
    const i = months.findIndex((m) => m.month === month);
    return i < 0 ? undefined : (errors[`months.${i}.emissions`] ?? errors[`months.${i}.month`]);
  };
  return (
    <form
      noValidate
      data-testid="forecast-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (Object.keys(errors).length) return;
        start(async () => {
          const r = await setForecastAction({ year, months });
          setResult(r);
          if (r.ok) {
            toast(r.message);
            router.refresh();
          }
        });
      }}
    >
      <div className="grid grid-4" style={{ gap: 10 }}>
        {values.map((v, i) => (
          <div className="field" key={i}>
            <label htmlFor={`f-month-${i + 1}`}>{b.months[i]}</label>
            <input id={`f-month-${i + 1}`} className="input" inputMode="numeric" value={v} disabled={i + 1 > currentMonth}
              aria-invalid={errorOfMonth(i + 1) ? true : undefined}
              onChange={(e) => { setValues((vs) => vs.map((x, j) => (j === i ? e.target.value : x))); setResult(null); }}
              data-testid={`forecast-month-${i + 1}`} />
            {errorOfMonth(i + 1) ? <div className="error" role="alert">{errorOfMonth(i + 1)}</div> : null}
          </div>
        ))}
      </div>
      {result && !result.ok ? <FormResult result={result} /> : null}
      <div className="btn-row" style={{ marginTop: 12 }}><SubmitButton pending={pending} testId="forecast-save">{b.save}</SubmitButton></div>
    </form>
  );
}
