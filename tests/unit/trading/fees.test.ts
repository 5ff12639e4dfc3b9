import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { priceTimesTonnes } from '../../../src/domain/money';
import { buyerLock, feeOn, listerFeeForFill, riskReserveShare, tradeFee } from '../../../src/domain/trading/fees';

const d = (s: string | number) => new Decimal(s);

describe('feeOn', () => {
  it.each([
    ['10000', '0.0005', '5.00'],
    ['52300', '0.0005', '26.15'],
    ['1225', '0.001', '1.23'], // 1.225: half-up (half-even would give 1.22)
    ['1224.99', '0.001', '1.22'], // 1.22499
    ['1', '0.005', '0.01'], // 0.005 -> 0.01
    ['0.99', '0.005', '0.00'], // 0.00495 -> 0.00
    ['10000', '0', '0.00'],
    ['0', '0.0005', '0.00'],
  ])('fee on %s at rate %s = %s', (amount, rate, expected) => {
    const fee = feeOn(d(amount), d(rate));
    expect(fee.toFixed(2)).toBe(expected);
    expect(fee.decimalPlaces()).toBeLessThanOrEqual(2);
  });
});

describe('tradeFee', () => {
  it('is the fee on price × quantity', () => {
    expect(tradeFee(d('52.30'), 1_000n, d('0.0005')).toFixed(2)).toBe('26.15');
    // 45.67 × 99,999 = 4,566,954.33; × 0.0003 = 1,370.086299 -> 1,370.09
    expect(tradeFee(d('45.67'), 99_999n, d('0.0003')).toFixed(2)).toBe('1370.09');
  });

  it('rounds the fee of the whole trade once', () => {
    // 3 t × 1.00 = 3.00; 0.5 % = 0.015 -> 0.02 (three 1 t trades would each pay 0.01)
    expect(tradeFee(d('1.00'), 3n, d('0.005')).toFixed(2)).toBe('0.02');
    expect(tradeFee(d('1.00'), 1n, d('0.005')).toFixed(2)).toBe('0.01');
  });

  it('is zero for zero tonnes', () => {
    expect(tradeFee(d('50'), 0n, d('0.0005')).isZero()).toBe(true);
  });
});

describe('listerFeeForFill (cumulative rounding)', () => {
  it('charges fee(filled so far) − fee(filled before), so rounding is not paid per fill', () => {
    const price = d('1.00');
    const rate = d('0.005');
    const f1 = listerFeeForFill(price, 0n, 1n, rate); // fee(1) − fee(0) = 0.01
    const f2 = listerFeeForFill(price, 1n, 1n, rate); // fee(2) − fee(1) = 0.01 − 0.01 = 0.00
    const f3 = listerFeeForFill(price, 2n, 1n, rate); // fee(3) − fee(2) = 0.02 − 0.01 = 0.01
    expect([f1, f2, f3].map((f) => f.toFixed(2))).toEqual(['0.01', '0.00', '0.01']);
    expect(f1.plus(f2).plus(f3).toFixed(2)).toBe(tradeFee(price, 3n, rate).toFixed(2));
  });

  it('the first fill pays the plain trade fee', () => {
    expect(listerFeeForFill(d('52.30'), 0n, 1_000n, d('0.0005')).toFixed(2)).toBe('26.15');
  });

  it('the sum of the lister fees over any split of a quantity equals the trade fee of the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }), // price in fen
        fc.integer({ min: 0, max: 100_000 }), // rate in units of 0.000001 (0 – 10 %)
        fc.array(fc.bigInt({ min: 1n, max: 99_999n }), { minLength: 1, maxLength: 25 }),
        (cents, ppm, parts) => {
          const price = d(cents).div(100);
          const rate = d(ppm).div(1_000_000);
          let filled = 0n;
          let fees = d(0);
          let values = d(0);
          for (const q of parts) {
            const fee = listerFeeForFill(price, filled, q, rate);
            expect(fee.gte(0)).toBe(true);
            expect(fee.decimalPlaces()).toBeLessThanOrEqual(2);
            fees = fees.plus(fee);
            values = values.plus(priceTimesTonnes(price, q));
            filled += q;
          }
          expect(fees.eq(tradeFee(price, filled, rate))).toBe(true);
          // A buy listing filled in parts uses up exactly the cash it locked for the total.
          expect(values.plus(fees).eq(buyerLock(price, filled, rate))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('buyerLock', () => {
  it('is the value plus the fee on it', () => {
    expect(buyerLock(d('50.00'), 100n, d('0.001')).toFixed(2)).toBe('5005.00');
    expect(buyerLock(d('52.30'), 1_000n, d('0.0005')).toFixed(2)).toBe('52326.15');
    expect(buyerLock(d('12.35'), 7n, d('0')).toFixed(2)).toBe('86.45');
  });

  it('covers the value and the taker fee of any trade up to the locked quantity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.bigInt({ min: 1n, max: 99_999n }), (cents, ppm, qty) => {
        const price = d(cents).div(100);
        const rate = d(ppm).div(1_000_000);
        const lock = buyerLock(price, qty, rate);
        expect(lock.eq(priceTimesTonnes(price, qty).plus(tradeFee(price, qty, rate)))).toBe(true);
        expect(lock.gte(buyerLock(price, qty - 1n, rate))).toBe(true);
      }),
    );
  });
});

describe('riskReserveShare', () => {
  it.each([
    ['123.45', '0.1', '12.35'], // 12.345 -> 12.35
    ['1000.00', '0.2', '200.00'],
    ['0.04', '0.1', '0.00'], // 0.004
    ['0.05', '0.1', '0.01'], // 0.005 -> 0.01
    ['999.99', '0', '0.00'],
    ['999.99', '1', '999.99'],
  ])('share of %s at %s = %s', (fees, share, expected) => {
    expect(riskReserveShare(d(fees), d(share)).toFixed(2)).toBe(expected);
  });
});
