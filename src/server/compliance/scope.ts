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
  if (organisationId === actor.organisationId) return;
  const org = await db().organisation.findUnique({ where: { id: organisationId }, select: { provinceCode: true } });
  if (!org) throw fail('NOT_FOUND', { what: 'organisation', id: organisationId });
  authorize(actor, 'compliance.oversee', { provinceCode: org.provinceCode });
}
