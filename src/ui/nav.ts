import type { Role } from '@/generated/prisma/enums';
import { can, type Permission } from '@/domain/identity/permissions';
import type { Dictionary } from '@/i18n';

/**
 * The signed-in pages and the permission that opens each (src/domain/identity/permissions.ts, the
 * one list the services authorize with). The left navigation shows the pages a user's roles may
 * open; the page itself checks the same permission (guardedPage).
 */
export type NavKey = Exclude<keyof Dictionary['nav'], 'menu'>;

export interface NavItem {
  key: NavKey;
  href: string;
  permission: Permission;
}

/** In display order; a user's home page is the first item their roles allow. */
export const NAV: NavItem[] = [
  { key: 'holdings', href: '/holdings', permission: 'holdings.hold' },
  { key: 'trading', href: '/trading', permission: 'trading.trade' },
  { key: 'movements', href: '/movements', permission: 'holdings.hold' },
  { key: 'compliance', href: '/compliance', permission: 'compliance.surrender' },
  { key: 'accounts', href: '/accounts', permission: 'accounts.manage' },
  { key: 'organisations', href: '/organisations', permission: 'organisations.read' },
  { key: 'complianceReports', href: '/compliance/reports', permission: 'compliance.verify' },
  { key: 'complianceOverview', href: '/compliance/overview', permission: 'compliance.oversee' },
  { key: 'analysis', href: '/analysis', permission: 'analysis.read' },
  { key: 'balanceSheet', href: '/balance-sheet', permission: 'balanceSheet.read' },
  { key: 'sandbox', href: '/sandbox', permission: 'sandbox.read' },
  { key: 'complianceClose', href: '/compliance/close', permission: 'compliance.close' },
  { key: 'penalties', href: '/compliance/penalties', permission: 'compliance.oversee' },
  { key: 'compliancePolicy', href: '/compliance/policy', permission: 'compliance.oversee' },
  { key: 'coveredEntities', href: '/compliance/entities', permission: 'compliance.oversee' },
  { key: 'allocation', href: '/allocation', permission: 'compliance.oversee' },
  { key: 'allocationRules', href: '/allocation/rules', permission: 'compliance.oversee' },
  { key: 'exchange', href: '/exchange', permission: 'market.operate' },
  { key: 'exchangeInstruments', href: '/exchange/instruments', permission: 'market.operate' },
  { key: 'exchangeParticipants', href: '/exchange/participants', permission: 'market.operate' },
  { key: 'surveillance', href: '/exchange/surveillance', permission: 'market.oversee' },
  { key: 'marketSettings', href: '/exchange/settings', permission: 'market.operate' },
  { key: 'auctions', href: '/auctions', permission: 'auctions.read' },
  { key: 'transfers', href: '/transfers', permission: 'transfers.request' },
  { key: 'trustedAccounts', href: '/trusted-accounts', permission: 'trustedAccounts.manage' },
  { key: 'approvals', href: '/approvals', permission: 'approvals.read' },
  { key: 'encumbrances', href: '/encumbrances', permission: 'encumbrances.manage' },
  { key: 'ledger', href: '/ledger', permission: 'ledger.verify' },
  { key: 'audit', href: '/audit', permission: 'audit.read' },
  { key: 'cash', href: '/cash', permission: 'cash.deposit' },
  { key: 'ccerProjects', href: '/ccer-projects', permission: 'ccerProjects.read' },
  // Public (no sign-in needed, see src/app/market); listed for every role.
  { key: 'market', href: '/market', permission: 'market.read' },
  { key: 'notifications', href: '/notifications', permission: 'notifications.read' },
  // Last, so it is never a role's home page.
  { key: 'security', href: '/security', permission: 'security.twoFactor' },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => can(roles, item.permission));
}

export function homeFor(roles: readonly Role[]): string {
  return navFor(roles)[0]?.href ?? '/login';
}

export function mayOpen(roles: readonly Role[], key: NavKey): boolean {
  return NAV.some((item) => item.key === key && can(roles, item.permission));
}
