import { scopeOf, type Permission, type Scope } from '@/domain/identity/permissions';
import { DomainError, fail } from '../errors';
import type { Actor } from './actor';

/** What an action is on: an organisation and/or a province (an account's, a report's, a run's…). */
export interface Target {
  organisationId?: number | null;
  provinceCode?: string | null;
}

/**
 * Refuses unless the actor holds `permission` for `target` (src/domain/identity/permissions.ts),
 * and returns the scope it holds, so a list can filter by it. Outside the scope:
 * - `own`: another organisation's thing answers 404 NOT_FOUND (its existence is not revealed);
 * - `province`: another province's answers 403 FORBIDDEN (reason OUTSIDE_PROVINCE).
 * Without a target, only the permission itself is checked (the caller filters by the scope).
 */
export function authorize(actor: Actor, permission: Permission, target?: Target, notFoundAs: { what: 'account' | 'organisation'; id: number | string | null } = { what: 'organisation', id: target?.organisationId ?? null }): Scope {
  const scope = scopeOf(actor.roles, permission);
  if (scope === null) throw fail('FORBIDDEN', {});
  if (!target || scope === 'all') return scope;
  const ownTarget = target.organisationId !== undefined && target.organisationId !== null && target.organisationId === actor.organisationId;
  if (scope === 'own') {
    if (!ownTarget) throw fail('NOT_FOUND', notFoundAs);
    return scope;
  }
  // province: its own organisation's things too, else an organisation or system account of its province
  if (ownTarget) return scope;
  if (target.provinceCode === undefined || target.provinceCode === null || target.provinceCode !== actor.provinceCode) {
    throw fail('FORBIDDEN', { reason: 'OUTSIDE_PROVINCE', province: target.provinceCode ?? null });
  }
  return scope;
}

/** Whether the actor may (no throw): the same rule as `authorize`. */
export function may(actor: Actor, permission: Permission, target?: Target): boolean {
  try {
    authorize(actor, permission, target);
    return true;
  } catch {
    return false;
  }
}

/** Whether the actor may use `permission` on `target`: `authorize` without the refusal (to filter a batch). */
export function allows(actor: Actor, permission: Permission, target: Target): boolean {
  try {
    authorize(actor, permission, target);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}
