'use client';

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { amount } from '../format';
import { COLORS } from '../charts/theme';
import type { HistoryPoint } from '@/server/auction/screens';

/**
 * Clearing prices of settled auctions (large dots) against the daily close of the same instrument
 * and vintage on the secondary market (line), one colour per vintage.
 */
export function AuctionHistoryChart({ points, symbols, height = 300, testId }: { points: HistoryPoint[]; symbols: string[]; height?: number; testId?: string }) {
  const { t } = useI18n();
  const data = points.map((p) => {
    const row: Record<string, string | number | undefined> = { day: p.day, label: p.day.slice(5) };
    for (const s of symbols) {
      row[`close:${s}`] = p.close[s];
      row[`clearing:${s}`] = p.clearing[s]?.price;
      row[`title:${s}`] = p.clearing[s]?.title;
    }
    return row;
  });
  const values = points.flatMap((p) => [...Object.values(p.close), ...Object.values(p.clearing).map((c) => c.price)]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(0.5, (hi - lo) * 0.15);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 12, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e9e6" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={{ stroke: '#c7d0cc' }} tickLine={false} minTickGap={12} />
          <YAxis
            domain={[Math.max(0, Math.floor((lo - pad) * 10) / 10), Math.ceil((hi + pad) * 10) / 10]}
            tickFormatter={(v: number) => v.toFixed(2)}
            tick={{ fontSize: 12, fill: '#4d5b55' }}
            axisLine={false}
            tickLine={false}
            width={56}
          />
          <Tooltip
            contentStyle={{ borderRadius: 6, border: '1px solid #dfe5e2', fontSize: 12.5 }}
            labelFormatter={(_l, items) => String((items?.[0]?.payload as { day?: string } | undefined)?.day ?? '')}
            formatter={(value, name, item) => {
              const key = String(item.dataKey ?? '');
              const title = key.startsWith('clearing:') ? (item.payload as Record<string, string | undefined>)[`title:${key.slice(9)}`] : undefined;
              return [amount(Number(value).toFixed(2)), title ? `${String(name)} · ${title}` : String(name)];
            }}
          />
          <ZAxis range={[140, 140]} />
          <Legend wrapperStyle={{ fontSize: 12.5 }} />
          {symbols.map((s, i) => (
            <Line
              key={`close:${s}`}
              type="linear"
              dataKey={`close:${s}`}
              name={fmt(t.auctions.chartClose, { symbol: s })}
              stroke={COLORS.series[(i * 2) % COLORS.series.length]}
              strokeWidth={2}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {symbols.map((s, i) => (
            <Scatter
              key={`clearing:${s}`}
              dataKey={`clearing:${s}`}
              name={symbols.length > 1 ? `${t.auctions.chartClearing} (${s})` : t.auctions.chartClearing}
              fill={COLORS.series[(i * 2 + 2) % COLORS.series.length]}
              shape="diamond"
              legendType="diamond"
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
