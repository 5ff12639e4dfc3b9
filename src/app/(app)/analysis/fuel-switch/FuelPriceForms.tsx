'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { recordFuelPriceAction, uploadFuelPricesAction } from '@/app/actions/analysis';
import { useI18n } from '@/i18n/client';
import { fuelPriceSchema } from '@/schemas/analytics';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import type { ActionResult } from '@/ui/forms/result';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';
import { useToast } from '@/ui/Toast';

/** The national regulator records a day's coal and gas prices, or uploads a CSV of them. */
export function FuelPriceForms({ today }: { today: string }) {
  const { t, lang } = useI18n();
  const f = t.analysis.fuel;
  const router = useRouter();
  const toast = useToast();
  const form = useActionForm({
    initial: { date: today, coalPrice: '', gasPrice: '', source: '' },
    validate: (v) => zodFieldErrors(fuelPriceSchema, { ...v, source: v.source || undefined }, lang),
    submit: (v) => recordFuelPriceAction({ ...v, source: v.source || undefined }),
    onSuccess: (r, v) => {
      toast(r.message);
      router.refresh();
      return { ...v, coalPrice: '', gasPrice: '' };
    },
  });
  const [upload, setUpload] = useState<ActionResult | null>(null);
  const [pending, start] = useTransition();
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    start(async () => {
      const r = await uploadFuelPricesAction({ text });
      setUpload(r);
      if (r.ok) {
        toast(r.message);
        router.refresh();
      }
    });
  };
  return (
    <div className="grid grid-2">
      <form noValidate onSubmit={form.onSubmit} data-testid="fuel-price-form">
        <h3 className="section-title">{f.enter}</h3>
        <p className="muted">{f.enterSub}</p>
        <div className="form-grid">
          <Field name="date" label={f.date} error={form.errorOf('date')}><input type="date" className="input" {...form.bind('date')} data-testid="price-date" /></Field>
          <Field name="source" label={f.source} optional={t.common.optional} error={form.errorOf('source')}><input className="input" {...form.bind('source')} /></Field>
          <Field name="coalPrice" label={f.colCoal} error={form.errorOf('coalPrice')}><input className="input" inputMode="decimal" {...form.bind('coalPrice')} data-testid="price-coal" /></Field>
          <Field name="gasPrice" label={f.colGas} error={form.errorOf('gasPrice')}><input className="input" inputMode="decimal" {...form.bind('gasPrice')} data-testid="price-gas" /></Field>
        </div>
        {form.result && !form.result.ok ? <FormResult result={form.result} /> : null}
        <div className="btn-row" style={{ marginTop: 12 }}><SubmitButton pending={form.pending} testId="price-save">{f.save}</SubmitButton></div>
      </form>
      <div data-testid="fuel-upload">
        <h3 className="section-title">{f.upload}</h3>
        <p className="muted">{f.uploadSub}</p>
        <Field name="file" label={f.file} error={upload && !upload.ok ? (upload.fields.file ?? upload.message) : undefined}>
          <input id="f-file" type="file" accept=".csv,text/csv" className="input" disabled={pending} onChange={(e) => void onFile(e.target.files?.[0])} data-testid="price-file" />
        </Field>
      </div>
    </div>
  );
}
