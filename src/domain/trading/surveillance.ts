/**
 * Risk controls and abnormal-trading monitoring (风险管理 / 异常交易监控), as pure rules:
 * position limits and the alerts raised on trades and cancellations. (The large-holder report is
 * raised by the database as it records trades: crosses_large_holder_threshold, in the migrations.)
 */
import type { PriceBand } from './priceBand';
import { isAtBandLimit } from './priceBand';
import type Decimal from 'decimal.js';

export type AlertKind = 'SELF_TRADE' | 'RELATED_ACCOUNTS' | 'BAND_LIMIT' | 'LIST_AND_CANCEL';

export interface TradeParty {
  accountId: number;
  organisationId: number | null;
  /** The corporate group the organisation belongs to, if any. */
  groupName: string | null;
}

/** A group name compared case- and space-insensitively; a blank name is no group. */
const groupKey = (groupName: string | null) => groupName?.trim().toLowerCase() || null;

/** Alerts one trade raises: the same account on both sides, two accounts of one group, a price on a band limit. */
export function tradeAlerts(buyer: TradeParty, seller: TradeParty, price: Decimal, band: PriceBand): AlertKind[] {
  const alerts: AlertKind[] = [];
  const group = groupKey(buyer.groupName);
  if (buyer.accountId === seller.accountId) alerts.push('SELF_TRADE');
  else if (group !== null && group === groupKey(seller.groupName)) alerts.push('RELATED_ACCOUNTS');
  if (isAtBandLimit(price, band)) alerts.push('BAND_LIMIT');
  return alerts;
}

/**
 * Repeated list-and-cancel: the participant's cancellations today reached the threshold. The alert
 * is raised once per participant and day (the database keeps it unique), so a count that jumps
 * past the threshold under concurrent cancels still raises it.
 */
export const isListAndCancelPattern = (cancelledToday: number, threshold: number) => threshold > 0 && cancelledToday >= threshold;

/**
 * Position limit (最大持仓量限制): a buy may not take the participant's position in an instrument
 * (holdings of every bucket, plus what its open buy orders would add) beyond its class's limit.
 */
export function breachesPositionLimit(position: bigint, openBuys: bigint, order: bigint, limit: bigint | null): boolean {
  return limit !== null && position + openBuys + order > limit;
}

