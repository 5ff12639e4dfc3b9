import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  acceptsPrice,
  bestPriceLevels,
  byPriceTimePriority,
  isWithinBestLevels,
  oppositeSide,
  sweep,
  TAKEABLE_PRICE_LEVELS,
  type BookListing,
  type Fill,
  type Side,
} from '../../../src/domain/trading/priceTimePriority';

const d = (s: string | number) => new Decimal(s);

let nextId = 1n;
/** A listing; sequence defaults to creation order (time priority). */
function listing(side: Side, price: string, remaining: bigint, sequence?: bigint): BookListing {
  const id = nextId++;
  return { id, side, price: d(price), remaining, sequence: sequence ?? id };
}
const sell = (price: string, remaining: bigint, sequence?: bigint) => listing('SELL', price, remaining, sequence);
const buy = (price: string, remaining: bigint, sequence?: bigint) => listing('BUY', price, remaining, sequence);

const summary = (fills: Fill[]) => fills.map((f) => `${f.listingId}@${f.price.toFixed(2)}x${f.quantity}`);
const total = (fills: Fill[]) => fills.reduce((s, f) => s + f.quantity, 0n);
const prices = (ps: Decimal[]) => ps.map((p) => p.toFixed(2));

describe('oppositeSide / acceptsPrice', () => {
  it('a buyer takes sell listings and a seller takes buy listings', () => {
    expect(oppositeSide('BUY')).toBe('SELL');
    expect(oppositeSide('SELL')).toBe('BUY');
  });

  it('a buyer pays at most its limit, a seller receives at least its limit', () => {
    expect(acceptsPrice('BUY', d('50'), d('49.99'))).toBe(true);
    expect(acceptsPrice('BUY', d('50'), d('50.00'))).toBe(true);
    expect(acceptsPrice('BUY', d('50'), d('50.01'))).toBe(false);
    expect(acceptsPrice('SELL', d('50'), d('50.01'))).toBe(true);
    expect(acceptsPrice('SELL', d('50'), d('50.00'))).toBe(true);
    expect(acceptsPrice('SELL', d('50'), d('49.99'))).toBe(false);
  });
});

describe('byPriceTimePriority', () => {
  it('sorts offers lowest price first, then oldest first', () => {
    const a = sell('51.00', 1n, 1n);
    const b = sell('50.00', 1n, 3n);
    const c = sell('50.00', 1n, 2n);
    const e = sell('52.00', 1n, 0n);
    expect([a, b, c, e].sort(byPriceTimePriority).map((l) => l.id)).toEqual([c.id, b.id, a.id, e.id]);
  });

  it('sorts bids highest price first, then oldest first', () => {
    const a = buy('49.00', 1n, 1n);
    const b = buy('50.00', 1n, 3n);
    const c = buy('50.00', 1n, 2n);
    const e = buy('48.00', 1n, 0n);
    expect([a, b, c, e].sort(byPriceTimePriority).map((l) => l.id)).toEqual([c.id, b.id, a.id, e.id]);
  });

  it('compares numerically, not as text, and treats 50 and 50.00 as one price', () => {
    const nine = sell('9.00', 1n, 5n);
    const ten = sell('10.00', 1n, 6n);
    expect([ten, nine].sort(byPriceTimePriority)[0]).toBe(nine);
    const x = sell('50', 1n, 2n);
    const y = sell('50.00', 1n, 1n);
    expect(byPriceTimePriority(x, y)).toBe(1);
    expect(byPriceTimePriority(y, x)).toBe(-1);
    expect(byPriceTimePriority(y, y)).toBe(0);
  });
});

describe('bestPriceLevels / isWithinBestLevels', () => {
  const offers = [
    sell('53.00', 10n),
    sell('50.00', 10n),
    sell('50.00', 10n),
    sell('56.00', 10n),
    sell('51.00', 10n),
    sell('54.00', 10n),
    sell('52.00', 10n),
    sell('55.00', 10n),
  ];

  it('returns the best five distinct prices, best first', () => {
    expect(TAKEABLE_PRICE_LEVELS).toBe(5);
    expect(prices(bestPriceLevels(offers))).toEqual(['50.00', '51.00', '52.00', '53.00', '54.00']);
  });

  it('for bids the best prices are the highest', () => {
    const bids = ['40', '41', '41', '42', '43', '44', '45', '39'].map((p) => buy(p, 1n));
    expect(prices(bestPriceLevels(bids))).toEqual(['45.00', '44.00', '43.00', '42.00', '41.00']);
  });

  it('returns fewer levels for a thin book, none for an empty one', () => {
    expect(prices(bestPriceLevels([sell('50', 1n), sell('50', 2n), sell('49', 1n)]))).toEqual(['49.00', '50.00']);
    expect(bestPriceLevels([])).toEqual([]);
  });

  it('honours a custom number of levels', () => {
    expect(prices(bestPriceLevels(offers, 2))).toEqual(['50.00', '51.00']);
    expect(prices(bestPriceLevels(offers, 1))).toEqual(['50.00']);
  });

  it('does not reorder the caller’s array', () => {
    const before = offers.map((l) => l.id);
    bestPriceLevels(offers);
    expect(offers.map((l) => l.id)).toEqual(before);
  });

  it.each([
    ['50.00', true],
    ['54.00', true], // the fifth level
    ['55.00', false], // the sixth level
    ['56.00', false],
    ['50.50', false], // not a price in the book
  ])('price %s within the best five levels: %s', (p, expected) => {
    expect(isWithinBestLevels(offers, d(p))).toBe(expected);
  });

  it('isWithinBestLevels honours a custom number of levels', () => {
    expect(isWithinBestLevels(offers, d('52.00'), 3)).toBe(true);
    expect(isWithinBestLevels(offers, d('53.00'), 3)).toBe(false);
  });
});

describe('sweep', () => {
  it('a buyer takes the cheapest offers first, at the listers’ prices, up to the quantity', () => {
    const a = sell('50.00', 100n);
    const b = sell('49.00', 50n);
    const c = sell('51.00', 100n);
    const fills = sweep([a, b, c], 'BUY', d('51.00'), 120n);
    expect(summary(fills)).toEqual([`${b.id}@49.00x50`, `${a.id}@50.00x70`]);
    expect(total(fills)).toBe(120n);
  });

  it('at one price, the oldest listing fills first whatever the book order', () => {
    const young = sell('50.00', 100n, 20n);
    const old = sell('50.00', 100n, 10n);
    const fills = sweep([young, old], 'BUY', d('50.00'), 150n);
    expect(summary(fills)).toEqual([`${old.id}@50.00x100`, `${young.id}@50.00x50`]);
  });

  it('never takes beyond the limit', () => {
    const a = sell('50.00', 10n);
    const b = sell('50.01', 10n);
    const fills = sweep([a, b], 'BUY', d('50.00'), 100n);
    expect(summary(fills)).toEqual([`${a.id}@50.00x10`]);
  });

  it('takes nothing when the best offer is beyond the limit', () => {
    expect(sweep([sell('50.00', 10n)], 'BUY', d('49.99'), 10n)).toEqual([]);
    expect(sweep([buy('50.00', 10n)], 'SELL', d('50.01'), 10n)).toEqual([]);
  });

  it('never goes beyond the fifth price level, even with a generous limit', () => {
    const book = ['50', '51', '52', '53', '54', '55', '56'].map((p) => sell(p, 10n));
    const fills = sweep(book, 'BUY', d('100'), 1_000n);
    expect(prices(fills.map((f) => f.price))).toEqual(['50.00', '51.00', '52.00', '53.00', '54.00']);
    expect(total(fills)).toBe(50n);
  });

  it('counts levels by distinct price: several listings at one price are one level', () => {
    const book = [sell('50', 1n), sell('50', 1n), sell('50', 1n), sell('51', 1n), sell('52', 1n), sell('53', 1n), sell('54', 1n), sell('55', 1n)];
    const fills = sweep(book, 'BUY', d('100'), 100n);
    expect(fills).toHaveLength(7);
    expect(fills.every((f) => f.price.lte(54))).toBe(true);
  });

  it('fills the last listing partially and leaves the rest', () => {
    const a = sell('50.00', 30n);
    const b = sell('50.50', 100n);
    const fills = sweep([a, b], 'BUY', d('51'), 45n);
    expect(summary(fills)).toEqual([`${a.id}@50.00x30`, `${b.id}@50.50x15`]);
  });

  it('returns less than requested when the book is too thin (the rest is not kept)', () => {
    const fills = sweep([sell('50', 30n), sell('51', 20n)], 'BUY', d('60'), 1_000n);
    expect(total(fills)).toBe(50n);
  });

  it('ignores listings of the taker’s own side', () => {
    const ownSide = buy('40.00', 100n, 1n);
    const offer = sell('50.00', 10n, 2n);
    const fills = sweep([ownSide, offer], 'BUY', d('60'), 100n);
    expect(summary(fills)).toEqual([`${offer.id}@50.00x10`]);
    expect(sweep([buy('50', 100n)], 'BUY', d('60'), 10n)).toEqual([]);
  });

  it('a seller takes the highest bids first, never below its limit', () => {
    const a = buy('49.00', 10n);
    const b = buy('50.00', 10n, 100n);
    const c = buy('50.00', 10n, 50n);
    const e = buy('48.00', 10n);
    const fills = sweep([a, b, c, e], 'SELL', d('49.00'), 100n);
    expect(summary(fills)).toEqual([`${c.id}@50.00x10`, `${b.id}@50.00x10`, `${a.id}@49.00x10`]);
  });

  it('skips exhausted listings, which take no price level', () => {
    const empty = sell('49.00', 0n);
    const book = [empty, ...['50', '51', '52', '53', '54'].map((p) => sell(p, 1n))];
    const fills = sweep(book, 'BUY', d('100'), 10n);
    expect(fills.some((f) => f.listingId === empty.id)).toBe(false);
    expect(prices(fills.map((f) => f.price))).toEqual(['50.00', '51.00', '52.00', '53.00', '54.00']);
  });

  it('takes nothing for a zero quantity or an empty book', () => {
    expect(sweep([sell('50', 10n)], 'BUY', d('60'), 0n)).toEqual([]);
    expect(sweep([], 'BUY', d('60'), 10n)).toEqual([]);
  });

  it('honours a custom number of levels', () => {
    const book = ['50', '51', '52'].map((p) => sell(p, 10n));
    expect(prices(sweep(book, 'BUY', d('100'), 100n, 2).map((f) => f.price))).toEqual(['50.00', '51.00']);
  });

  it('does not modify the book', () => {
    const a = sell('50', 10n);
    const book = [sell('51', 10n), a];
    sweep(book, 'BUY', d('60'), 15n);
    expect(a.remaining).toBe(10n);
    expect(book[1]).toBe(a);
  });
});

describe('sweep properties', () => {
  const side = fc.constantFrom<Side>('BUY', 'SELL');
  // Few distinct prices so that levels repeat and the fifth-level cut is exercised.
  const bookArb = fc
    .array(
      fc.record({
        side,
        cents: fc.integer({ min: 4_990, max: 5_010 }),
        remaining: fc.bigInt({ min: 0n, max: 200n }),
        sequence: fc.bigInt({ min: 0n, max: 1_000n }),
      }),
      { maxLength: 40 },
    )
    .map((rows) => rows.map((r, i): BookListing => ({ id: BigInt(i + 1), side: r.side, price: d(r.cents).div(100), remaining: r.remaining, sequence: r.sequence })));

  it('never overfills, never exceeds the request, fills best first, within the limit and the best five levels', () => {
    fc.assert(
      fc.property(bookArb, side, fc.integer({ min: 4_980, max: 5_020 }), fc.bigInt({ min: 1n, max: 3_000n }), (book, takerSide, limitCents, quantity) => {
        const limit = d(limitCents).div(100);
        const fills = sweep(book, takerSide, limit, quantity);
        const byId = new Map(book.map((l) => [l.id, l]));
        const other = book.filter((l) => l.side === oppositeSide(takerSide) && l.remaining > 0n);
        const levels = bestPriceLevels(other);

        // Each listing at most once, never beyond what it has left, at its own price, of the other side.
        expect(new Set(fills.map((f) => f.listingId)).size).toBe(fills.length);
        for (const f of fills) {
          const l = byId.get(f.listingId);
          expect(l).toBeDefined();
          expect(l!.side).toBe(oppositeSide(takerSide));
          expect(f.quantity > 0n && f.quantity <= l!.remaining).toBe(true);
          expect(f.price.eq(l!.price)).toBe(true);
          expect(acceptsPrice(takerSide, limit, f.price)).toBe(true);
          expect(levels.some((p) => p.eq(f.price))).toBe(true);
        }

        // Prices never get worse from one fill to the next.
        for (let i = 1; i < fills.length; i++) {
          const prev = fills[i - 1]!.price;
          const cur = fills[i]!.price;
          expect(takerSide === 'BUY' ? cur.gte(prev) : cur.lte(prev)).toBe(true);
        }

        // Total is what was asked for, or everything eligible when the book is thinner.
        const eligible = other.filter((l) => acceptsPrice(takerSide, limit, l.price) && levels.some((p) => p.eq(l.price)));
        const available = eligible.reduce((s, l) => s + l.remaining, 0n);
        const filled = total(fills);
        expect(filled <= quantity).toBe(true);
        expect(filled).toBe(available < quantity ? available : quantity);

        // Price-time priority: the fills are a prefix of the eligible listings in priority order,
        // every fill but the last one taking the whole listing.
        const ranked = [...eligible].sort(byPriceTimePriority);
        fills.forEach((f, i) => {
          expect(f.listingId).toBe(ranked[i]!.id);
          if (i < fills.length - 1) expect(f.quantity).toBe(ranked[i]!.remaining);
        });
      }),
      { numRuns: 500 },
    );
  });
});
