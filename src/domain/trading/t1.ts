/**
 * T+1 for allowances: units bought today cannot be sold (listed, taken or used in a block sale)
 * before the next trading day. Today's purchases sit in the available balance like any other
 * units, so what may be sold is the available balance less today's purchases (never below zero).
 * Cash from a sale is usable at once: there is no cash counterpart.
 */
export function sellableQuantity(available: bigint, boughtToday: bigint): bigint {
  const sellable = available - boughtToday;
  return sellable > 0n ? sellable : 0n;
}
