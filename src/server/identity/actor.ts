import type { OrganisationKind, Role } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { forbidden, unauthenticated } from '../errors';

/** Who is acting: a user, for the one organisation they belong to, with that user's roles. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  organisationId: number;
  organisationKind: OrganisationKind;
  /** The organisation's province; for a provincial regulator, the province it may act in. */
  provinceCode: string | null;
  roles: Role[];
}

export async function loadActor(userId: number): Promise<Actor> {
  const user = await db().user.findUnique({ where: { id: userId }, include: { organisation: true } });
  if (!user || user.disabled) throw unauthenticated('Your session is no longer valid. Sign in again.');
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    organisationKind: user.organisation.kind,
    provinceCode: user.organisation.provinceCode,
    roles: user.roles,
  };
}

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}.`);
}

/** Roles that may act on an organisation's own holdings (trade, cancel, request transfers). */
export const HOLDER_ROLES: Role[] = ['ENTITY_TRADER', 'COMPLIANCE_OFFICER', 'INVESTOR'];
export const OPERATOR_ROLES: Role[] = ['REGISTRY_OPERATOR', 'EXCHANGE_OPERATOR', 'ADMIN'];
export const REGULATOR_ROLES: Role[] = ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'];

export interface AccountScope {
  organisationId: number | null;
  /** Province of the account (its organisation's, or a province system account's). */
  provinceCode: string | null;
}

/**
 * Read access to an account's holdings and movements: the owner, the regulator of its province,
 * the national regulator, and operators. Cash is narrower: owner and operators only.
 */
export function canViewHoldings(actor: Actor, account: AccountScope): boolean {
  if (account.organisationId !== null && account.organisationId === actor.organisationId) return true;
  if (hasRole(actor, ...OPERATOR_ROLES, 'NATIONAL_REGULATOR')) return true;
  if (hasRole(actor, 'PROVINCIAL_REGULATOR')) return account.provinceCode !== null && account.provinceCode === actor.provinceCode;
  return false;
}

export function canViewCash(actor: Actor, account: AccountScope): boolean {
  if (account.organisationId !== null && account.organisationId === actor.organisationId) return true;
  return hasRole(actor, ...OPERATOR_ROLES);
}

/** A provincial regulator acts only inside its province; the national regulator everywhere. */
export function requireProvinceScope(actor: Actor, provinceCode: string | null): void {
  if (hasRole(actor, 'NATIONAL_REGULATOR', 'ADMIN')) return;
  if (hasRole(actor, 'PROVINCIAL_REGULATOR') && provinceCode !== null && actor.provinceCode === provinceCode) return;
  throw forbidden('This organisation is outside your province.');
}
