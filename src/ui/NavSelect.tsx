'use client';

import { useRouter } from 'next/navigation';

/**
 * A choice among many pages of one view (e.g. the 31 provinces): a select that goes to the chosen
 * option's link. For a few, a row of links (`.seg`) reads better; this is for when they would not fit.
 */
export function NavSelect({ options, value, label, testId }: { options: { href: string; label: string }[]; value: string; label: string; testId?: string }) {
  const router = useRouter();
  return (
    <select className="input" aria-label={label} title={label} value={value} onChange={(e) => router.push(e.target.value)} data-testid={testId} style={{ width: 'auto' }}>
      {options.map((o) => (
        <option key={o.href} value={o.href}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
