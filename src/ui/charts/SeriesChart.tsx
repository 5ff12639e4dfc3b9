'use client';

import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/i18n/client';
import { amount, tonnes } from '../format';
import { compactTonnes } from './theme';

/** How a chart's values read: tonnes, CNY per tonne, a ratio (1.23) or per cent. */
export type ValueKind = 'tonnes' | 'cny' | 'ratio' | 'pct';

export interface SeriesSpec {
  key: string;
  label: string;
  color: string;
  kind: 'line' | 'bar' | 'dots';
  axis?: 'left' | 'right';
  dashed?: boolean;
  /** Bars with the same stack id are stacked. */
  stack?: string;
}

function formatter(kind: ValueKind, lang: 'en' | 'zh', compact: boolean) {
  return (v: number) => {
    if (kind === 'tonnes') return compact ? compactTonnes(v, lang) : tonnes(Math.round(v));
    if (kind === 'cny') return compact ? `¥${Math.abs(v) >= 10_000 ? compactTonnes(v, lang) : Math.round(v)}` : `¥${amount(v.toFixed(2))}`;
    if (kind === 'pct') return `${compact ? (Math.abs(v) < 10 ? +v.toFixed(1) : Math.round(v)) : v.toFixed(2)}%`;
    return compact ? v.toFixed(2) : v.toFixed(4);
  };
}

/**
 * The analysis pages' chart: lines, bars and dots over one x axis (days, months, years, names),
 * on a left and an optional right axis of their own kind (e.g. prices left, volumes right). A
 * reference line marks a threshold (a surplus ratio of 1); `highlightKey` colours the bars of the
 * rows where that field is true (the last month before a deadline).
 */
export function SeriesChart({
  data, xKey, series, left, right, height = 300, testId, reference, highlightKey, highlightColor = '#d4574b',
}: {
  data: Record<string, string | number | boolean | null>[];
  xKey: string;
  series: SeriesSpec[];
  left: ValueKind;
  right?: ValueKind;
  height?: number;
  testId?: string;
  reference?: { y: number; label: string };
  highlightKey?: string;
  highlightColor?: string;
}) {
  const { lang } = useI18n();
  const kindOf = (s: SeriesSpec) => ((s.axis ?? 'left') === 'left' ? left : (right ?? left));
  const order = (label: unknown) => series.findIndex((s) => s.label === label);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: right ? 4 : 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e4e9e6" vertical={false} />
          <XAxis dataKey={xKey} tick={{ fontSize: 12, fill: '#17211d' }} axisLine={{ stroke: '#c7d0cc' }} tickLine={false} minTickGap={16} />
          <YAxis yAxisId="left" tickFormatter={formatter(left, lang, true)} tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={false} tickLine={false} width={64} domain={left === 'cny' ? ['auto', 'auto'] : [0, 'auto']} />
          {right ? <YAxis yAxisId="right" orientation="right" tickFormatter={formatter(right, lang, true)} tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={false} tickLine={false} width={64} /> : null}
          <Tooltip
            formatter={(value, name) => {
              const s = series.find((x) => x.label === name);
              return [value === null || value === undefined ? '—' : formatter(s ? kindOf(s) : left, lang, false)(Number(value)), String(name)];
            }}
            itemSorter={(item) => order(item.name)}
            contentStyle={{ borderRadius: 6, border: '1px solid #dfe5e2', fontSize: 12.5 }}
          />
          <Legend wrapperStyle={{ fontSize: 12.5 }} itemSorter={(item) => order(item.value)} />
          {reference ? <ReferenceLine yAxisId="left" y={reference.y} stroke="#7a8882" strokeDasharray="4 4" label={{ value: reference.label, position: 'insideTopRight', fontSize: 11.5, fill: '#4d5b55' }} /> : null}
          {series.map((s) => {
            const axis = s.axis ?? 'left';
            if (s.kind === 'bar') {
              return (
                <Bar key={s.key} yAxisId={axis} dataKey={s.key} name={s.label} fill={s.color} stackId={s.stack} maxBarSize={36} isAnimationActive={false} radius={s.stack ? 0 : [3, 3, 0, 0]}>
                  {highlightKey ? data.map((row, i) => <Cell key={i} fill={row[highlightKey] === true ? highlightColor : s.color} />) : null}
                </Bar>
              );
            }
            if (s.kind === 'dots') {
              return <Scatter key={s.key} yAxisId={axis} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />;
            }
            return (
              <Line key={s.key} yAxisId={axis} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={data.length <= 24} connectNulls
                strokeDasharray={s.dashed ? '5 4' : undefined} isAnimationActive={false} />
            );
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
