'use client';

import Decimal from 'decimal.js';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { setEarmarksAction } from '@/app/actions/analysis';
import { EARMARK_USES, type EarmarkUse } from '@/domain/analysis/earmarks';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { earmarksCommandSchema } from '@/schemas/analytics';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import type { ActionResult } from '@/ui/forms/result';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { zodFieldErrors } from '@/ui/forms/validate';
import { useToast } from '@/ui/Toast';

/** The national regulator's earmarks of a year: a share per use, checked as typed, the total at most 100 %. */
export function EarmarkForm({ year, initial }: { year: number; initial: { use: EarmarkUse; share: string }[] }) {
  const { t, lang } = useI18n();
  const r = t.analysis.revenue;
  const router = useRouter();
  const toast = useToast();
  const [rows, setRows] = useState(initial.length ? initial : [{ use: 'LOW_CARBON_FUND' as EarmarkUse, share: '' }]);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [pending, start] = useTransition();
  const errors = { ...zodFieldErrors(earmarksCommandSchema, { earmarks: rows }, lang), ...(result && !result.ok ? result.fields : {}) };
  const total = rows.reduce((s, x) => (/^\d+(\.\d+)?$/.test(x.share) ? s.plus(x.share) : s), new Decimal(0));
  const over = total.gt(1);
  const set = (i: number, patch: Partial<{ use: EarmarkUse; share: string }>) => {
    setRows((rs) => rs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
    setResult(null);
  };
  const free = EARMARK_USES.filter((u) => !rows.some((x) => x.use === u));
  return (
    <form
      noValidate
      data-testid="earmark-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (Object.keys(errors).length || over) return;
        start(async () => {
          const res = await setEarmarksAction({ year, earmarks: rows });
          setResult(res);
          if (res.ok) {
            toast(res.message);
            router.refresh();
          }
        });
      }}
    >
      {rows.map((row, i) => (
        <div className="earmark-row" key={i}>
          <Field name={`earmarks.${i}.use`} label={r.use} error={submitted ? errors[`earmarks.${i}.use`] : undefined}>
            <select id={`f-earmarks.${i}.use`} className="input" value={row.use} onChange={(e) => set(i, { use: e.target.value as EarmarkUse })} data-testid={`earmark-use-${i}`}>
              {EARMARK_USES.filter((u) => u === row.use || free.includes(u)).map((u) => <option key={u} value={u}>{r.uses[u]}</option>)}
            </select>
          </Field>
          <Field name={`earmarks.${i}.share`} label={r.share} error={submitted || row.share ? errors[`earmarks.${i}.share`] : undefined}>
            <input id={`f-earmarks.${i}.share`} className="input" inputMode="decimal" value={row.share} onChange={(e) => set(i, { share: e.target.value })} data-testid={`earmark-share-${i}`} />
          </Field>
          <button type="button" className="btn sm ghost" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>{r.remove}</button>
        </div>
      ))}
      <p className={over ? 'neg' : 'muted'} data-testid="earmark-total">{fmt(r.total, { pct: `${total.times(100).toDecimalPlaces(2).toString()}%` })}</p>
      {result && !result.ok ? <FormResult result={result} /> : null}
      <div className="btn-row">
        {free.length ? <button type="button" className="btn sm" onClick={() => setRows((rs) => [...rs, { use: free[0]!, share: '' }])}>{r.addUse}</button> : null}
        <SubmitButton pending={pending} testId="earmark-save">{r.save}</SubmitButton>
      </div>
    </form>
  );
}
