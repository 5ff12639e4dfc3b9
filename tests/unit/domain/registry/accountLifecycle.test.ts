import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ACTIONS,
  ACCOUNT_STATUSES,
  allowedAccountActions,
  allowsForcedMovement,
  canSurrender,
  canTrade,
  statusesTrading,
  canReceive,
  canSend,
  nextAccountStatus,
  type AccountAction,
  type AccountStatus,
} from '../../../../src/domain/registry/accountLifecycle';

const EMPTY = { holdingsTotal: 0n, cashTotal: '0.00' };

/** Every (status, action) pair → expected target, or null when invalid. */
const N = null;
const TABLE: Record<AccountStatus, Record<AccountAction, AccountStatus | null>> = {
  PENDING: { approve: 'ACTIVE', reject: 'CLOSED', restrictSome: N, restrict: N, suspend: N, requestClosure: N, reinstate: N, close: N },
  ACTIVE: { approve: N, reject: N, restrictSome: 'SOME_RESTRICTED', restrict: 'RESTRICTED', suspend: 'SUSPENDED', requestClosure: 'CLOSURE_PENDING', reinstate: N, close: 'CLOSED' },
  SOME_RESTRICTED: { approve: N, reject: N, restrictSome: N, restrict: 'RESTRICTED', suspend: 'SUSPENDED', requestClosure: 'CLOSURE_PENDING', reinstate: 'ACTIVE', close: 'CLOSED' },
  RESTRICTED: { approve: N, reject: N, restrictSome: 'SOME_RESTRICTED', restrict: N, suspend: 'SUSPENDED', requestClosure: 'CLOSURE_PENDING', reinstate: 'ACTIVE', close: 'CLOSED' },
  SUSPENDED: { approve: N, reject: N, restrictSome: 'SOME_RESTRICTED', restrict: 'RESTRICTED', suspend: N, requestClosure: 'CLOSURE_PENDING', reinstate: 'ACTIVE', close: 'CLOSED' },
  CLOSURE_PENDING: { approve: N, reject: N, restrictSome: N, restrict: N, suspend: N, requestClosure: N, reinstate: 'ACTIVE', close: 'CLOSED' },
  CLOSED: { approve: N, reject: N, restrictSome: N, restrict: N, suspend: N, requestClosure: N, reinstate: N, close: N },
};

const cases = ACCOUNT_STATUSES.flatMap((s) => ACCOUNT_ACTIONS.map((a) => [s, a, TABLE[s][a]] as const));

describe('nextAccountStatus', () => {
  it('covers all 56 status/action pairs', () => {
    expect(cases).toHaveLength(56);
  });

  it.each(cases)('%s --%s--> %s', (status, action, expected) => {
    const result = nextAccountStatus(status, action, EMPTY);
    if (expected === null) {
      expect(result).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      if (!result.ok) expect(result.params).toEqual({ status, action });
    } else {
      expect(result).toEqual({ ok: true, status: expected });
    }
  });

  it('does not need balances for non-close actions', () => {
    expect(nextAccountStatus('PENDING', 'approve')).toEqual({ ok: true, status: 'ACTIVE' });
    expect(nextAccountStatus('PENDING', 'reject')).toEqual({ ok: true, status: 'CLOSED' });
    expect(nextAccountStatus('ACTIVE', 'restrict')).toEqual({ ok: true, status: 'RESTRICTED' });
    expect(nextAccountStatus('RESTRICTED', 'reinstate')).toEqual({ ok: true, status: 'ACTIVE' });
  });

  describe('close requires an empty account', () => {
    it.each(['ACTIVE', 'SOME_RESTRICTED', 'RESTRICTED', 'SUSPENDED', 'CLOSURE_PENDING'] as const)('%s with zero balances closes', (status) => {
      for (const cashTotal of ['0', '0.00', '-0', '0E+2']) {
        expect(nextAccountStatus(status, 'close', { holdingsTotal: 0n, cashTotal })).toEqual({ ok: true, status: 'CLOSED' });
      }
    });

    it.each([
      ['holdings 1', { holdingsTotal: 1n, cashTotal: '0' }],
      ['holdings -1', { holdingsTotal: -1n, cashTotal: '0' }],
      ['cash 0.01', { holdingsTotal: 0n, cashTotal: '0.01' }],
      ['cash -0.01', { holdingsTotal: 0n, cashTotal: '-0.01' }],
      ['cash "abc"', { holdingsTotal: 0n, cashTotal: 'abc' }],
      ['cash ""', { holdingsTotal: 0n, cashTotal: '' }],
      ['cash NaN', { holdingsTotal: 0n, cashTotal: 'NaN' }],
      ['no balances given', undefined],
    ] as const)('rejects %s with ACCOUNT_NOT_EMPTY', (_label, ctx) => {
      for (const status of ['ACTIVE', 'RESTRICTED'] as const) {
        const result = nextAccountStatus(status, 'close', ctx);
        expect(result).toMatchObject({ ok: false, code: 'ACCOUNT_NOT_EMPTY' });
      }
    });

    it('reports INVALID_TRANSITION before balances for a closed account', () => {
      expect(nextAccountStatus('CLOSED', 'close', { holdingsTotal: 5n, cashTotal: '1' })).toMatchObject({
        ok: false,
        code: 'INVALID_TRANSITION',
      });
    });
  });
});

describe('allowedAccountActions', () => {
  it.each([
    ['PENDING', ['approve', 'reject']],
    ['ACTIVE', ['restrictSome', 'restrict', 'suspend', 'requestClosure', 'close']],
    ['RESTRICTED', ['restrictSome', 'suspend', 'requestClosure', 'reinstate', 'close']],
    ['CLOSURE_PENDING', ['reinstate', 'close']],
    ['CLOSED', []],
  ] as const)('%s -> %j', (status, actions) => {
    expect(allowedAccountActions(status).sort()).toEqual([...actions].sort());
  });
});

describe('what each grade lets through (the ledger entry points enforce these)', () => {
  it.each([
    ['PENDING', false, false, false, false],
    ['ACTIVE', true, true, true, true],
    ['SOME_RESTRICTED', false, true, true, true],
    ['RESTRICTED', false, false, true, true],
    ['SUSPENDED', false, false, false, true],
    ['CLOSURE_PENDING', true, false, true, true],
    ['CLOSED', false, false, false, false],
  ] as const)('%s: send=%s receive=%s surrender=%s forced=%s', (status, send, receive, surrender, forced) => {
    expect(canSend(status)).toBe(send);
    expect(canReceive(status)).toBe(receive);
    expect(canSurrender(status)).toBe(surrender);
    expect(allowsForcedMovement(status)).toBe(forced);
    expect(canTrade(status, 'SELL')).toBe(send);
    expect(canTrade(status, 'BUY')).toBe(receive);
  });

  it('lists the statuses that may trade each side', () => {
    expect(statusesTrading('BUY')).toEqual(['ACTIVE', 'SOME_RESTRICTED']);
    expect(statusesTrading('SELL')).toEqual(['ACTIVE', 'CLOSURE_PENDING']);
  });
});
