/**
 * Where a test database's market clock starts: every integration test file's database is cloned
 * from a template whose demo clock stands at 09:00 (before the open) of this Monday, with the
 * trading day before it closed. Tests derive their days and years from the clock, never from
 * today's date, so the suite passes on any date (CI runs it again with the date a year ahead).
 */
export const TEST_MARKET_START = '2026-11-16';
/** The trading day before TEST_MARKET_START (a Friday): already closed when a test starts. */
export const TEST_MARKET_CLOSED_THROUGH = '2026-11-13';
