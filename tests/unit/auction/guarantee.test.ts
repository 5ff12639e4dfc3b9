import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { AuctionInputError, formatCents } from '../../../src/domain/auction/clearing';
import { bidGuarantee, type GuaranteeRule } from '../../../src/domain/auction/guarantee';

const FULL: GuaranteeRule = { kind: 'FULL' };
const pct = (percent: string): GuaranteeRule => ({ kind: 'PERCENT', percent });

describe('bidGuarantee', () => {
  it.each<[string, GuaranteeRule, string, number, string]>([
    ['full value', FULL, '50.00', 100, '5000.00'],
    ['full value, odd fen', FULL, '50.01', 3, '150.03'],
    ['full value beyond 2^53 fen', FULL, '999999999999.99', 1_000_000, '999999999999990000.00'],
    ['10 % of a whole number of fen stays exact', pct('0.10'), '50.00', 100, '500.00'],
    ['10 % of 150.03 = 15.003 rounds UP to 15.01', pct('0.10'), '50.01', 3, '15.01'],
    ['15 % of 33.33 = 4.9995 rounds up to 5.00', pct('0.15'), '33.33', 1, '5.00'],
    ['a tiny share is still at least 0.01', pct('0.0001'), '0.01', 1, '0.01'],
    ['100 % is the full value', pct('1'), '50.01', 3, '150.03'],
    ['33.3333 % of 100.00', pct('0.333333'), '100.00', 1, '33.34'],
    ['a share given with trailing zeros', pct('0.2500'), '40.00', 7, '70.00'],
  ])('%s: %j at %s × %i t → %s', (_name, rule, price, quantity, expected) => {
    expect(bidGuarantee(rule, price, quantity)).toBe(expected);
  });

  it.each<[string, GuaranteeRule, string, number, string]>([
    ['percent 0', pct('0'), '50.00', 1, 'rule.percent'],
    ['percent above 1 (10 meant as 10 %)', pct('10'), '50.00', 1, 'rule.percent'],
    ['percent negative', pct('-0.1'), '50.00', 1, 'rule.percent'],
    ['percent not a number', pct('ten'), '50.00', 1, 'rule.percent'],
    ['unknown rule', { kind: 'HALF' } as unknown as GuaranteeRule, '50.00', 1, 'rule.kind'],
    ['price with 3 dp', FULL, '50.001', 1, 'price'],
    ['price 0', FULL, '0.00', 1, 'price'],
    ['quantity 0', FULL, '50.00', 0, 'quantity'],
    ['quantity 1.5', FULL, '50.00', 1.5, 'quantity'],
    ['quantity beyond 2^53', FULL, '50.00', 2 ** 53, 'quantity'],
  ])('%s → AuctionInputError on %s', (_name, rule, price, quantity, field) => {
    let error: unknown;
    try {
      bidGuarantee(rule, price, quantity);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuctionInputError);
    expect(error).toMatchObject({ code: 'AUCTION_INPUT_INVALID', field });
  });

  it('is never short and never more than 0.01 over the exact share; FULL is price × quantity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_00 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000 }), // share in basis points
        (cents, quantity, bp) => {
          const price = formatCents(cents);
          const value = new Decimal(price).times(quantity);
          expect(bidGuarantee(FULL, price, quantity)).toBe(value.toFixed(2));
          const percent = new Decimal(bp).div(10_000).toString();
          const exact = value.times(percent);
          const g = new Decimal(bidGuarantee(pct(percent), price, quantity));
          expect(g.gte(exact)).toBe(true);
          expect(g.minus(exact).lt('0.01')).toBe(true);
          expect(g.decimalPlaces()).toBeLessThanOrEqual(2);
          expect(g.lte(value)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
