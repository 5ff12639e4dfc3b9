import { db } from '@/db/client';
import { scopeOf, type Permission, type Scope } from '@/domain/identity/permissions';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';

/**
 * Refuses unless the actor holds `permission` (a regulators' permission: provincial or national
 * scope) for something of `provinceCode`, and returns the scope held. Without the permission, or
 * outside a provincial regulator's province, it answers 403 FORBIDDEN: the code this context's API
 * has always answered there (authorize with a target would answer OUTSIDE_PROVINCE).
 */
export function authorizeInProvince(actor: Actor, permission: Permission, provinceCode: string | null): Scope {
  const scope = authorize(actor, permission);
  if (scope === 'all') return scope;
  if (scope === 'province' && provinceCode !== null && provinceCode === actor.provinceCode) return scope;
  throw fail('FORBIDDEN', {});
}

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
  authorizeInProvince(actor, 'compliance.oversee', org.provinceCode);
}
