/**
 * Clearing of a one-way buying auction (单向竞买, DOMAIN.md §4 "One-way bidding"): the seller offers
 * a lot, participants submit sealed bids (price, quantity), and when the window closes the lot is
 * filled down the ranking of the bids. Pure and deterministic: the same set of bids, in any order,
 * gives the identical result. Where the national rules are silent the WCI/RGGI defaults apply.
 *
 * The rules, in the order they are applied:
 *
 * 1. **Reserve price (底价).** A bid priced below `reservePrice` is excluded: it wins 0 and takes no
 *    part in the ranking, the per-bidder maximum or the tie split. A bid AT the reserve is eligible.
 * 2. **Ranking.** Eligible bids are ranked by price descending, then `seq` ascending (earlier first).
 *    `seq` is unique (a duplicate is refused), so this order is total: a further tie-break by `id`
 *    could never be reached, and the ranking never depends on the order of the input.
 * 3. **Per-bidder maximum (purchase limit).** Walking the ranking, each bid's quantity is capped so
 *    that a bidder's capped quantities never add up to more than `perBidderMax`: its higher-priced
 *    (then earlier) bids keep their quantity, the bid that crosses the limit is cut to what is left,
 *    later ones to 0. This is the WCI purchase-limit screen, applied to the bid quantities before
 *    the lot is filled; what a bid can win is its capped quantity.
 * 4. **Filling.** The ranking is taken one price level at a time. A level whose capped quantities fit
 *    in what remains of the lot is filled in full. The first level that does not fit is the
 *    marginal level; what remains is shared among its bids by the tie rule, and filling stops:
 *    - `TIME_PRIORITY`: the tied bids are filled in ranking order (seq ascending) until the lot is
 *      exhausted; the bid that exhausts it is filled in part, later ones get 0.
 *    - `PRO_RATA`: remaining `R`, tied capped quantities `q_i` summing to `D` (`R < D`). Each bid
 *      first gets `floor(R × q_i / D)` whole tonnes. The `L = R − Σ floor(…)` leftover tonnes are then
 *      given ONE EACH to the tied bids whose share was rounded down (`R × q_i / D` not a whole
 *      number), in time priority — seq ascending, earliest first — until none is left. Since every
 *      fractional part is < 1, `L` is smaller than the number of rounded-down bids, so one pass
 *      suffices, no bid gets more than one leftover tonne, and every award at the marginal price is
 *      the exact proportional share rounded down or up (it differs from it by less than 1 t and
 *      never exceeds the capped quantity). A bid whose share is already whole gets no leftover tonne.
 * 5. **Pricing.** The lowest accepted price is the lowest price at which some bid wins > 0 t.
 *    - `UNIFORM`: every winner pays the clearing price, which is the lowest accepted price, except
 *      that an UNDERSUBSCRIBED auction (every eligible bid filled to its capped quantity and part of
 *      the lot unsold) with a reserve price clears at the reserve price (WCI). Without a reserve it
 *      clears at the lowest accepted price.
 *    - `PAY_AS_BID`: each winner pays its own bid price; `clearingPrice` reports the lowest accepted
 *      price (also when undersubscribed).
 *    - No winner: `clearingPrice` null, nothing sold, `unsold` = the offered quantity.
 *    `amount` = price × quantity won, exact in fen (prices have 2 dp, quantities are whole tonnes,
 *    so no rounding happens), "0.00" for a bid that wins nothing.
 * 6. **Figures.** `bidQuantity` = sum of ALL bid quantities (below-reserve bids included, uncapped);
 *    `coverageRatio` = bidQuantity / offered, 4 dp half-up; `bidders` = distinct bidders who bid
 *    (below-reserve ones included); `winners` = distinct bidders who won > 0 t.
 *
 * `awards` has one entry per bid, sorted by bid id ascending (not input order, so that shuffled
 * input gives identical output).
 *
 * Speed: prices are handled as integer fen (cents) in plain numbers, quantities as safe integers,
 * bids as typed arrays; sorting is native (see `clearAuction`). Products that could pass 2^53
 * (amounts, pro-rata numerators, the coverage ratio) switch to BigInt; Decimal is not used. Figures
 * for 100,000 bids: bench/README.md, "Auction clearing benchmark".
 *
 * Inputs are validated defensively (the service validates first; a failure here is a programming
 * error): see `AuctionInputError`.
 */

export type PricingRule = 'UNIFORM' | 'PAY_AS_BID';
export type TieRule = 'PRO_RATA' | 'TIME_PRIORITY';

export interface SealedBid {
  id: number;
  bidderId: number;
  /** CNY per t, a plain decimal with at most 2 dp, > 0 (same format as `parsePrice`). */
  price: string;
  /** Whole tonnes, > 0. */
  quantity: number;
  /** Time priority: smaller = earlier; unique within the auction. */
  seq: number;
}

export interface AuctionTerms {
  /** Offered quantity, whole tonnes, > 0. */
  quantity: number;
  /** Reserve (floor) price 底价, or null for none. */
  reservePrice: string | null;
  pricing: PricingRule;
  tieRule: TieRule;
  /** Largest total a bidder may win across its bids (whole tonnes, > 0), or null for no limit. */
  perBidderMax: number | null;
}

export interface Award {
  bidId: number;
  bidderId: number;
  /** The quantity bid (before the per-bidder cap). */
  bidQuantity: number;
  /** Tonnes won, may be 0. */
  quantity: number;
  /** Price per t paid, 2 dp; null when nothing was won. */
  price: string | null;
  /** price × quantity, 2 dp ("0.00" when nothing was won). */
  amount: string;
}

export interface ClearingResult {
  clearingPrice: string | null;
  quantitySold: number;
  unsold: number;
  /** Sum of all bid quantities, below-reserve bids included. */
  bidQuantity: number;
  /** bidQuantity / offered quantity, 4 dp, half-up. */
  coverageRatio: string;
  bidders: number;
  winners: number;
  /** One per bid, sorted by bid id ascending. */
  awards: Award[];
}

/**
 * A malformed auction input: a programming error, since the service validates first. `field` names
 * the offending input (`terms.quantity`, `bids[3].price`, …).
 */
export class AuctionInputError extends Error {
  readonly code = 'AUCTION_INPUT_INVALID' as const;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AuctionInputError';
  }
}

/** The price format of `parsePrice` (src/domain/money.ts): 1–12 integer digits, at most 2 decimals. */
const PRICE_PATTERN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Parses a price string into integer fen without going through Decimal (this runs once per bid).
 * Accepts exactly what `parsePrice` accepts (a test checks the two agree); else `AuctionInputError`.
 */
export function priceToCents(price: string, field = 'price'): number {
  const m = typeof price === 'string' ? PRICE_PATTERN.exec(price) : null;
  if (m === null) throw new AuctionInputError(field, `invalid price "${String(price)}" (a decimal with at most 2 dp)`);
  const frac = m[2];
  const cents = Number(m[1]) * 100 + (frac === undefined ? 0 : frac.length === 1 ? Number(frac) * 10 : Number(frac));
  if (cents <= 0) throw new AuctionInputError(field, `price must be > 0: "${price}"`);
  return cents;
}

/** Integer fen (a safe integer or a bigint, ≥ 0) as a 2-dp string: 5050 → "50.50". */
export function formatCents(cents: number | bigint): string {
  if (typeof cents === 'bigint') {
    const frac = cents % 100n;
    return `${cents / 100n}.${frac < 10n ? '0' : ''}${frac}`;
  }
  const frac = cents % 100; // exact for safe integers (unlike cents / 100)
  return `${(cents - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}

/** price × quantity in fen as a 2-dp string; BigInt only when the product passes 2^53. */
function amountOf(cents: number, quantity: number): string {
  const product = cents * quantity;
  return formatCents(Number.isSafeInteger(product) ? product : BigInt(cents) * BigInt(quantity));
}

/** numerator / denominator, 4 dp, half-up (both non-negative, denominator > 0). */
function ratio4(numerator: number, denominator: number): string {
  const scaled = BigInt(numerator) * 10_000n;
  const d = BigInt(denominator);
  let q = scaled / d;
  if ((scaled % d) * 2n >= d) q += 1n;
  const frac = (q % 10_000n).toString().padStart(4, '0');
  return `${q / 10_000n}.${frac}`;
}

const isPositiveSafeInteger = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;

function validateTerms(terms: AuctionTerms): { reserveCents: number | null } {
  if (terms === null || typeof terms !== 'object') throw new AuctionInputError('terms', 'terms are required');
  if (!isPositiveSafeInteger(terms.quantity)) {
    throw new AuctionInputError('terms.quantity', `offered quantity must be a whole number of tonnes > 0: ${String(terms.quantity)}`);
  }
  if (terms.pricing !== 'UNIFORM' && terms.pricing !== 'PAY_AS_BID') {
    throw new AuctionInputError('terms.pricing', `unknown pricing rule: ${String(terms.pricing)}`);
  }
  if (terms.tieRule !== 'PRO_RATA' && terms.tieRule !== 'TIME_PRIORITY') {
    throw new AuctionInputError('terms.tieRule', `unknown tie rule: ${String(terms.tieRule)}`);
  }
  if (terms.perBidderMax !== null && !isPositiveSafeInteger(terms.perBidderMax)) {
    throw new AuctionInputError('terms.perBidderMax', `per-bidder maximum must be null or a whole number of tonnes > 0: ${String(terms.perBidderMax)}`);
  }
  const reserveCents = terms.reservePrice === null ? null : priceToCents(terms.reservePrice, 'terms.reservePrice');
  return { reserveCents };
}

/**
 * The indices of `values` (safe integers) ordered by value ascending; `refuse(i)` is called for a
 * bid whose value repeats an earlier one (it must throw). Three ways, fastest first, none with a
 * comparator: a direct table when the values span at most ~4n (e.g. sequence numbers or ids handed
 * out in order); else one native sort of the packed keys (value − min) × n + index when those stay
 * below 2^53; else a native sort of the values and a binary search for each one's position.
 */
function orderByUniqueValue(values: Float64Array, refuse: (index: number) => never): Int32Array {
  const n = values.length;
  const order = new Int32Array(n);
  if (n === 0) return order;
  let min = values[0]!;
  let max = min;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const span = max - min + 1; // may be inexact beyond 2^53; then it is not a safe integer
  if (Number.isSafeInteger(span) && span <= 4 * n + 64) {
    const table = new Int32Array(span).fill(-1);
    for (let i = 0; i < n; i++) {
      const slot = values[i]! - min;
      if (table[slot] !== -1) refuse(i);
      table[slot] = i;
    }
    let k = 0;
    for (let slot = 0; slot < span; slot++) if (table[slot] !== -1) order[k++] = table[slot]!;
    return order;
  }
  if (Number.isSafeInteger(span) && span * n <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (values[i]! - min) * n + i;
    keys.sort();
    for (let k = 0; k < n; k++) order[k] = keys[k]! % n;
    // Equal values are adjacent, the earlier bid first: refuse the later one.
    for (let k = 1; k < n; k++) if (values[order[k]!] === values[order[k - 1]!]) refuse(order[k]!);
    return order;
  }
  const sorted = values.slice().sort();
  for (let k = 1; k < n; k++) {
    if (sorted[k] !== sorted[k - 1]) continue;
    const first = values.indexOf(sorted[k]!);
    refuse(values.indexOf(sorted[k]!, first + 1));
  }
  for (let i = 0; i < n; i++) order[positionOf(sorted, values[i]!)] = i;
  return order;
}

/** The position of `x` in the ascending array `sorted`, which contains it. */
function positionOf(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Clears a one-way buying auction. See the module comment for every rule.
 *
 * Implementation: the bids are unpacked into typed arrays (prices parsed once per distinct price
 * string, bidders numbered in a map). The ranking is one ordering of a unique integer key per
 * eligible bid, (price level from the top) × n + (rank of its seq), by `orderByUniqueValue`; the
 * awards come out in id order the same way. The only comparator sort is of the distinct prices.
 */
export function clearAuction(terms: AuctionTerms, bids: SealedBid[]): ClearingResult {
  const { reserveCents } = validateTerms(terms);
  if (!Array.isArray(bids)) throw new AuctionInputError('bids', 'bids must be an array');
  const n = bids.length;
  const offered = terms.quantity;

  // Parse and validate every bid into flat arrays (index i = position in `bids`).
  const cents = new Float64Array(n);
  const qty = new Float64Array(n);
  const seq = new Float64Array(n);
  const ids = new Float64Array(n);
  const bidderSlot = new Int32Array(n); // 0, 1, 2, … per distinct bidder, in order of appearance
  const bidderIds: number[] = []; // by slot
  const slotOfBidder = new Map<number, number>();
  const centsOfPrice = new Map<string, number>();
  let bidQuantity = 0;
  for (let i = 0; i < n; i++) {
    const b = bids[i];
    if (b === null || typeof b !== 'object') throw new AuctionInputError(`bids[${i}]`, 'a bid must be an object');
    if (typeof b.id !== 'number' || !Number.isSafeInteger(b.id)) throw new AuctionInputError(`bids[${i}].id`, `id must be a safe integer: ${String(b.id)}`);
    if (typeof b.bidderId !== 'number' || !Number.isSafeInteger(b.bidderId)) {
      throw new AuctionInputError(`bids[${i}].bidderId`, `bidder id must be a safe integer: ${String(b.bidderId)}`);
    }
    if (typeof b.seq !== 'number' || !Number.isSafeInteger(b.seq)) throw new AuctionInputError(`bids[${i}].seq`, `seq must be a safe integer: ${String(b.seq)}`);
    if (!isPositiveSafeInteger(b.quantity)) {
      throw new AuctionInputError(`bids[${i}].quantity`, `quantity must be a whole number of tonnes > 0: ${String(b.quantity)}`);
    }
    let c = typeof b.price === 'string' ? centsOfPrice.get(b.price) : undefined;
    if (c === undefined) {
      c = priceToCents(b.price, `bids[${i}].price`);
      centsOfPrice.set(b.price, c);
    }
    let slot = slotOfBidder.get(b.bidderId);
    if (slot === undefined) {
      slot = bidderIds.length;
      slotOfBidder.set(b.bidderId, slot);
      bidderIds.push(b.bidderId);
    }
    cents[i] = c;
    qty[i] = b.quantity;
    seq[i] = b.seq;
    ids[i] = b.id;
    bidderSlot[i] = slot;
    bidQuantity += b.quantity;
  }
  // Past 2^53 the running sum is inexact but stays above MAX_SAFE_INTEGER, so this check is sound.
  if (bidQuantity > Number.MAX_SAFE_INTEGER) throw new AuctionInputError('bids', 'total bid quantity exceeds Number.MAX_SAFE_INTEGER');
  const byId = orderByUniqueValue(ids, (i) => {
    throw new AuctionInputError(`bids[${i}].id`, `duplicate bid id ${ids[i]}`);
  });
  const bySeq = orderByUniqueValue(seq, (i) => {
    throw new AuctionInputError(`bids[${i}].seq`, `duplicate seq ${seq[i]}`);
  });

  const order = rankEligible(cents, bySeq, reserveCents);

  const won = new Float64Array(n); // tonnes won per bid
  const cap = terms.perBidderMax;
  const usedBySlot = new Float64Array(bidderIds.length);
  const cappedQty = new Float64Array(n);
  let remaining = offered;
  let lowestAcceptedCents = -1;
  const m = order.length;
  let pos = 0;
  while (pos < m && remaining > 0) {
    // One price level: cap its bids against their bidders' limits, in ranking order.
    const levelCents = cents[order[pos]!]!;
    let end = pos;
    let demand = 0;
    while (end < m && cents[order[end]!] === levelCents) {
      const i = order[end]!;
      let q = qty[i]!;
      if (cap !== null) {
        const slot = bidderSlot[i]!;
        q = Math.min(q, cap - usedBySlot[slot]!);
        usedBySlot[slot] = usedBySlot[slot]! + q;
      }
      cappedQty[i] = q;
      demand += q;
      end++;
    }
    if (demand === 0) {
      pos = end;
      continue; // every bid at this price was cut to 0 by the per-bidder maximum
    }
    if (demand <= remaining) {
      for (let k = pos; k < end; k++) won[order[k]!] = cappedQty[order[k]!]!;
      remaining -= demand;
    } else if (terms.tieRule === 'TIME_PRIORITY') {
      for (let k = pos; k < end && remaining > 0; k++) {
        const i = order[k]!;
        const take = Math.min(cappedQty[i]!, remaining);
        won[i] = take;
        remaining -= take;
      }
    } else {
      shareProRata(order, pos, end, cappedQty, remaining, demand, won);
      remaining = 0;
    }
    lowestAcceptedCents = levelCents;
    pos = end;
  }

  const quantitySold = offered - remaining;
  let clearingCents: number | null = null;
  if (quantitySold > 0) {
    const undersubscribed = remaining > 0;
    clearingCents = terms.pricing === 'UNIFORM' && undersubscribed && reserveCents !== null ? reserveCents : lowestAcceptedCents;
  }
  const clearingPrice = clearingCents === null ? null : formatCents(clearingCents);

  // Awards in bid id order.
  const awards: Award[] = new Array<Award>(n);
  const isWinner = new Uint8Array(bidderIds.length);
  let winners = 0;
  const priceText = new Map<number, string>(); // pay-as-bid: one string per price level
  for (let k = 0; k < n; k++) {
    const i = byId[k]!;
    const q = won[i]!;
    const slot = bidderSlot[i]!;
    let price: string | null = null;
    let amount = '0.00';
    if (q > 0) {
      if (isWinner[slot] === 0) {
        isWinner[slot] = 1;
        winners++;
      }
      const paid = terms.pricing === 'UNIFORM' ? clearingCents! : cents[i]!;
      if (terms.pricing === 'UNIFORM') price = clearingPrice;
      else {
        price = priceText.get(paid) ?? formatCents(paid);
        priceText.set(paid, price);
      }
      amount = amountOf(paid, q);
    }
    awards[k] = { bidId: ids[i]!, bidderId: bidderIds[slot]!, bidQuantity: qty[i]!, quantity: q, price, amount };
  }

  return {
    clearingPrice,
    quantitySold,
    unsold: remaining,
    bidQuantity,
    coverageRatio: ratio4(bidQuantity, offered),
    bidders: bidderIds.length,
    winners,
    awards,
  };
}

/**
 * The eligible bids (price ≥ reserve) in ranking order: price descending, then seq ascending. Seq
 * is unique, so the order is total (a tie-break by id could never be reached). `bySeq` is every
 * bid's index in seq order. Each eligible bid gets the unique key (level from the top) × n + (its
 * seq rank), and `orderByUniqueValue` sorts those keys.
 */
function rankEligible(cents: Float64Array, bySeq: Int32Array, reserveCents: number | null): Int32Array {
  const n = cents.length;
  const seqRank = new Float64Array(n);
  for (let k = 0; k < n; k++) seqRank[bySeq[k]!] = k;
  const eligible: number[] = [];
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (reserveCents !== null && cents[i]! < reserveCents) continue;
    eligible.push(i);
    distinct.add(cents[i]!);
  }
  const levelOf = new Map<number, number>();
  [...distinct].sort((a, b) => b - a).forEach((c, level) => levelOf.set(c, level));
  const keys = new Float64Array(eligible.length);
  for (let j = 0; j < eligible.length; j++) {
    const i = eligible[j]!;
    keys[j] = levelOf.get(cents[i]!)! * n + seqRank[i]!;
  }
  const byKey = orderByUniqueValue(keys, () => {
    throw new Error('unreachable: ranking keys are unique');
  });
  const order = new Int32Array(byKey.length);
  for (let k = 0; k < byKey.length; k++) order[k] = eligible[byKey[k]!]!;
  return order;
}

/**
 * Pro-rata split of `remaining` (< `demand`) among the bids order[from..to) (one price level, in
 * time priority), by their capped quantities: floor of the exact share, then the leftover tonnes
 * one each to the rounded-down bids in time priority. Writes into `won`.
 */
function shareProRata(order: Int32Array, from: number, to: number, cappedQty: Float64Array, remaining: number, demand: number, won: Float64Array): void {
  const roundedDown: number[] = [];
  let given = 0;
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    const q = cappedQty[i]!;
    const numerator = remaining * q;
    let share: number;
    let fractional: boolean;
    if (Number.isSafeInteger(numerator)) {
      // Exact: the numerator is a safe integer and % on integers is exact, so is the quotient.
      const rest = numerator % demand;
      share = (numerator - rest) / demand;
      fractional = rest !== 0;
    } else {
      const big = BigInt(remaining) * BigInt(q);
      const d = BigInt(demand);
      share = Number(big / d);
      fractional = big % d !== 0n;
    }
    won[i] = share;
    given += share;
    if (fractional) roundedDown.push(i);
  }
  // `order` is in time priority within the level, so `roundedDown` is too.
  const leftover = remaining - given;
  for (let k = 0; k < leftover; k++) {
    const i = roundedDown[k]!;
    won[i] = won[i]! + 1;
  }
}
