import Link from 'next/link';
import { daysBetween } from '@/domain/trading/calendar';
import type { Dictionary } from '@/i18n';
import { yearSchema } from '@/schemas/compliance';
import type { ComplianceStatusView } from '@/server/compliance/surrenders';
import { Badge, type Tone } from '@/ui/Badge';
import { NavSelect } from '@/ui/NavSelect';
import { tonnes } from '@/ui/format';

/** What the compliance pages (the entity's and the regulator's) share: the year, the status colours, the deadline. */

export type ComplianceStatus = ComplianceStatusView['status'];

export const COMPLIANCE_TONE: Record<ComplianceStatus, Tone> = {
  NOT_DUE: 'gray', IN_PROGRESS: 'blue', COMPLIANT: 'green', PARTIAL: 'amber', DEFAULTED: 'red',
};

export const REPORT_TONE: Record<'SUBMITTED' | 'VERIFIED' | 'NONE', Tone> = { SUBMITTED: 'amber', VERIFIED: 'green', NONE: 'gray' };

export function ComplianceBadge({ status, t, testId }: { status: ComplianceStatus; t: Dictionary; testId?: string }) {
  return (
    <Badge tone={COMPLIANCE_TONE[status]} testId={testId}>
      {t.complianceStatus[status]}
    </Badge>
  );
}

/** The compliance year of the page: `?year=` when valid, else the last finished year on the market clock. */
export function pickYear(asked: string | string[] | undefined, marketDate: string): { year: number; years: number[] } {
  const marketYear = Number(marketDate.slice(0, 4));
  const parsed = yearSchema.safeParse(Array.isArray(asked) ? asked[0] : asked);
  const year = parsed.success && parsed.data <= marketYear ? parsed.data : marketYear - 1;
  // The last three finished years, and the asked one when older.
  const years = [marketYear - 1, marketYear - 2, marketYear - 3];
  if (!years.includes(year)) years.push(year);
  return { year, years: years.sort((a, b) => b - a) };
}

/** Whole days from the market date to a deadline (negative once it has passed). */
export function daysUntil(today: string, deadline: string): number {
  return daysBetween(today, deadline);
}

/** Segmented links to the years, keeping the other query parameters (e.g. the province). */
export function YearSwitch({ years, year, basePath, label, params = {} }: { years: number[]; year: number; basePath: string; label: string; params?: Record<string, string> }) {
  const href = (y: number) => `${basePath}?${new URLSearchParams({ ...params, year: String(y) }).toString()}`;
  return (
    <div className="seg" role="group" aria-label={label} data-testid="year-switch">
      {years.map((y) => (
        <Link key={y} href={href(y)} className={y === year ? 'on' : undefined} aria-current={y === year ? 'page' : undefined} data-testid={`year-${y}`}>
          {y}
        </Link>
      ))}
    </div>
  );
}

/** Up to this many provinces the switch is a row of links, beyond it a select. */
export const PROVINCE_LINKS_AT_MOST = 6;

/** The national regulator's province filter: every province, or one (`?province=`), keeping the year if the view has one. */
export function ProvinceSwitch({ provinces, province, year, basePath, label, allLabel, lang }: {
  provinces: { code: string; name: string; nameZh: string }[];
  province: string | undefined;
  /** Kept in the links when the view is of a year. */
  year?: number;
  basePath: string;
  label: string;
  allLabel: string;
  lang: 'en' | 'zh';
}) {
  const href = (code?: string) => {
    const query = new URLSearchParams({ ...(year !== undefined ? { year: String(year) } : {}), ...(code ? { province: code } : {}) }).toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  // The national market's 31 provinces do not fit a row of links: a select then.
  if (provinces.length > PROVINCE_LINKS_AT_MOST) {
    const options = [{ href: href(), label: allLabel }, ...provinces.map((p) => ({ href: href(p.code), label: lang === 'zh' ? p.nameZh : p.name }))];
    return <NavSelect options={options} value={href(province)} label={label} testId="province-switch" />;
  }
  return (
    <div className="seg" role="group" aria-label={label} data-testid="province-switch">
      <Link href={href()} className={!province ? 'on' : undefined}>
        {allLabel}
      </Link>
      {provinces.map((p) => (
        <Link key={p.code} href={href(p.code)} className={province === p.code ? 'on' : undefined}>
          {lang === 'zh' ? p.nameZh : p.name}
        </Link>
      ))}
    </div>
  );
}

/** A decimal quantity string with grouped thousands and no trailing zeros: "12500.250" → "12,500.25". */
export function decimalTonnes(s: string): string {
  const [int = '0', frac = ''] = s.split('.');
  const f = frac.replace(/0+$/, '');
  return `${tonnes(int)}${f ? `.${f}` : ''}`;
}
