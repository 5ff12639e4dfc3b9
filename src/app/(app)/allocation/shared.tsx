import type { Problem } from '@/domain/problems';
import type { Dictionary, Lang } from '@/i18n';
import { renderProblem } from '@/i18n/problems';
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
 * A line's (or an installation's) problems in the user's language. A run prepared before problems
 * were data has only their English text (`stored`), shown as it is.
 */
export function problemsText(problems: readonly Problem[] | undefined, stored: string | null, lang: Lang): string | null {
  if (problems?.length) return problems.map((p) => renderProblem(p, lang)).join(lang === 'zh' ? '' : ' ');
  return stored;
}

/** Province name in the user's language. */
export const provinceLabel = (code: string, provinces: { provinceCode: string; provinceName: string; provinceNameZh: string }[], lang: Lang) => {
  const p = provinces.find((x) => x.provinceCode === code);
  return p ? (lang === 'zh' ? p.provinceNameZh : p.provinceName) : code;
};
