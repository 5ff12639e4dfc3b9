import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { priceBand } from '../../../src/domain/trading/priceBand';
import {
  breachesPositionLimit,
  isListAndCancelPattern,
  tradeAlerts,
  type TradeParty,
} from '../../../src/domain/trading/surveillance';

const d = (s: string | number) => new Decimal(s);
const party = (accountId: number, groupName: string | null = null, organisationId: number | null = accountId * 10): TradeParty => ({
  accountId,
  organisationId,
  groupName,
});
const band = priceBand(d('50.00'), 'LISTED'); // 45.00 – 55.00
const mid = d('50.00');

describe('tradeAlerts', () => {
  it('raises nothing for unrelated parties trading inside the band', () => {
    expect(tradeAlerts(party(1, 'Alpha Group'), party(2, 'Beta Group'), mid, band)).toEqual([]);
    expect(tradeAlerts(party(1), party(2), mid, band)).toEqual([]);
  });

  it('flags a self-trade: the same account on both sides', () => {
    expect(tradeAlerts(party(7), party(7), mid, band)).toEqual(['SELF_TRADE']);
  });

  it('a self-trade is not also reported as related accounts', () => {
    expect(tradeAlerts(party(7, 'Alpha Group'), party(7, 'Alpha Group'), mid, band)).toEqual(['SELF_TRADE']);
  });

  it.each([
    ['Alpha Group', 'Alpha Group'],
    ['Alpha Group', 'alpha group'],
    ['ALPHA GROUP', 'alpha group'],
    ['  Alpha Group ', 'alpha group'],
    ['中国华能集团', '中国华能集团'],
  ])('flags related accounts: groups %j and %j', (a, b) => {
    expect(tradeAlerts(party(1, a), party(2, b), mid, band)).toEqual(['RELATED_ACCOUNTS']);
  });

  it.each([
    ['Alpha Group', 'Beta Group'],
    ['Alpha Group', 'Alpha Group Ltd'],
    ['Alpha Group', null],
    [null, 'Alpha Group'],
    [null, null],
    ['', ''],
    ['   ', '   '], // a blank group name is no group
    ['', '  '],
  ])('does not flag groups %j and %j', (a, b) => {
    expect(tradeAlerts(party(1, a), party(2, b), mid, band)).toEqual([]);
  });

  it.each([
    ['45.00', ['BAND_LIMIT']],
    ['55.00', ['BAND_LIMIT']],
    ['55', ['BAND_LIMIT']],
    ['45.01', []],
    ['54.99', []],
  ] as const)('a trade at %s raises %j', (price, expected) => {
    expect(tradeAlerts(party(1), party(2), d(price), band)).toEqual(expected);
  });

  it('raises several alerts for one trade: party alert first, then band limit', () => {
    expect(tradeAlerts(party(3), party(3), d('55.00'), band)).toEqual(['SELF_TRADE', 'BAND_LIMIT']);
    expect(tradeAlerts(party(1, 'G'), party(2, 'g'), d('45.00'), band)).toEqual(['RELATED_ACCOUNTS', 'BAND_LIMIT']);
  });
});

describe('isListAndCancelPattern', () => {
  it.each([
    [0, 5, false],
    [4, 5, false],
    [5, 5, true], // raised when the threshold is reached...
    [6, 5, true], // ...or passed (concurrent cancels may skip a count); the database keeps one alert a day
    [1, 1, true],
    [0, 0, false], // a threshold of 0 disables the rule
    [3, 0, false],
    [3, -1, false],
  ])('%s cancellations today, threshold %s -> %s', (cancelled, threshold, expected) => {
    expect(isListAndCancelPattern(cancelled, threshold)).toBe(expected);
  });

  it('holds from the threshold on, whatever count a concurrent cancel skipped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 400 }), (threshold, cancellations) => {
        expect(isListAndCancelPattern(cancellations, threshold)).toBe(cancellations >= threshold);
      }),
    );
  });
});

describe('breachesPositionLimit', () => {
  it.each([
    [0n, 0n, 100n, null, false], // no limit for the class
    [10n ** 15n, 0n, 10n ** 15n, null, false],
    [500n, 200n, 300n, 1_000n, false], // exactly at the limit is allowed
    [500n, 200n, 301n, 1_000n, true],
    [900n, 0n, 101n, 1_000n, true],
    [0n, 1_000n, 1n, 1_000n, true], // open buys count towards the position
    [1_001n, 0n, 0n, 1_000n, true],
    [0n, 0n, 0n, 0n, false],
    [0n, 0n, 1n, 0n, true],
  ])('position %s + open buys %s + order %s vs limit %s -> %s', (position, openBuys, order, limit, expected) => {
    expect(breachesPositionLimit(position, openBuys, order, limit)).toBe(expected);
  });
});
