import { db } from '@/db/client';
import { scopeOf } from '@/domain/identity/permissions';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';

/**
 * The organisations whose compliance records an actor reads, as a Prisma filter on
 * `organisationId`: every one (undefined: no filter) for an overseer of every province, its
 * province's for a provincial one, else its own.
 */
export async function organisationScope(actor: Actor): Promise<number | { in: number[] } | undefined> {
  const scope = scopeOf(actor.roles, 'compliance.oversee');
  if (scope === 'all') return undefined;
  if (scope === 'province') {
    const orgs = await db().organisation.findMany({ where: { provinceCode: actor.provinceCode ?? '-' }, select: { id: true } });
    return { in: orgs.map((o) => o.id) };
  }
  return actor.organisationId;
}

/** An organisation's own records, or (regulators) another organisation's within their province: else 403 (404 if unknown). */
export async function requireOrganisationReader(actor: Actor, organisationId: number): Promise<void> {
  await requireOrganisationsReader(actor, [organisationId]);
}

/** requireOrganisationReader for many organisations at once (one query). */
export async function requireOrganisationsReader(actor: Actor, organisationIds: readonly number[]): Promise<void> {
  const others = [...new Set(organisationIds.filter((id) => id !== actor.organisationId))];
  if (others.length === 0) return;
  const orgs = await db().organisation.findMany({ where: { id: { in: others } }, select: { id: true, provinceCode: true } });
  const provinceOf = new Map(orgs.map((o) => [o.id, o.provinceCode]));
  for (const id of others) {
    if (!provinceOf.has(id)) throw fail('NOT_FOUND', { what: 'organisation', id });
    authorize(actor, 'compliance.oversee', { provinceCode: provinceOf.get(id) ?? null });
  }
}
