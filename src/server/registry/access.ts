import type { Permission, Scope } from '@/domain/identity/permissions';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';

/** A registry account as authorization sees it: its organisation and province. */
export interface AccountTarget {
  organisationId: number | null;
  /** The account's province (its organisation's, or a province system account's). */
  provinceCode: string | null;
}

/**
 * `authorize` for one registry account, with the answers the registry API has always given
 * (tests/integration/http/accounts.test.ts): without the permission 403 FORBIDDEN; a holder (`own`
 * scope) asking about another organisation's account 404 NOT_FOUND, as if it did not exist; a
 * provincial regulator outside its province 403 FORBIDDEN. Returns the scope held.
 */
export function authorizeAccount(actor: Actor, permission: Permission, account: AccountTarget): Scope {
  const scope = authorize(actor, permission);
  if (scope === 'all' || (account.organisationId !== null && account.organisationId === actor.organisationId)) return scope;
  // The id is not repeated: the answer is the same as for an account that does not exist.
  if (scope === 'own') throw fail('NOT_FOUND', { what: 'account', id: null });
  if (account.provinceCode !== null && account.provinceCode === actor.provinceCode) return scope;
  throw fail('FORBIDDEN', {});
}
