import { defineProblems } from './define';

/** The trading context's problem codes (texts: src/i18n/problems/trading.ts). */
export const TRADING_PROBLEMS = defineProblems({
  /**
   * The session of the method is closed now (`marketTime` "2026-12-07 15:05", `phase` a MarketPhase);
   * or (`dayEndDue`) the previous trading day's day end is due and has not run yet: send again.
   */
  SESSION_CLOSED: { kind: 'CONFLICT', params: {} as { method: 'LISTED' | 'BLOCK'; marketTime: string; phase: string; dayEndDue: boolean } },
});
