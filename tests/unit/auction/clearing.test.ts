import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePrice } from '../../../src/domain/money';
import {
  AuctionInputError,
  clearAuction,
  formatCents,
  priceToCents,
  type AuctionTerms,
  type ClearingResult,
  type PricingRule,
  type SealedBid,
  type TieRule,
} from '../../../src/domain/auction/clearing';

/** A bid; seq defaults to the id (time priority = id order unless a case says otherwise). */
const bid = (id: number, bidderId: number, price: string, quantity: number, seq = id): SealedBid => ({ id, bidderId, price, quantity, seq });

const terms = (quantity: number, over: Partial<AuctionTerms> = {}): AuctionTerms => ({
  quantity,
  reservePrice: null,
  pricing: 'UNIFORM',
  tieRule: 'PRO_RATA',
  perBidderMax: null,
  ...over,
});

/** "bidId:won@price=amount", or "bidId:0" for a bid that wins nothing. */
const summary = (r: ClearingResult) => r.awards.map((a) => (a.quantity === 0 ? `${a.bidId}:0` : `${a.bidId}:${a.quantity}@${a.price}=${a.amount}`));

interface Case {
  name: string;
  terms: AuctionTerms;
  bids: SealedBid[];
  clearingPrice: string | null;
  sold: number;
  awards: string[];
}

/** Offered 100 t; three bids above 50 fill 100 t, the 51.00 bid marginal; the 50.00 bid loses. */
const ladder = [bid(1, 11, '52.00', 40), bid(2, 12, '51.5', 30), bid(3, 13, '51.00', 50), bid(4, 14, '50.00', 20)];

/**
 * Tie at 50.00, 30 t left after the 60.00 bid, tied bids (capped) 20 + 7 + 7 + 6 = 40 t, listed out
 * of time order. Exact shares 15, 5.25, 5.25, 4.5 → floors 15, 5, 5, 4 = 29; the 1 leftover tonne
 * goes to the earliest ROUNDED-DOWN bid: seq 1 (bid 21) is whole and skipped, so seq 2 (bid 23).
 */
const tie = [
  bid(24, 4, '50.00', 6, 4),
  bid(20, 9, '60.00', 20, 10), // late but higher: filled first
  bid(22, 3, '50.00', 7, 3),
  bid(21, 1, '50.00', 20, 1),
  bid(23, 2, '50.00', 7, 2),
  bid(25, 5, '49.99', 100, 0), // earliest of all, but below the marginal price
];

/** 70 t bid in all: 52.00 × 40 and 50.00 × 30. */
const twoBids = [bid(1, 1, '52.00', 40), bid(2, 2, '50.00', 30)];

const cases: Case[] = [
  {
    name: 'uniform: every winner pays the lowest accepted price',
    terms: terms(100),
    bids: ladder,
    clearingPrice: '51.00',
    sold: 100,
    awards: ['1:40@51.00=2040.00', '2:30@51.00=1530.00', '3:30@51.00=1530.00', '4:0'],
  },
  {
    name: 'pay-as-bid: every winner pays its own price; the clearing price is the lowest accepted',
    terms: terms(100, { pricing: 'PAY_AS_BID' }),
    bids: ladder,
    clearingPrice: '51.00',
    sold: 100,
    awards: ['1:40@52.00=2080.00', '2:30@51.50=1545.00', '3:30@51.00=1530.00', '4:0'],
  },
  {
    name: 'reserve: bids below it win nothing, a bid at it is eligible',
    terms: terms(60, { reservePrice: '51.00' }),
    bids: [bid(1, 1, '52.00', 40), bid(2, 2, '50.99', 100, 0), bid(3, 3, '51.00', 30)],
    clearingPrice: '51.00',
    sold: 60,
    awards: ['1:40@51.00=2040.00', '2:0', '3:20@51.00=1020.00'],
  },
  {
    name: 'reserve: an excluded bid does not fill an undersubscribed lot, which clears at the reserve',
    terms: terms(100, { reservePrice: '51.00' }),
    bids: [bid(1, 1, '52.00', 40), bid(2, 2, '50.99', 100)],
    clearingPrice: '51.00',
    sold: 40,
    awards: ['1:40@51.00=2040.00', '2:0'],
  },
  {
    name: 'undersubscribed, uniform, no reserve: clears at the lowest accepted bid',
    terms: terms(100),
    bids: twoBids,
    clearingPrice: '50.00',
    sold: 70,
    awards: ['1:40@50.00=2000.00', '2:30@50.00=1500.00'],
  },
  {
    name: 'undersubscribed, uniform, with reserve: clears at the reserve (WCI)',
    terms: terms(100, { reservePrice: '45' }),
    bids: twoBids,
    clearingPrice: '45.00',
    sold: 70,
    awards: ['1:40@45.00=1800.00', '2:30@45.00=1350.00'],
  },
  {
    name: 'undersubscribed, pay-as-bid, with reserve: own prices; clearing price = lowest accepted',
    terms: terms(100, { reservePrice: '45.00', pricing: 'PAY_AS_BID' }),
    bids: twoBids,
    clearingPrice: '50.00',
    sold: 70,
    awards: ['1:40@52.00=2080.00', '2:30@50.00=1500.00'],
  },
  {
    name: 'exactly subscribed with a reserve is not undersubscribed: clears at the lowest bid',
    terms: terms(70, { reservePrice: '45.00' }),
    bids: twoBids,
    clearingPrice: '50.00',
    sold: 70,
    awards: ['1:40@50.00=2000.00', '2:30@50.00=1500.00'],
  },
  {
    name: 'no bids: nothing sold, no clearing price',
    terms: terms(100, { reservePrice: '45.00' }),
    bids: [],
    clearingPrice: null,
    sold: 0,
    awards: [],
  },
  {
    name: 'every bid below the reserve: nothing sold, no clearing price',
    terms: terms(100, { reservePrice: '45.00' }),
    bids: [bid(1, 1, '44.99', 40), bid(2, 2, '30', 300)],
    clearingPrice: null,
    sold: 0,
    awards: ['1:0', '2:0'],
  },
  {
    name: 'tie, pro rata: floors of the exact shares, the leftover tonne to the earliest rounded-down bid',
    terms: terms(50),
    bids: tie,
    clearingPrice: '50.00',
    sold: 50,
    awards: ['20:20@50.00=1000.00', '21:15@50.00=750.00', '22:5@50.00=250.00', '23:6@50.00=300.00', '24:4@50.00=200.00', '25:0'],
  },
  {
    name: 'tie, pro rata: several leftover tonnes go one each in seq order, never two to one bid',
    // 10 t among four 3 t bids: exact 2.5 each → 2 each, 2 leftover → seq 1 and 2 (bids 34, 32).
    terms: terms(10),
    bids: [bid(31, 1, '50.00', 3, 3), bid(32, 2, '50.00', 3, 2), bid(33, 3, '50.00', 3, 4), bid(34, 4, '50.00', 3, 1)],
    clearingPrice: '50.00',
    sold: 10,
    awards: ['31:2@50.00=100.00', '32:3@50.00=150.00', '33:2@50.00=100.00', '34:3@50.00=150.00'],
  },
  {
    name: 'tie, pro rata: a share below 1 t may round to 0 and still receive a leftover tonne',
    // 2 t among 100 + 1 + 1: exact 1.96, 0.0196, 0.0196 → 1, 0, 0; leftover 1 → bid 41 (seq 1).
    terms: terms(2),
    bids: [bid(41, 1, '50.00', 100), bid(42, 2, '50.00', 1), bid(43, 3, '50.00', 1)],
    clearingPrice: '50.00',
    sold: 2,
    awards: ['41:2@50.00=100.00', '42:0', '43:0'],
  },
  {
    name: 'tie, time priority: the tied bids fill in seq order',
    // 30 t left at 50.00: seq 1 (bid 21) 20 t, seq 2 (bid 23) 7 t, seq 3 (bid 22) the last 3 t.
    terms: terms(50, { tieRule: 'TIME_PRIORITY' }),
    bids: tie,
    clearingPrice: '50.00',
    sold: 50,
    awards: ['20:20@50.00=1000.00', '21:20@50.00=1000.00', '22:3@50.00=150.00', '23:7@50.00=350.00', '24:0', '25:0'],
  },
  {
    name: 'tie, time priority: a partly filled bid, then nothing for later ones',
    // 25 t left at 50.00: seq 1 (bid 21) 20 t, seq 2 (bid 23) 5 of its 7 t, seq 3 and 4 nothing.
    terms: terms(45, { tieRule: 'TIME_PRIORITY', pricing: 'PAY_AS_BID' }),
    bids: tie,
    clearingPrice: '50.00',
    sold: 45,
    awards: ['20:20@60.00=1200.00', '21:20@50.00=1000.00', '22:0', '23:5@50.00=250.00', '24:0', '25:0'],
  },
  {
    name: 'a tie that fits the lot is no tie: all tied bids fill in full, the next price is marginal',
    terms: terms(61),
    bids: tie,
    clearingPrice: '49.99',
    sold: 61,
    awards: ['20:20@49.99=999.80', '21:20@49.99=999.80', '22:7@49.99=349.93', '23:7@49.99=349.93', '24:6@49.99=299.94', '25:1@49.99=49.99'],
  },
  {
    name: 'per-bidder maximum: the highest bids keep their quantity, the bid crossing the limit is cut',
    // Bidder 1 (max 50): 55.00×30 keeps 30, 52.00×40 is cut to 20 (uncapped: 40), 50.00×20 to 0.
    terms: terms(90, { perBidderMax: 50 }),
    bids: [bid(1, 1, '52.00', 40, 1), bid(2, 1, '50.00', 20, 2), bid(3, 1, '55.00', 30, 3), bid(4, 2, '51.00', 50, 4)],
    clearingPrice: '51.00',
    sold: 90,
    awards: ['1:20@51.00=1020.00', '2:0', '3:30@51.00=1530.00', '4:40@51.00=2040.00'],
  },
  {
    name: 'per-bidder maximum: a cut bid leaves the lot undersubscribed rather than exceed the limit',
    // Bidder 2's 100 t bid is cut to 50 as well; bidder 1's 50.00 bid (uncapped: 20 t) gets 0.
    terms: terms(120, { perBidderMax: 50 }),
    bids: [bid(1, 1, '52.00', 40, 1), bid(2, 1, '50.00', 20, 2), bid(3, 1, '55.00', 30, 3), bid(4, 2, '51.00', 100, 4)],
    clearingPrice: '51.00',
    sold: 100,
    awards: ['1:20@51.00=1020.00', '2:0', '3:30@51.00=1530.00', '4:50@51.00=2550.00'],
  },
  {
    name: 'per-bidder maximum: pro rata splits by the capped quantities',
    // Bidder 1 bids 80 t, capped to 40; 40 t among 40 + 40 → 20 each (uncapped it would be 27 / 13).
    terms: terms(40, { perBidderMax: 40 }),
    bids: [bid(1, 1, '50.00', 80), bid(2, 2, '50.00', 40)],
    clearingPrice: '50.00',
    sold: 40,
    awards: ['1:20@50.00=1000.00', '2:20@50.00=1000.00'],
  },
  {
    name: 'per-bidder maximum: two tied bids of one bidder are capped in seq order',
    // Bidder 1 (max 40): 30 + 30 at 50.00 capped to 30 + 10; 20 t among 30 + 10 + 40 = 80:
    // exact 7.5, 2.5, 10 → 7, 2, 10; leftover 1 → seq 1 (bid 1).
    terms: terms(20, { perBidderMax: 40 }),
    bids: [bid(1, 1, '50.00', 30), bid(2, 1, '50.00', 30), bid(3, 2, '50.00', 40)],
    clearingPrice: '50.00',
    sold: 20,
    awards: ['1:8@50.00=400.00', '2:2@50.00=100.00', '3:10@50.00=500.00'],
  },
];

describe('clearAuction: table', () => {
  it.each(cases)('$name', (c) => {
    const r = clearAuction(c.terms, c.bids);
    expect(summary(r)).toEqual(c.awards);
    expect(r.clearingPrice).toBe(c.clearingPrice);
    expect(r.quantitySold).toBe(c.sold);
    expect(r.unsold).toBe(c.terms.quantity - c.sold);
  });
});

describe('clearAuction: published figures', () => {
  it('counts bid quantity (below-reserve bids included), coverage, bidders and winners', () => {
    const r = clearAuction(terms(60, { reservePrice: '51.00' }), [
      bid(1, 1, '52.00', 40),
      bid(2, 2, '50.99', 100), // below the reserve: counted in coverage and bidders
      bid(3, 3, '51.00', 30),
      bid(4, 1, '53.00', 5), // bidder 1 again
    ]);
    expect(r).toMatchObject({ bidQuantity: 175, coverageRatio: '2.9167', bidders: 3, winners: 2, quantitySold: 60, unsold: 0 });
  });

  it.each([
    [100, [], '0.0000'],
    [3, [1], '0.3333'],
    [3, [2], '0.6667'], // 0.66666… half-up
    [8, [1], '0.1250'],
    [20_000, [1], '0.0001'], // 0.00005 → half-up
    [20_001, [1], '0.0000'], // 0.0000499…
    [1, [Number.MAX_SAFE_INTEGER], '9007199254740991.0000'],
  ])('coverage ratio of %i t offered with bids of %j t is %s', (offered, quantities, expected) => {
    const r = clearAuction(
      terms(offered),
      quantities.map((q, k) => bid(k + 1, k + 1, '50.00', q)),
    );
    expect(r.coverageRatio).toBe(expected);
  });

  it('reports every bid once, sorted by bid id, with its bid quantity and bidder', () => {
    const r = clearAuction(terms(10), [bid(9, 90, '50.00', 4), bid(-3, 30, '40.00', 5), bid(5, 50, '45.00', 8)]);
    expect(r.awards.map((a) => [a.bidId, a.bidderId, a.bidQuantity, a.quantity])).toEqual([
      [-3, 30, 5, 0],
      [5, 50, 8, 6],
      [9, 90, 4, 4],
    ]);
    expect(r.awards[0]).toEqual({ bidId: -3, bidderId: 30, bidQuantity: 5, quantity: 0, price: null, amount: '0.00' });
  });

  it('computes amounts beyond 2^53 fen exactly', () => {
    const r = clearAuction(terms(1_000_000, { pricing: 'PAY_AS_BID' }), [bid(1, 1, '999999999999.99', 1_000_000)]);
    expect(r.awards[0]!.amount).toBe('999999999999990000.00');
    expect(r.clearingPrice).toBe('999999999999.99');
  });

  it('splits pro rata exactly when lot × bid quantity passes 2^53', () => {
    // 3e9 t among 4e9 + 4e9 + 1 t: the numerators pass 2^53 and take the BigInt path.
    const R = 3_000_000_000;
    const qs = [4_000_000_000, 4_000_000_000, 1];
    const r = clearAuction(
      terms(R),
      qs.map((q, k) => bid(k + 1, k + 1, '1.00', q)),
    );
    const D = 8_000_000_001n;
    const exact = qs.map((q) => (BigInt(R) * BigInt(q)) / D); // floors: 1499999999, 1499999999, 0
    expect(exact).toEqual([1_499_999_999n, 1_499_999_999n, 0n]);
    // leftover 2 t → the two earliest rounded-down bids (1 and 2)
    expect(r.awards.map((a) => a.quantity)).toEqual([1_500_000_000, 1_500_000_000, 0]);
    expect(r.quantitySold).toBe(R);
  });
});

describe('clearAuction: input order does not matter', () => {
  it('the same bids reversed and rotated give the identical result', () => {
    const base = clearAuction(terms(50), tie);
    expect(clearAuction(terms(50), [...tie].reverse())).toEqual(base);
    expect(clearAuction(terms(50), [...tie.slice(3), ...tie.slice(0, 3)])).toEqual(base);
  });

  it('only the order of seq and id values matters, not their size', () => {
    const base = summary(clearAuction(terms(50), tie)).map((a) => a.replace(/^\d+:/, ''));
    // direct table, packed keys, binary search
    for (const scale of [3, 1_000_003, 3e14]) {
      const scaled = tie.map((b) => ({ ...b, id: b.id * scale - 2 ** 52, seq: b.seq * scale - 2 ** 52 }));
      expect(summary(clearAuction(terms(50), scaled)).map((a) => a.replace(/^-?\d+:/, ''))).toEqual(base);
    }
  });

  it('does not change the caller’s bids array', () => {
    const copy = tie.map((b) => ({ ...b }));
    clearAuction(terms(50), tie);
    expect(tie).toEqual(copy);
  });
});

describe('clearAuction: input guard', () => {
  const ok = bid(1, 1, '50.00', 10);
  /** Bids whose ids (or seqs) are the given values; the other field counts 1, 2, 3, … */
  const spread = (values: number[], field: 'id' | 'seq') =>
    values.map((v, k) => (field === 'id' ? bid(v, k, '50.00', 1, k + 1) : bid(k + 1, k, '50.00', 1, v)));
  it.each<[string, AuctionTerms, SealedBid[], string]>([
    ['offered 0', terms(0), [ok], 'terms.quantity'],
    ['offered -5', terms(-5), [ok], 'terms.quantity'],
    ['offered 1.5', terms(1.5), [ok], 'terms.quantity'],
    ['offered NaN', terms(NaN), [ok], 'terms.quantity'],
    ['offered beyond 2^53', terms(2 ** 53), [ok], 'terms.quantity'],
    ['reserve 50.001', terms(10, { reservePrice: '50.001' }), [ok], 'terms.reservePrice'],
    ['reserve 0.00', terms(10, { reservePrice: '0.00' }), [ok], 'terms.reservePrice'],
    ['unknown pricing', terms(10, { pricing: 'DUTCH' as PricingRule }), [ok], 'terms.pricing'],
    ['unknown tie rule', terms(10, { tieRule: 'RANDOM' as TieRule }), [ok], 'terms.tieRule'],
    ['per-bidder max 0', terms(10, { perBidderMax: 0 }), [ok], 'terms.perBidderMax'],
    ['per-bidder max 2.5', terms(10, { perBidderMax: 2.5 }), [ok], 'terms.perBidderMax'],
    ['bid quantity 0', terms(10), [bid(1, 1, '50.00', 0)], 'bids[0].quantity'],
    ['bid quantity -1', terms(10), [bid(1, 1, '50.00', -1)], 'bids[0].quantity'],
    ['bid quantity 1.5', terms(10), [ok, bid(2, 1, '50.00', 1.5)], 'bids[1].quantity'],
    ['bid price 50.001', terms(10), [bid(1, 1, '50.001', 1)], 'bids[0].price'],
    ['bid price -1', terms(10), [bid(1, 1, '-1', 1)], 'bids[0].price'],
    ['bid price 0', terms(10), [bid(1, 1, '0', 1)], 'bids[0].price'],
    ['bid price 1e3', terms(10), [bid(1, 1, '1e3', 1)], 'bids[0].price'],
    ['bid price empty', terms(10), [bid(1, 1, '', 1)], 'bids[0].price'],
    ['bid price " 50"', terms(10), [bid(1, 1, ' 50', 1)], 'bids[0].price'],
    ['bid price as a number', terms(10), [{ ...ok, price: 50 as unknown as string }], 'bids[0].price'],
    ['duplicate id', terms(10), [ok, bid(1, 2, '50.00', 1, 7)], 'bids[1].id'],
    ['duplicate seq', terms(10), [ok, bid(2, 2, '50.00', 1, 1)], 'bids[1].seq'],
    ['duplicate id among sparse ids', terms(10), spread([5, 9_000_000, 77, 9_000_000], 'id'), 'bids[3].id'],
    ['duplicate seq among sparse seqs', terms(10), spread([-4_000_000, 3, -4_000_000, 8], 'seq'), 'bids[2].seq'],
    ['duplicate id among ids spread over the safe range', terms(10), spread([2 ** 52, -(2 ** 52), 0, -(2 ** 52)], 'id'), 'bids[3].id'],
    ['duplicate seq among seqs spread over the safe range', terms(10), spread([Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER], 'seq'), 'bids[2].seq'],
    ['fractional seq', terms(10), [bid(1, 1, '50.00', 1, 0.5)], 'bids[0].seq'],
    ['fractional id', terms(10), [bid(1.5, 1, '50.00', 1)], 'bids[0].id'],
    ['missing bidder', terms(10), [{ ...ok, bidderId: undefined as unknown as number }], 'bids[0].bidderId'],
    ['total bid quantity beyond 2^53', terms(10), [bid(1, 1, '1', Number.MAX_SAFE_INTEGER), bid(2, 1, '1', 1)], 'bids'],
  ])('%s → AuctionInputError on %s', (_name, t, bids, field) => {
    let error: unknown;
    try {
      clearAuction(t, bids);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuctionInputError);
    expect(error).toMatchObject({ code: 'AUCTION_INPUT_INVALID', field });
  });
});

describe('priceToCents / formatCents', () => {
  it.each([
    ['50', 5000, '50.00'],
    ['50.5', 5050, '50.50'],
    ['50.05', 5005, '50.05'],
    ['0.01', 1, '0.01'],
    ['007.10', 710, '7.10'],
    ['999999999999.99', 99_999_999_999_999, '999999999999.99'],
  ])('%s = %i fen, formatted %s', (s, cents, formatted) => {
    expect(priceToCents(s)).toBe(cents);
    expect(formatCents(cents)).toBe(formatted);
    expect(formatCents(BigInt(cents))).toBe(formatted);
  });

  it('accepts exactly the prices parsePrice accepts, with the same value', () => {
    const candidate = fc.oneof(
      fc.stringMatching(/^-?\d{0,14}(\.\d{0,3})?$/),
      fc.integer({ min: 0, max: 10_000_000 }).map((c) => formatCents(c)),
      fc.string(),
    );
    fc.assert(
      fc.property(candidate, (s) => {
        let viaDecimal: number | 'error';
        try {
          viaDecimal = parsePrice(s).times(100).toNumber();
        } catch {
          viaDecimal = 'error';
        }
        let viaCents: number | 'error';
        try {
          viaCents = priceToCents(s);
        } catch (e) {
          expect(e).toBeInstanceOf(AuctionInputError);
          viaCents = 'error';
        }
        expect(viaCents).toBe(viaDecimal);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

interface Generated {
  terms: AuctionTerms;
  bids: SealedBid[];
}

/**
 * `n` distinct integers, spread so that every way the engine orders unique values is taken: a
 * shuffled run of consecutive integers (direct table), a sparse set (packed-key sort), values
 * spread over the whole safe range (sort and binary search).
 */
const uniqueIntegers = (n: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    fc.integer({ min: -50, max: 50 }).chain((start) =>
      fc.shuffledSubarray(
        Array.from({ length: n }, (_, k) => start + k),
        { minLength: n, maxLength: n },
      ),
    ),
    fc.uniqueArray(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: n, maxLength: n }),
    fc.uniqueArray(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), { minLength: n, maxLength: n }),
  );

/** Prices from a narrow band (49.95–50.05) so that ties at the marginal price are common. */
const generated: fc.Arbitrary<Generated> = fc
  .record({
    offered: fc.integer({ min: 1, max: 400 }),
    reserveCents: fc.option(fc.integer({ min: 4_994, max: 5_004 }), { nil: null }),
    pricing: fc.constantFrom<PricingRule>('UNIFORM', 'PAY_AS_BID'),
    tieRule: fc.constantFrom<TieRule>('PRO_RATA', 'TIME_PRIORITY'),
    perBidderMax: fc.option(fc.integer({ min: 1, max: 80 }), { nil: null }),
    raw: fc.array(
      fc.record({
        bidderId: fc.integer({ min: 1, max: 6 }),
        cents: fc.integer({ min: 4_995, max: 5_005 }),
        quantity: fc.integer({ min: 1, max: 60 }),
      }),
      { maxLength: 30 },
    ),
  })
  .chain((g) =>
    fc
      .record({ seqs: uniqueIntegers(g.raw.length), ids: uniqueIntegers(g.raw.length) })
      .map(({ seqs, ids }) => ({
        terms: {
          quantity: g.offered,
          reservePrice: g.reserveCents === null ? null : formatCents(g.reserveCents),
          pricing: g.pricing,
          tieRule: g.tieRule,
          perBidderMax: g.perBidderMax,
        },
        bids: g.raw.map((b, k) => ({ id: ids[k]!, bidderId: b.bidderId, price: formatCents(b.cents), quantity: b.quantity, seq: seqs[k]! })),
      })),
  );

/** The test's own view of the auction: eligibility, ranking and capped quantities, bid by bid. */
function model({ terms: t, bids }: Generated) {
  const reserve = t.reservePrice === null ? null : priceToCents(t.reservePrice);
  const eligible = bids.filter((b) => reserve === null || priceToCents(b.price) >= reserve);
  const ranked = [...eligible].sort((a, b) => priceToCents(b.price) - priceToCents(a.price) || a.seq - b.seq);
  const used = new Map<number, number>();
  const capped = new Map<number, number>();
  for (const b of ranked) {
    const u = used.get(b.bidderId) ?? 0;
    const q = t.perBidderMax === null ? b.quantity : Math.max(0, Math.min(b.quantity, t.perBidderMax - u));
    used.set(b.bidderId, u + q);
    capped.set(b.id, q);
  }
  return { reserve, ranked, capped };
}

const cents = (s: string | null) => (s === null ? null : priceToCents(s));

describe('clearAuction: properties', () => {
  it('conserves the lot: sold ≤ offered, sold + unsold = offered, sold = sum of awards', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = clearAuction(g.terms, g.bids);
        expect(r.quantitySold).toBeLessThanOrEqual(g.terms.quantity);
        expect(r.quantitySold + r.unsold).toBe(g.terms.quantity);
        expect(r.awards.reduce((s, a) => s + a.quantity, 0)).toBe(r.quantitySold);
        expect(r.clearingPrice === null).toBe(r.quantitySold === 0);
        expect(r.awards.length).toBe(g.bids.length);
      }),
      { numRuns: 500 },
    );
  });

  it('no award exceeds its bid, no bidder exceeds its maximum, below-reserve bids win nothing', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = clearAuction(g.terms, g.bids);
        const { capped } = model(g);
        const byBidder = new Map<number, number>();
        for (const a of r.awards) {
          expect(a.quantity).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(a.quantity)).toBe(true);
          expect(a.quantity).toBeLessThanOrEqual(a.bidQuantity);
          expect(a.quantity).toBeLessThanOrEqual(capped.get(a.bidId) ?? 0); // 0 when below reserve
          byBidder.set(a.bidderId, (byBidder.get(a.bidderId) ?? 0) + a.quantity);
        }
        if (g.terms.perBidderMax !== null) for (const total of byBidder.values()) expect(total).toBeLessThanOrEqual(g.terms.perBidderMax);
      }),
      { numRuns: 500 },
    );
  });

  it('prices: every winner pays ≥ the reserve; uniform winners all pay the clearing price; pay-as-bid their own', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = clearAuction(g.terms, g.bids);
        const reserve = cents(g.terms.reservePrice);
        const bidPrice = new Map(g.bids.map((b) => [b.id, priceToCents(b.price)]));
        for (const a of r.awards) {
          if (a.quantity === 0) {
            expect(a).toMatchObject({ price: null, amount: '0.00' });
            continue;
          }
          const paid = cents(a.price)!;
          if (reserve !== null) expect(paid).toBeGreaterThanOrEqual(reserve);
          expect(paid).toBeLessThanOrEqual(bidPrice.get(a.bidId)!); // nobody pays above its bid
          expect(a.amount).toBe(formatCents(paid * a.quantity));
          if (g.terms.pricing === 'UNIFORM') expect(a.price).toBe(r.clearingPrice);
          else {
            expect(paid).toBe(bidPrice.get(a.bidId));
            expect(paid).toBeGreaterThanOrEqual(cents(r.clearingPrice)!);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fills by price: above the marginal price every bid gets its capped quantity, below it nothing', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = clearAuction(g.terms, g.bids);
        const { ranked, capped } = model(g);
        const won = new Map(r.awards.map((a) => [a.bidId, a.quantity]));
        const winning = ranked.filter((b) => won.get(b.id)! > 0);
        if (winning.length === 0) {
          expect(r.quantitySold).toBe(0);
          return;
        }
        const marginal = Math.min(...winning.map((b) => priceToCents(b.price)));
        if (g.terms.pricing === 'PAY_AS_BID' || r.unsold === 0 || g.terms.reservePrice === null) expect(cents(r.clearingPrice)).toBe(marginal);
        else expect(r.clearingPrice).toBe(g.terms.reservePrice); // uniform, undersubscribed, reserve
        for (const b of ranked) {
          const p = priceToCents(b.price);
          if (p > marginal) expect(won.get(b.id)).toBe(capped.get(b.id));
          if (p < marginal) expect(won.get(b.id)).toBe(0);
        }
        if (r.unsold > 0) for (const b of ranked) expect(won.get(b.id)).toBe(capped.get(b.id)); // undersubscribed: all filled
      }),
      { numRuns: 500 },
    );
  });

  it('ties at the marginal price: pro rata within 1 t of the exact share, leftovers by time; time priority in seq order', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = clearAuction(g.terms, g.bids);
        const { ranked, capped } = model(g);
        const won = new Map(r.awards.map((a) => [a.bidId, a.quantity]));
        const winning = ranked.filter((b) => won.get(b.id)! > 0);
        if (winning.length === 0) return;
        const marginal = Math.min(...winning.map((b) => priceToCents(b.price)));
        const tied = ranked.filter((b) => priceToCents(b.price) === marginal); // in seq order
        const demand = tied.reduce((s, b) => s + capped.get(b.id)!, 0);
        const R = tied.reduce((s, b) => s + won.get(b.id)!, 0); // what the marginal level received
        if (demand <= R) {
          for (const b of tied) expect(won.get(b.id)).toBe(capped.get(b.id));
          return;
        }
        if (g.terms.tieRule === 'TIME_PRIORITY') {
          // A later tied bid wins only if every earlier one is filled to its capped quantity.
          let short = false;
          for (const b of tied) {
            if (short) expect(won.get(b.id)).toBe(0);
            if (won.get(b.id)! < capped.get(b.id)!) short = true;
          }
          return;
        }
        let leftovers = 0;
        let sawRoundedDownWithoutLeftover = false;
        for (const b of tied) {
          const exact = (R * capped.get(b.id)!) / demand;
          const w = won.get(b.id)!;
          expect(Math.abs(w - exact)).toBeLessThan(1);
          const floor = Math.floor((R * capped.get(b.id)!) / demand);
          const whole = (R * capped.get(b.id)!) % demand === 0;
          if (whole) expect(w).toBe(floor);
          else if (w === floor + 1) {
            leftovers++;
            // time priority of leftovers: no earlier rounded-down bid was passed over
            expect(sawRoundedDownWithoutLeftover).toBe(false);
          } else {
            expect(w).toBe(floor);
            sawRoundedDownWithoutLeftover = true;
          }
        }
        expect(leftovers).toBe(R - tied.reduce((s, b) => s + Math.floor((R * capped.get(b.id)!) / demand), 0));
      }),
      { numRuns: 1000 },
    );
  });

  it('the same bids in any order give the identical result', () => {
    fc.assert(
      fc.property(
        generated.chain((g) => fc.tuple(fc.constant(g), fc.shuffledSubarray(g.bids, { minLength: g.bids.length, maxLength: g.bids.length }))),
        ([g, shuffled]) => {
          expect(clearAuction(g.terms, shuffled)).toEqual(clearAuction(g.terms, g.bids));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('publishes coverage, bidders and winners as defined', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const r = clearAuction(g.terms, g.bids);
        const total = g.bids.reduce((s, b) => s + b.quantity, 0);
        expect(r.bidQuantity).toBe(total);
        const scaled = total * 10_000; // small here: exact in a double
        const q = Math.floor(scaled / g.terms.quantity) + ((scaled % g.terms.quantity) * 2 >= g.terms.quantity ? 1 : 0);
        expect(r.coverageRatio).toBe((q / 10_000).toFixed(4));
        expect(r.bidders).toBe(new Set(g.bids.map((b) => b.bidderId)).size);
        expect(r.winners).toBe(new Set(r.awards.filter((a) => a.quantity > 0).map((a) => a.bidderId)).size);
      }),
      { numRuns: 300 },
    );
  });
});
