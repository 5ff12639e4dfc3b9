import './trading.css';
import { amount } from '../format';

/** The direction class of a signed decimal string: px-up, px-down or px-flat (colours in trading.css). */
export function changeClass(change: string | null | undefined): string {
  if (!change) return 'px-flat';
  const n = Number(change);
  return n > 0 ? 'px-up' : n < 0 ? 'px-down' : 'px-flat';
}

/** A price change ("+1.20", "-0.35") or a change in per cent ("+2.05 %"), coloured by direction. */
export function PriceChange({ value, percent, testId }: { value: string | null | undefined; percent?: boolean; testId?: string }) {
  if (value === null || value === undefined) return <span className="faint">—</span>;
  const n = Number(value);
  const sign = n > 0 ? '+' : '';
  return (
    <span className={`num ${changeClass(value)}`} data-testid={testId}>
      {sign}
      {percent ? `${value} %` : amount(value)}
    </span>
  );
}
