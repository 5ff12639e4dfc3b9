import { scopeOf, type Permission } from '@/domain/identity/permissions';
import type { Dictionary, Lang } from '@/i18n';
import type { DeductionView } from '@/server/compliance/penalties';
import type { Actor } from '@/server/identity/actor';
import { listProvinces } from '@/server/registry/queries';
import { Badge, type Tone } from '@/ui/Badge';
import { orgName } from '@/ui/format';

/** What the closing and penalty pages share: the regulator's scope, and the deduction's status badge. */

/**
 * The regulator's scope on a page: the national regulator every province or the one in
 * `?province=` (`province`, with the switch's `provinces`), a provincial regulator its own; the
 * scope's name and the provinces' names in the reader's language.
 */
export async function regulatorScope(actor: Actor, permission: Permission, asked: string | string[] | undefined, lang: Lang, allLabel: string) {
  const national = scopeOf(actor.roles, permission) === 'all';
  const all = await listProvinces();
  const provinces = national ? all : [];
  const province = national ? provinces.find((p) => p.code === asked)?.code : undefined;
  const own = all.find((p) => p.code === (national ? province : actor.provinceCode));
  const provinceName = (code: string | null) => {
    const found = all.find((p) => p.code === code);
    return found ? orgName(found, lang) : code;
  };
  return { national, provinces, province, scope: own ? orgName(own, lang) : allLabel, provinceName };
}

const DEDUCTION_TONE: Record<DeductionView['status'], Tone> = { SCHEDULED: 'amber', APPLIED: 'gray', CORRECTED: 'green' };

export function DeductionBadge({ status, t, testId }: { status: DeductionView['status']; t: Dictionary; testId?: string }) {
  return (
    <Badge tone={DEDUCTION_TONE[status]} testId={testId}>
      {t.penalties.status[status]}
    </Badge>
  );
}
