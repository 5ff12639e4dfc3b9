'use client';

import { useState } from 'react';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { FUEL_SWITCH_DEFAULTS, FUEL_SWITCH_PARAMETERS, fuelSwitchPrice, withFuelSwitchDefaults, type FuelSwitchParameter } from '@/domain/analysis/fuelSwitch';
import { fuelSwitchQuerySchema } from '@/schemas/analytics';
import { Field } from '@/ui/forms/Field';
import { zodFieldErrors } from '@/ui/forms/validate';
import { amount } from '@/ui/format';

type Values = { coalPrice: string; gasPrice: string } & Record<FuelSwitchParameter, string>;

/**
 * The fuel-switch price computed as you type (the same pure rule the API and the series use), every
 * parameter checked inline with the API's schema; starts from the latest recorded fuel prices.
 */
export function FuelSwitchCalculator({ coalPrice, gasPrice }: { coalPrice: string; gasPrice: string }) {
  const { t, lang } = useI18n();
  const f = t.analysis.fuel;
  const [values, setValues] = useState<Values>({ coalPrice, gasPrice, ...FUEL_SWITCH_DEFAULTS });
  const errors = zodFieldErrors(fuelSwitchQuerySchema, values, lang);
  const ok = Object.keys(errors).length === 0;
  const result = ok ? fuelSwitchPrice(withFuelSwitchDefaults(values)) : null;
  const input = (name: keyof Values) => (
    <input id={`f-${name}`} name={name} className="input" inputMode="decimal" value={values[name]} aria-invalid={errors[name] ? true : undefined}
      onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))} data-testid={`fuel-${name}`} />
  );
  return (
    <div data-testid="fuel-calculator">
      <div className="fuel-form mb">
        <Field name="coalPrice" label={f.coalPrice} error={errors.coalPrice}>{input('coalPrice')}</Field>
        <Field name="gasPrice" label={f.gasPrice} error={errors.gasPrice}>{input('gasPrice')}</Field>
        {FUEL_SWITCH_PARAMETERS.map((p) => (
          <Field key={p} name={p} label={f.params[p]} error={errors[p]}>{input(p)}</Field>
        ))}
      </div>
      <div className="kpi card" aria-live="polite">
        <div className="label">{f.result}</div>
        <div className="value" data-testid="fuel-result">
          {result?.theoreticalPrice ? `¥${amount(result.theoreticalPrice)}` : t.common.dash}
          <span className="unit">/ tCO2</span>
        </div>
        {result ? (
          <div className="hint">
            {result.theoreticalPrice !== null && Number(result.theoreticalPrice) < 0 ? f.negative : fmt(f.resultHint, { coal: result.coalFuelCost, gas: result.gasFuelCost })}
          </div>
        ) : null}
      </div>
    </div>
  );
}
