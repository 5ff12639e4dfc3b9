import type { NavKey } from '../nav';

const PATHS: Record<NavKey, string> = {
  holdings: 'M3 7h18v12H3zM3 7l2-3h14l2 3M8 12h8',
  movements: 'M7 4v16M7 4l-3 3M7 4l3 3M17 20V4M17 20l-3-3M17 20l3-3',
  transfers: 'M4 8h13l-3-3M20 16H7l3 3',
  accounts: 'M4 20V6l8-3 8 3v14M9 20v-5h6v5M8 9h.01M12 9h.01M16 9h.01',
  organisations: 'M3 21h18M5 21V8l7-5 7 5v13M9 13h6M9 17h6',
  encumbrances: 'M6 11V8a6 6 0 0 1 12 0v3M5 11h14v10H5zM12 15v2',
  ledger: 'M9 12l2 2 4-4M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z',
  audit: 'M8 4h8l4 4v12H4V4h4M8 10h8M8 14h8M8 18h5',
  cash: 'M3 6h18v12H3zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6M6 9v.01M18 15v.01',
  trading: 'M4 18l5-6 4 3 7-9M15 6h5v5',
  market: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  exchange: 'M3 13h4l3-8 4 14 3-6h4',
  exchangeInstruments: 'M4 6h16M4 12h16M4 18h10M18 16v4M16 18h4',
  exchangeParticipants: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M2 21v-1a6 6 0 0 1 12 0v1M17 11a3 3 0 1 0 0-6M22 21v-1a5 5 0 0 0-4-4.9',
  surveillance: 'M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6',
  marketSettings: 'M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4',
  compliance: 'M9 11l2 2 4-4M5 3h14v18l-3-2-2 2-2-2-2 2-2-2-3 2z',
  complianceReports: 'M14 3H6v18h12V7zM14 3v4h4M9 13l2 2 4-4',
  complianceOverview: 'M4 20V12M9 20V6M14 20v-9M19 20V9M3 20h18',
  compliancePolicy: 'M12 3v18M7 21h10M4 7h16M7 7l-3 7a3 3 0 0 0 6 0L7 7M17 7l-3 7a3 3 0 0 0 6 0l-3-7',
  coveredEntities: 'M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01',
  allocation: 'M12 3v6M12 9l-6 5M12 9l6 5M6 14v4M18 14v4M4 21h4M16 21h4M10 21h4M12 14v7',
  allocationRules: 'M4 4h16v16H4zM4 9h16M9 9v11',
  auctions: 'M14 4l6 6M11 7l6 6M12.5 5.5l-6 6 4 4 6-6M8.5 13.5L3 19M13 21h8',
  ccerProjects: 'M12 21c-4-3-7-6.5-7-11a7 7 0 0 1 14 0c0 4.5-3 8-7 11M12 21V11M12 14l-3-3M12 12l3-2',
  analysis: 'M3 3v18h18M7 15l4-4 3 3 6-7M17 7h3v3',
  balanceSheet: 'M12 3v18M5 7h14M5 7l-3 7a3 3 0 0 0 6 0L5 7M19 7l-3 7a3 3 0 0 0 6 0l-3-7M8 21h8',
  sandbox: 'M9 3h6M10 3v6l-5 9a2 2 0 0 0 1.7 3h10.6a2 2 0 0 0 1.7-3l-5-9V3M7.5 15h9',
  complianceClose: 'M5 3h14v18H5zM9 8h6M9 12h6M9 16l2 2 4-4',
  penalties: 'M12 3l9 16H3zM12 10v4M12 17v.01',
  approvals: 'M9 11l2 2 4-4M3 12a9 9 0 1 0 18 0 9 9 0 1 0-18 0M16 3.5l2 2M8 3.5l-2 2',
  trustedAccounts: 'M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7zM9 12h6M12 9v6',
  notifications: 'M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0',
  security: 'M15.5 7.5l2.3 2.3a1 1 0 0 0 1.4 0l2.1-2.1a1 1 0 0 0 0-1.4L19 4M21 2l-9.6 9.6M13 15.5a5.5 5.5 0 1 1-11 0 5.5 5.5 0 1 1 11 0',
};

export function NavIcon({ name }: { name: NavKey }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden className="nav-icon">
      <path d={PATHS[name]} />
    </svg>
  );
}
