import type { Role } from '@/generated/prisma/enums';

/**
 * The one list of who may do what: each permission `resource.action` names the roles that hold it
 * and, per role, its scope — `own` (the actor's own organisation), `province` (organisations of
 * the actor's province), `all` (every organisation and province). Services call
 * `authorize(actor, permission, target)` (src/server/identity/authorize.ts); the navigation and the
 * page guards read the same list (`can`). Nothing else lists roles.
 */
export type Scope = 'own' | 'province' | 'all';
type Grant = Partial<Record<Role, Scope>>;

const HOLDERS = { ENTITY_TRADER: 'own', COMPLIANCE_OFFICER: 'own', INVESTOR: 'own' } as const satisfies Grant;
const TRADERS = { ENTITY_TRADER: 'own', INVESTOR: 'own' } as const satisfies Grant;
const REGULATORS = { PROVINCIAL_REGULATOR: 'province', NATIONAL_REGULATOR: 'all' } as const satisfies Grant;
const EXCHANGE = { EXCHANGE_OPERATOR: 'all', ADMIN: 'all' } as const satisfies Grant;
const REGISTRY = { REGISTRY_OPERATOR: 'all', ADMIN: 'all' } as const satisfies Grant;
const OVERSIGHT = { REGISTRY_OPERATOR: 'all', EXCHANGE_OPERATOR: 'all', NATIONAL_REGULATOR: 'all', ADMIN: 'all' } as const satisfies Grant;

export const PERMISSIONS = {
  // Registry: accounts and holdings
  /** Holds allowances in an own registry account (the holder's pages: holdings, movements). */
  'holdings.hold': HOLDERS,
  'holdings.read': { ...HOLDERS, PROVINCIAL_REGULATOR: 'province', NATIONAL_REGULATOR: 'all', REGISTRY_OPERATOR: 'all', EXCHANGE_OPERATOR: 'all', ADMIN: 'all' },
  'cash.read': { ...HOLDERS, REGISTRY_OPERATOR: 'all', EXCHANGE_OPERATOR: 'all', ADMIN: 'all' },
  'cash.deposit': EXCHANGE,
  'accounts.read': { PROVINCIAL_REGULATOR: 'province', NATIONAL_REGULATOR: 'all', REGISTRY_OPERATOR: 'all', EXCHANGE_OPERATOR: 'all', ADMIN: 'all' },
  'accounts.manage': REGISTRY,
  'organisations.read': { PROVINCIAL_REGULATOR: 'province', NATIONAL_REGULATOR: 'all', ADMIN: 'all' },
  'registry.issue': { NATIONAL_REGULATOR: 'all', REGISTRY_OPERATOR: 'all', ADMIN: 'all' },
  'registry.distribute': { NATIONAL_REGULATOR: 'all', ADMIN: 'all' },
  'registry.allocate': { PROVINCIAL_REGULATOR: 'province', NATIONAL_REGULATOR: 'all', ADMIN: 'all' },
  'registry.allocateCcer': REGISTRY,
  'registry.cancel': HOLDERS,
  'encumbrances.read': { ...REGISTRY, NATIONAL_REGULATOR: 'all' },
  'encumbrances.manage': REGISTRY,
  'transfers.read': { ...HOLDERS, ...REGISTRY },
  'transfers.request': { ...HOLDERS, ...REGISTRY },
  'transfers.decide': REGISTRY,
  /** Cancel a delayed transfer during its delay: either side, or the registry operator. */
  'transfers.cancel': { ...HOLDERS, ...REGISTRY },
  /** An account's trusted account list: its representatives keep it, the registry operator sees every list. */
  'trustedAccounts.read': { ...HOLDERS, ...REGISTRY },
  /** Request the addition (approved by a second representative) or the removal of a trusted account. */
  'trustedAccounts.manage': HOLDERS,
  /** The approvals page and API: four-eyes requests one may decide or made; every role that approves under the rule set (src/domain/registry/fourEyes.ts) reads it (tests/unit/domain/registry/fourEyes.test.ts). */
  'approvals.read': { ...HOLDERS, ...REGISTRY, ...REGULATORS, ...EXCHANGE },
  /** Correct an erroneous movement with a reversing entry (four eyes; a senior role approves). */
  'registry.reverse': REGISTRY,
  'ccerProjects.read': { ...HOLDERS, ...REGULATORS, REGISTRY_OPERATOR: 'all', EXCHANGE_OPERATOR: 'all', ADMIN: 'all' },
  'ccerProjects.register': REGISTRY,
  'ledger.verify': OVERSIGHT,
  'audit.read': OVERSIGHT,

  // Trading
  'trading.trade': TRADERS,
  'market.operate': EXCHANGE,
  'market.oversee': { ...EXCHANGE, NATIONAL_REGULATOR: 'all' },

  // Auctions (paid allocation)
  /** The auction pages: overseers see every auction, eligible participants the ones they may bid in. */
  'auctions.read': { ...REGULATORS, ...EXCHANGE, ...TRADERS },
  'auctions.announce': { NATIONAL_REGULATOR: 'all', ...EXCHANGE },
  'auctions.run': EXCHANGE,
  'auctions.oversee': { ...REGULATORS, REGISTRY_OPERATOR: 'all', ...EXCHANGE },
  'auctions.bid': TRADERS,
  'auctions.setAside': { NATIONAL_REGULATOR: 'all', ADMIN: 'all' },
  'auctions.accountRead': { NATIONAL_REGULATOR: 'all', ...EXCHANGE },

  // Compliance and allocation
  'compliance.report': { COMPLIANCE_OFFICER: 'own' },
  'compliance.surrender': { COMPLIANCE_OFFICER: 'own' },
  'compliance.statusRead': { COMPLIANCE_OFFICER: 'own', ENTITY_TRADER: 'own', ...REGULATORS },
  'compliance.verify': REGULATORS,
  'compliance.oversee': REGULATORS,
  'compliance.close': REGULATORS,
  'compliance.policySet': { NATIONAL_REGULATOR: 'all' },
  'coverage.manage': { PROVINCIAL_REGULATOR: 'province' },
  'allocation.plan': { NATIONAL_REGULATOR: 'all' },
  'allocation.rulesSet': { NATIONAL_REGULATOR: 'all' },
  'allocation.installations': { PROVINCIAL_REGULATOR: 'province' },
  'allocation.run': { PROVINCIAL_REGULATOR: 'province' },

  // Market analysis (DOMAIN §7) and the carbon balance sheet (§7a)
  /** The analysis pages and /api/v1/analytics: the national regulator every province, a provincial one its own. */
  'analysis.read': REGULATORS,
  /** The dated series of coal and gas prices the fuel-switch price is computed from (one national series). */
  'analysis.fuelPricesSet': { NATIONAL_REGULATOR: 'all' },
  /** The shares of auction revenue earmarked per use. */
  'analysis.earmarkSet': { NATIONAL_REGULATOR: 'all' },
  /** The carbon balance sheet: a covered entity its own; regulators the entities in their scope. */
  'balanceSheet.read': { COMPLIANCE_OFFICER: 'own', ENTITY_TRADER: 'own', ...REGULATORS },
  /** The monthly emission figures an entity enters for its forecast. */
  'balanceSheet.forecast': { COMPLIANCE_OFFICER: 'own' },

  // The policy sandbox (issue 15)
  /** Read scenarios: the national regulator every one, a provincial regulator its province's. */
  'sandbox.read': REGULATORS,
  /** Create scenarios in one's scope, and run or delete one's own. */
  'sandbox.manage': REGULATORS,

  // Users
  /** End every browser session and revoke every API token of a user (a stolen laptop, a leaver). */
  'users.endSessions': { REGISTRY_OPERATOR: 'all', ADMIN: 'all' },

  // The signed-in user's own settings
  /** One's own notifications (the bell, /notifications, /api/v1/me/notifications) and their preferences: every user. */
  'notifications.read': { ...HOLDERS, ...REGULATORS, REGISTRY_OPERATOR: 'all', ...EXCHANGE },
  /** Two-factor sign-in (TOTP) and transaction signing: offered to every user. */
  'security.twoFactor': { ...HOLDERS, ...REGULATORS, REGISTRY_OPERATOR: 'all', ...EXCHANGE },
  /**
   * Privileged users (regulators and operators): two-factor is mandatory for them in production
   * (APP_MODE=production), and their idle browser sessions end after IDLE_TIMEOUT_MINUTES.
   */
  'security.privileged': { ...REGULATORS, REGISTRY_OPERATOR: 'all', ...EXCHANGE },
  'market.read': { ...HOLDERS, ...REGULATORS, REGISTRY_OPERATOR: 'all', ...EXCHANGE },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;

const WIDTH: Record<Scope, number> = { own: 0, province: 1, all: 2 };

/** The widest scope the roles give for a permission, or null when none of them holds it. */
export function scopeOf(roles: readonly Role[], permission: Permission): Scope | null {
  const grant: Grant = PERMISSIONS[permission];
  let best: Scope | null = null;
  for (const role of roles) {
    const scope = grant[role];
    if (scope && (best === null || WIDTH[scope] > WIDTH[best])) best = scope;
  }
  return best;
}

/** Whether any of the roles holds the permission (in some scope). */
export const can = (roles: readonly Role[], permission: Permission): boolean => scopeOf(roles, permission) !== null;

/** Every role that holds a permission (for documentation and tests). */
export const rolesWith = (permission: Permission): Role[] => Object.keys(PERMISSIONS[permission]) as Role[];
