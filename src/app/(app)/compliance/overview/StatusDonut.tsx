'use client';

import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';

export interface StatusSlice {
  key: string;
  label: string;
  value: number;
  color: string;
}

/**
 * The entities by compliance status as a donut, with the total in the middle and a legend that
 * lists every status (zero counts too, so the five statuses always read the same way).
 */
export function StatusDonut({ slices, total, totalLabel, testId }: { slices: StatusSlice[]; total: number; totalLabel: string; testId?: string }) {
  const shown = slices.filter((s) => s.value > 0);
  return (
    <div className="status-donut" data-testid={testId}>
      <div className="donut">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie data={shown} dataKey="value" nameKey="label" innerRadius="62%" outerRadius="96%" paddingAngle={shown.length > 1 ? 2 : 0} stroke="none" isAnimationActive={false}>
              {shown.map((s) => (
                <Cell key={s.key} fill={s.color} />
              ))}
            </Pie>
            <Tooltip formatter={(value, name) => [String(value), String(name)]} contentStyle={{ borderRadius: 6, border: '1px solid #dfe5e2', fontSize: 12.5 }} />
          </PieChart>
        </ResponsiveContainer>
        <div className="donut-total" aria-hidden>
          <strong>{total}</strong>
          <span>{totalLabel}</span>
        </div>
      </div>
      <ul className="donut-legend">
        {slices.map((s) => (
          <li key={s.key} data-testid={testId ? `${testId}-${s.key}` : undefined} className={s.value === 0 ? 'zero' : undefined}>
            <i style={{ background: s.color }} />
            <span>{s.label}</span>
            <strong>{s.value}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
