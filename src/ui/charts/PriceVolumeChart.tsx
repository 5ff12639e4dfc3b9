'use client';

import { useState } from 'react';
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { useI18n } from '@/i18n/client';
import type { Bar as DailyBar } from '@/server/trading/marketData';
import { amount, tonnes } from '../format';
import { compactTonnes } from './theme';

/** Chart colours of prices: rise/fall follow the reader's convention (see trading.css). */
const RISE = { en: '#137a4b', zh: '#c0392b' };
const FALL = { en: '#b42318', zh: '#1f9d6b' };

interface Point {
  day: string;
  label: string;
  close: number;
  open: number;
  high: number;
  low: number;
  range: [number, number];
  volume: number;
  blockVolume: number;
  final: boolean;
}

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above `v`. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((c) => c >= v) ?? 10 * p;
}

/** A candle drawn in the band [low, high] that recharts gives a range bar. */
function Candle(props: BarShapeProps & { rise: string; fall: string }) {
  const { x, y, width, height, payload, rise, fall } = props;
  const p = payload as Point;
  const span = p.high - p.low;
  const scale = span > 0 ? height / span : 0;
  const yOf = (v: number) => (span > 0 ? y + (p.high - v) * scale : y);
  const up = p.close >= p.open;
  const color = up ? rise : fall;
  const top = yOf(Math.max(p.open, p.close));
  const bottom = yOf(Math.min(p.open, p.close));
  const cx = x + width / 2;
  const bodyWidth = Math.max(3, Math.min(14, width * 0.7));
  return (
    <g opacity={p.final ? 1 : 0.55}>
      <line x1={cx} x2={cx} y1={y} y2={y + height} stroke={color} strokeWidth={1} />
      <rect x={cx - bodyWidth / 2} y={top} width={bodyWidth} height={Math.max(1, bottom - top)} fill={up ? '#fff' : color} stroke={color} strokeWidth={1} />
    </g>
  );
}

/**
 * Daily bars of one instrument: the close (VWAP of the day's listed trades, else the previous
 * close carried) as a line or as candles, and the listed volume as bars on a second axis.
 * Today's bar, still provisional while the day trades, is drawn lighter.
 */
export function PriceVolumeChart({ bars, height = 320, testId }: { bars: DailyBar[]; height?: number; testId?: string }) {
  const { t, lang } = useI18n();
  const [mode, setMode] = useState<'line' | 'candles'>('line');
  const data: Point[] = bars.map((b) => {
    const close = Number(b.close);
    const open = b.open === null ? close : Number(b.open);
    const high = b.high === null ? Math.max(open, close) : Number(b.high);
    const low = b.low === null ? Math.min(open, close) : Number(b.low);
    return { day: b.day, label: b.day.slice(5), close, open, high, low, range: [low, high], volume: b.volume, blockVolume: b.blockVolume, final: b.final };
  });
  const rise = RISE[lang];
  const fall = FALL[lang];
  const prices = data.flatMap((d) => [d.low, d.high]);
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const pad = Math.max(0.5, (hi - lo) * 0.1);
  const provisional = t.market.provisional;
  // Volume bars use the lower third of the chart, on round ticks.
  const volumeStep = niceCeil(Math.max(1000, ...data.map((d) => d.volume)));
  return (
    <div data-testid={testId}>
      <div className="chart-toolbar">
        <div className="seg" role="group" aria-label={t.market.chartMode}>
          {(['line', 'candles'] as const).map((m) => (
            <button key={m} type="button" className={m === mode ? 'on' : undefined} aria-pressed={m === mode} onClick={() => setMode(m)} data-testid={testId ? `${testId}-${m}` : undefined}>
              {m === 'line' ? t.market.chartLine : t.market.chartCandles}
            </button>
          ))}
        </div>
      </div>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 12, right: 8, bottom: 4, left: 4 }} barCategoryGap="20%">
            <CartesianGrid strokeDasharray="3 3" stroke="#e4e9e6" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#4d5b55' }} axisLine={{ stroke: '#c7d0cc' }} tickLine={false} minTickGap={12} />
            <YAxis
              yAxisId="price"
              domain={[Math.max(0, Math.floor((lo - pad) * 10) / 10), Math.ceil((hi + pad) * 10) / 10]}
              tickFormatter={(v: number) => v.toFixed(2)}
              tick={{ fontSize: 12, fill: '#4d5b55' }}
              axisLine={false}
              tickLine={false}
              width={56}
            />
            <YAxis
              yAxisId="volume"
              orientation="right"
              domain={[0, volumeStep * 3]}
              ticks={[0, volumeStep, volumeStep * 2, volumeStep * 3]}
              tickFormatter={(v: number) => compactTonnes(v, lang)}
              tick={{ fontSize: 12, fill: '#7a8882' }}
              axisLine={false}
              tickLine={false}
              width={56}
            />
            <Tooltip
              contentStyle={{ borderRadius: 6, border: '1px solid #dfe5e2', fontSize: 12.5 }}
              labelFormatter={(_l, items) => {
                const p = items?.[0]?.payload as Point | undefined;
                return p ? `${p.day}${p.final ? '' : ` (${provisional})`}` : '';
              }}
              formatter={(value, name, item) => {
                const p = item.payload as Point;
                if (name === t.market.volume) return [`${tonnes(Number(value))} ${t.common.tonnes}`, String(name)];
                if (name === t.market.range) return [`${t.market.open} ${amount(p.open.toFixed(2))} · ${t.market.high} ${amount(p.high.toFixed(2))} · ${t.market.low} ${amount(p.low.toFixed(2))} · ${t.market.closeShort} ${amount(p.close.toFixed(2))}`, t.market.ohlc];
                return [amount(Number(value).toFixed(2)), String(name)];
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12.5 }} />
            <Bar yAxisId="volume" dataKey="volume" name={t.market.volume} fill="#8aa5c8" maxBarSize={28} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.day} fill={d.final ? '#8aa5c8' : '#c9d6e6'} />
              ))}
            </Bar>
            {mode === 'line' ? (
              <Line
                yAxisId="price"
                type="linear"
                dataKey="close"
                name={t.market.close}
                stroke="#0f6b4f"
                strokeWidth={2}
                dot={{ r: 2.5 }}
                isAnimationActive={false}
              />
            ) : (
              <Bar
                yAxisId="price"
                dataKey="range"
                name={t.market.range}
                fill={rise}
                isAnimationActive={false}
                shape={(p: BarShapeProps) => <Candle {...p} rise={rise} fall={fall} />}
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
