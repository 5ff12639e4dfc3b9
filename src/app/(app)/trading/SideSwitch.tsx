'use client';

import { useI18n } from '@/i18n/client';

/** Buy / Sell as a segmented switch (colours by market convention, see trading.css). */
export function SideSwitch({ value, onChange, labels, testId }: { value: string; onChange: (side: 'BUY' | 'SELL') => void; labels?: { BUY: string; SELL: string }; testId?: string }) {
  const { t } = useI18n();
  const text = labels ?? t.side;
  return (
    <div className="seg side-switch" role="group" aria-label={t.trading.side}>
      {(['BUY', 'SELL'] as const).map((s) => (
        <button
          key={s}
          type="button"
          className={value === s ? `on ${s === 'BUY' ? 'buy' : 'sell'}` : undefined}
          aria-pressed={value === s}
          onClick={() => onChange(s)}
          data-testid={testId ? `${testId}-${s.toLowerCase()}` : undefined}
        >
          {text[s]}
        </button>
      ))}
    </div>
  );
}
