'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/i18n/client';
import { tonnes } from '../format';
import { compactTonnes } from './theme';

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

/**
 * A stacked bar chart of tonnes by category (vintage, industry…). Data rows are
 * `{ name, [series.key]: number }`. Tooltips show exact tonnes with separators.
 */
export function StackedBarChart({ data, series, height = 280, testId, layout = 'horizontal' }: { data: Record<string, string | number>[]; series: BarSeries[]; height?: number; testId?: string; layout?: 'horizontal' | 'vertical' }) {
  const { lang, t } = useI18n();
  const unit = ` ${t.common.tonnes}`;
  const vertical = layout === 'vertical';
  // Legend and tooltip list the series in the given order (recharts sorts by label otherwise).
  const order = (label: unknown) => series.findIndex((s) => s.label === label);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout={vertical ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 16, bottom: 4, left: vertical ? 8 : 4 }} barCategoryGap="28%">
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e9e6" horizontal={!vertical} vertical={vertical} />
          {vertical ? (
            <>
              <XAxis type="number" tickFormatter={(v: number) => compactTonnes(v, lang)} tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={false} tickLine={false} />
              <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12, fill: '#17211d' }} axisLine={false} tickLine={false} />
            </>
          ) : (
            <>
              <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#17211d' }} axisLine={{ stroke: '#c7d0cc' }} tickLine={false} />
              <YAxis tickFormatter={(v: number) => compactTonnes(v, lang)} tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={false} tickLine={false} width={64} />
            </>
          )}
          <Tooltip
            formatter={(value, name) => [`${tonnes(Math.round(Number(value)))}${unit}`, String(name)]}
            cursor={{ fill: 'rgba(15,107,79,0.06)' }}
            itemSorter={(item) => order(item.name)}
            contentStyle={{ borderRadius: 6, border: '1px solid #dfe5e2', fontSize: 12.5 }}
          />
          <Legend wrapperStyle={{ fontSize: 12.5 }} iconType="square" itemSorter={(item) => order(item.value)} />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="a" fill={s.color} maxBarSize={56} radius={i === series.length - 1 ? (vertical ? [0, 3, 3, 0] : [3, 3, 0, 0]) : 0} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
