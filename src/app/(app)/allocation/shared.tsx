import type { Dictionary, Lang } from '@/i18n';
import { Badge, type Tone } from '@/ui/Badge';
import { tonnes } from '@/ui/format';

/** What the allocation page, the run page and their client components share (no server imports). */

export type RunStatus = 'PREVIEW' | 'CONFIRMED' | 'DISCARDED';
export type RunKind = 'PRE_ALLOCATION' | 'TRUE_UP';

export const RUN_TONE: Record<RunStatus, Tone> = { PREVIEW: 'amber', CONFIRMED: 'green', DISCARDED: 'gray' };

export function RunStatusBadge({ status, t, testId }: { status: RunStatus; t: Dictionary; testId?: string }) {
  return (
    <Badge tone={RUN_TONE[status]} testId={testId}>
      {t.allocationPage.statuses[status]}
    </Badge>
  );
}

/** "+1,200" / "−300" / "0" with the colour of the direction (issue / take back). */
export function SignedQuantity({ n, testId }: { n: number; testId?: string }) {
  return (
    <span className={n > 0 ? 'pos' : n < 0 ? 'neg' : 'faint'} data-testid={testId}>
      {n > 0 ? `+${tonnes(n)}` : n < 0 ? `−${tonnes(-n)}` : '0'}
    </span>
  );
}

/** Link to a run's page. */
export const runHref = (id: number) => `/allocation/runs/${id}`;

/**
 * A line's problem in the user's language. The services write it in English (it is stored with the
 * run); the known sentences are translated, anything else is shown as stored.
 */
export function problemText(problem: string, t: Dictionary, lang: Lang): string {
  if (lang === 'en') return problem;
  const p = t.allocationPage.problems;
  if (problem.startsWith('not allocated: ')) return p.notAllocated + problemText(problem.slice('not allocated: '.length), t, lang);
  const status = (s: string) => t.accountStatus[s as keyof Dictionary['accountStatus']] ?? s;
  return problem
    .replace(/The entity has no registry account\./g, p.noAccount)
    .replace(/Its registry account is (\w+): it cannot receive units\./g, (_m, s: string) => p.accountStatus.replace('{status}', status(s)))
    .replace(/No rule (\S+) for this year\./g, (_m, r: string) => p.noRule.replace('{rule}', r))
    .replace(/No previous year's output reported for (\S+?)\./g, (_m, i: string) => p.noOutputPrevious.replace('{installation}', i))
    .replace(/No verified output reported for (\S+?)\./g, (_m, i: string) => p.noOutputVerified.replace('{installation}', i))
    .replace(/No active installation\./g, p.noInstallation)
    .replace(/Take-back limited to the (\d+) t available \((\d+) t due\)\./g, (_m, a: string, d: string) => p.takeBackLimited.replace('{available}', tonnes(a)).replace('{due}', tonnes(d)))
    .replace(/。 /g, '。');
}

/** Province name in the user's language. */
export const provinceLabel = (code: string, provinces: { provinceCode: string; provinceName: string; provinceNameZh: string }[], lang: Lang) => {
  const p = provinces.find((x) => x.provinceCode === code);
  return p ? (lang === 'zh' ? p.provinceNameZh : p.provinceName) : code;
};
