import Link from 'next/link';
import './trading.css';

/**
 * The instrument selector of the trading and market pages: one link per instrument-vintage
 * (e.g. CEA-2024), the current one highlighted, suspended ones marked.
 */
export function InstrumentPicker({
  instruments, current, basePath, label, suspendedLabel,
}: {
  instruments: { symbol: string; status: string }[];
  current: string;
  basePath: string;
  label: string;
  suspendedLabel: string;
}) {
  return (
    <nav className="seg" aria-label={label} data-testid="instrument-picker">
      {instruments.map((i) => (
        <Link
          key={i.symbol}
          href={`${basePath}?symbol=${encodeURIComponent(i.symbol)}`}
          className={i.symbol === current ? 'on' : undefined}
          aria-current={i.symbol === current ? 'page' : undefined}
          title={i.status === 'SUSPENDED' ? suspendedLabel : undefined}
          data-testid={`instrument-${i.symbol}`}
        >
          {i.symbol}
          {i.status === 'SUSPENDED' ? <span className="suspended-dot" aria-label={suspendedLabel} /> : null}
        </Link>
      ))}
    </nav>
  );
}

/** The instrument a page shows: the one asked for, else the CEA line with most volume today, else the first. */
export function pickInstrument<T extends { symbol: string; instrument: string; volume: number; vintage: number }>(quotes: T[], asked: string | string[] | undefined): T | undefined {
  const want = typeof asked === 'string' ? asked.toUpperCase() : undefined;
  const found = want ? quotes.find((q) => q.symbol === want) : undefined;
  if (found) return found;
  const cea = quotes.filter((q) => q.instrument === 'CEA');
  const pool = cea.length ? cea : quotes;
  return [...pool].sort((a, b) => b.volume - a.volume || b.vintage - a.vintage)[0];
}
