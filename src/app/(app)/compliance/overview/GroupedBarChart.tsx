'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/i18n/client';
import type { BarSeries } from '@/ui/charts/StackedBarChart';
import { compactTonnes } from '@/ui/charts/theme';
import { tonnes } from '@/ui/format';

/** Round axis ticks from 0: a step of 1, 2, 2.5 or 5 × 10^k giving at most 5 intervals. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

/**
 * Bars side by side per category (industry, province): allocated vs verified emissions vs
 * surrendered, in the house style of StackedBarChart. Rows are `{ name, [series.key]: number }`.
 */
export function GroupedBarChart({ data, series, height = 300, testId }: { data: Record<string, string | number>[]; series: BarSeries[]; height?: number; testId?: string }) {
  const { lang, t } = useI18n();
  const unit = ` ${t.common.tonnes}`;
  // Legend and tooltip keep the series order (recharts sorts by label otherwise).
  const order = (label: unknown) => series.findIndex((s) => s.label === label);
  const ticks = niceTicks(Math.max(0, ...data.flatMap((row) => series.map((s) => Number(row[s.key] ?? 0)))));
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }} barCategoryGap="22%" barGap={3}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e9e6" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#17211d' }} axisLine={{ stroke: '#c7d0cc' }} tickLine={false} interval={0} />
          <YAxis ticks={ticks} domain={[0, ticks[ticks.length - 1]!]} interval={0} tickFormatter={(v: number) => compactTonnes(v, lang)} tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={false} tickLine={false} width={64} />
          <Tooltip
            formatter={(value, name) => [`${tonnes(Math.round(Number(value)))}${unit}`, String(name)]}
            cursor={{ fill: 'rgba(15,107,79,0.06)' }}
            itemSorter={(item) => order(item.name)}
            contentStyle={{ borderRadius: 6, border: '1px solid #dfe5e2', fontSize: 12.5 }}
          />
          <Legend wrapperStyle={{ fontSize: 12.5 }} iconType="square" itemSorter={(item) => order(item.value)} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} maxBarSize={40} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
