'use client';

import Decimal from 'decimal.js';
import { useState } from 'react';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { balanceSheetQuerySchema } from '@/schemas/analytics';
import { Field } from '@/ui/forms/Field';
import { zodFieldErrors } from '@/ui/forms/validate';
import { amount, tonnes } from '@/ui/format';

/** The cost of closing the gap at a price the reader types (checked as typed, with the API's schema). */
export function CostCalculator({ shortfall, initialPrice }: { shortfall: number; initialPrice: string }) {
  const { t, lang } = useI18n();
  const b = t.balanceSheet;
  const [price, setPrice] = useState(initialPrice);
  const error = zodFieldErrors(balanceSheetQuerySchema, { price }, lang).price;
  return (
    <div data-testid="cost-calculator">
      <Field name="price" label={b.pricePerTonne} error={error}>
        <input id="f-price" className="input" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} aria-invalid={error ? true : undefined} data-testid="cost-price" style={{ maxWidth: 180 }} />
      </Field>
      <p className="kpi-line" data-testid="cost-at-price">
        {error ? t.common.dash : fmt(b.costResult, { n: tonnes(shortfall), price: amount(new Decimal(price).toFixed(2)), cost: amount(new Decimal(shortfall).times(price).toFixed(2)) })}
      </p>
    </div>
  );
}
