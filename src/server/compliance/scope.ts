import { db } from '@/db/client';
import { hasRole, type Actor } from '../identity/actor';

/**
 * The organisations whose compliance records an actor reads: every one for the national
 * regulator (undefined: no filter), its province's for a provincial regulator, else its own.
 * As a Prisma filter on `organisationId`.
 */
export async function organisationScope(actor: Actor): Promise<number | { in: number[] } | undefined> {
  if (hasRole(actor, 'NATIONAL_REGULATOR')) return undefined;
  if (hasRole(actor, 'PROVINCIAL_REGULATOR')) {
    const orgs = await db().organisation.findMany({ where: { provinceCode: actor.provinceCode ?? '-' }, select: { id: true } });
    return { in: orgs.map((o) => o.id) };
  }
  return actor.organisationId;
}
