/**
 * Price-time priority over a listed-agreement book. A taker may only take listings within the
 * best FIVE price levels of the other side, always at the lister's price. A take submitted as a
 * limit price and quantity sweeps the best listings — best price first, oldest first at equal
 * price — never beyond its limit and never beyond the fifth level.
 */
import type Decimal from 'decimal.js';

export type Side = 'BUY' | 'SELL';

export const TAKEABLE_PRICE_LEVELS = 5;

export interface BookListing {
  id: bigint;
  side: Side;
  price: Decimal;
  remaining: bigint;
  /** Time priority: earlier (smaller) first. */
  sequence: bigint;
}

export interface Fill {
  listingId: bigint;
  price: Decimal;
  quantity: bigint;
}

export const oppositeSide = (side: Side): Side => (side === 'BUY' ? 'SELL' : 'BUY');

/** Sorts one side of the book best first: lowest offers / highest bids, then oldest. */
export function byPriceTimePriority(a: BookListing, b: BookListing): number {
  const byPrice = a.side === 'SELL' ? a.price.comparedTo(b.price) : b.price.comparedTo(a.price);
  if (byPrice !== 0) return byPrice;
  return a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0;
}

/** The best `levels` distinct prices of one side of the book, best first. */
export function bestPriceLevels(listings: readonly BookListing[], levels = TAKEABLE_PRICE_LEVELS): Decimal[] {
  const sorted = [...listings].sort(byPriceTimePriority);
  const prices: Decimal[] = [];
  for (const l of sorted) {
    if (prices.length > 0 && prices[prices.length - 1]!.eq(l.price)) continue;
    if (prices.length === levels) break;
    prices.push(l.price);
  }
  return prices;
}

/** True when `price` is within the best `levels` price levels of its side. */
export function isWithinBestLevels(listings: readonly BookListing[], price: Decimal, levels = TAKEABLE_PRICE_LEVELS): boolean {
  return bestPriceLevels(listings, levels).some((p) => p.eq(price));
}

/** A limit price is acceptable to a taker: a buyer pays at most it, a seller receives at least it. */
export const acceptsPrice = (takerSide: Side, limit: Decimal, price: Decimal) => (takerSide === 'BUY' ? price.lte(limit) : price.gte(limit));

/**
 * The fills of a sweep: `takerSide` BUY takes SELL listings (and vice versa) best first, up to
 * `quantity`, never at a price beyond `limit` nor beyond the fifth price level. Listings of the
 * taker's own side are ignored. Returns the fills in execution order; their sum may be less than
 * `quantity` when the book is too thin (the rest is not kept: a take is not a listing).
 */
export function sweep(book: readonly BookListing[], takerSide: Side, limit: Decimal, quantity: bigint, levels = TAKEABLE_PRICE_LEVELS): Fill[] {
  const other = book.filter((l) => l.side === oppositeSide(takerSide) && l.remaining > 0n);
  const allowed = bestPriceLevels(other, levels);
  const fills: Fill[] = [];
  let left = quantity;
  for (const l of [...other].sort(byPriceTimePriority)) {
    if (left <= 0n) break;
    if (!acceptsPrice(takerSide, limit, l.price)) break;
    if (!allowed.some((p) => p.eq(l.price))) break;
    const q = l.remaining < left ? l.remaining : left;
    fills.push({ listingId: l.id, price: l.price, quantity: q });
    left -= q;
  }
  return fills;
}
