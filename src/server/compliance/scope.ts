import { db } from '@/db/client';
import { notFound } from '../errors';
import { hasRole, requireProvinceScope, requireRole, type Actor } from '../identity/actor';

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

/** An organisation's own records, or (regulators) another organisation's within their province: else 403 (404 if unknown). */
export async function requireOrganisationReader(actor: Actor, organisationId: number): Promise<void> {
  if (organisationId === actor.organisationId) return;
  const org = await db().organisation.findUnique({ where: { id: organisationId }, select: { provinceCode: true } });
  if (!org) throw notFound(`Organisation ${organisationId}`);
  requireRole(actor, 'PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR');
  requireProvinceScope(actor, org.provinceCode);
}
