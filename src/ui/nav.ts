import type { Role } from '@/generated/prisma/enums';
import type { Dictionary } from '@/i18n';

/** The signed-in pages and which roles see them in the left navigation (and may open them). */
export type NavKey = Exclude<keyof Dictionary['nav'], 'menu'>;

export interface NavItem {
  key: NavKey;
  href: string;
  roles: Role[];
}

const HOLDERS: Role[] = ['ENTITY_TRADER', 'COMPLIANCE_OFFICER', 'INVESTOR'];
/** Roles that trade (TRADER_ROLES in src/server/trading/participants.ts). */
const TRADERS: Role[] = ['ENTITY_TRADER', 'INVESTOR'];
/** The exchange operator's pages (the services also let ADMIN act). */
const EXCHANGE: Role[] = ['EXCHANGE_OPERATOR', 'ADMIN'];
const EVERYONE: Role[] = ['ENTITY_TRADER', 'COMPLIANCE_OFFICER', 'INVESTOR', 'PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR', 'REGISTRY_OPERATOR', 'EXCHANGE_OPERATOR', 'ADMIN'];
/** Two-factor sign-in is offered to regulators and operators (mayUseTwoFactor in src/server/identity/credentials.ts). */
const TWO_FACTOR: Role[] = ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR', 'REGISTRY_OPERATOR', 'EXCHANGE_OPERATOR', 'ADMIN'];

/** In display order; a user's home page is the first item their roles allow. */
export const NAV: NavItem[] = [
  { key: 'holdings', href: '/holdings', roles: HOLDERS },
  { key: 'trading', href: '/trading', roles: TRADERS },
  { key: 'movements', href: '/movements', roles: HOLDERS },
  // Covered entities surrender for a year (COMPLIANCE_OFFICER, as the services require).
  { key: 'compliance', href: '/compliance', roles: ['COMPLIANCE_OFFICER'] },
  { key: 'accounts', href: '/accounts', roles: ['REGISTRY_OPERATOR', 'ADMIN'] },
  { key: 'organisations', href: '/organisations', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR', 'ADMIN'] },
  // Verification of emission reports: the province's regulator (national: every province).
  { key: 'complianceReports', href: '/compliance/reports', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'] },
  // Compliance overview charts, the covered-entity list and allocation: regulators (national: every province, and policy).
  { key: 'complianceOverview', href: '/compliance/overview', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'] },
  // The compliance policy (offsets, banking, penalties, GWP table, deadlines): regulators read it, the national regulator changes it.
  { key: 'compliancePolicy', href: '/compliance/policy', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'] },
  { key: 'coveredEntities', href: '/compliance/entities', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'] },
  { key: 'allocation', href: '/allocation', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'] },
  { key: 'allocationRules', href: '/allocation/rules', roles: ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR'] },
  { key: 'exchange', href: '/exchange', roles: EXCHANGE },
  { key: 'exchangeInstruments', href: '/exchange/instruments', roles: EXCHANGE },
  { key: 'exchangeParticipants', href: '/exchange/participants', roles: EXCHANGE },
  // The national regulator may read the surveillance output; only the exchange acts on it.
  { key: 'surveillance', href: '/exchange/surveillance', roles: [...EXCHANGE, 'NATIONAL_REGULATOR'] },
  { key: 'marketSettings', href: '/exchange/settings', roles: EXCHANGE },
  // One-way auctions (paid allocation): announcers and regulators oversee, eligible participants bid (same pages, their view).
  { key: 'auctions', href: '/auctions', roles: ['EXCHANGE_OPERATOR', 'NATIONAL_REGULATOR', 'PROVINCIAL_REGULATOR', 'ADMIN', ...TRADERS] },
  { key: 'transfers', href: '/transfers', roles: [...HOLDERS, 'REGISTRY_OPERATOR', 'ADMIN'] },
  { key: 'encumbrances', href: '/encumbrances', roles: ['REGISTRY_OPERATOR', 'ADMIN'] },
  { key: 'ledger', href: '/ledger', roles: ['REGISTRY_OPERATOR', 'NATIONAL_REGULATOR', 'EXCHANGE_OPERATOR', 'ADMIN'] },
  { key: 'audit', href: '/audit', roles: ['REGISTRY_OPERATOR', 'NATIONAL_REGULATOR', 'EXCHANGE_OPERATOR', 'ADMIN'] },
  { key: 'cash', href: '/cash', roles: ['EXCHANGE_OPERATOR', 'ADMIN'] },
  // CCER projects and their offset eligibility: public registry data; the registry operator registers.
  { key: 'ccerProjects', href: '/ccer-projects', roles: EVERYONE },
  // Public (no sign-in needed, see src/app/market); listed for every role.
  { key: 'market', href: '/market', roles: EVERYONE },
  // Last, so it is never a role's home page.
  { key: 'security', href: '/security', roles: TWO_FACTOR },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}

export function homeFor(roles: readonly Role[]): string {
  return navFor(roles)[0]?.href ?? '/login';
}

export function mayOpen(roles: readonly Role[], key: NavKey): boolean {
  return NAV.some((item) => item.key === key && item.roles.some((r) => roles.includes(r)));
}
