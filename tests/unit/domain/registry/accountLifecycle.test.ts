import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ACTIONS,
  ACCOUNT_STATUSES,
  allowedAccountActions,
  allowsForcedMovement,
  canMoveUnits,
  canReceive,
  canSend,
  nextAccountStatus,
  type AccountAction,
  type AccountStatus,
} from '../../../../src/domain/registry/accountLifecycle';

const EMPTY = { holdingsTotal: 0n, cashTotal: '0.00' };

/** Every (status, action) pair → expected target, or null when invalid. */
const TABLE: Record<AccountStatus, Record<AccountAction, AccountStatus | null>> = {
  PENDING: { approve: 'ACTIVE', reject: 'CLOSED', restrict: null, reinstate: null, close: null },
  ACTIVE: { approve: null, reject: null, restrict: 'RESTRICTED', reinstate: null, close: 'CLOSED' },
  RESTRICTED: { approve: null, reject: null, restrict: null, reinstate: 'ACTIVE', close: 'CLOSED' },
  CLOSED: { approve: null, reject: null, restrict: null, reinstate: null, close: null },
};

const cases = ACCOUNT_STATUSES.flatMap((s) => ACCOUNT_ACTIONS.map((a) => [s, a, TABLE[s][a]] as const));

describe('nextAccountStatus', () => {
  it('covers all 20 status/action pairs', () => {
    expect(cases).toHaveLength(20);
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
    it.each(['ACTIVE', 'RESTRICTED'] as const)('%s with zero balances closes', (status) => {
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
    ['ACTIVE', ['restrict', 'close']],
    ['RESTRICTED', ['reinstate', 'close']],
    ['CLOSED', []],
  ] as const)('%s -> %j', (status, actions) => {
    expect(allowedAccountActions(status).sort()).toEqual([...actions].sort());
  });
});

describe('movement permissions', () => {
  it.each([
    ['PENDING', false, false, false, false],
    ['ACTIVE', true, true, true, true],
    ['RESTRICTED', false, false, false, true],
    ['CLOSED', false, false, false, false],
  ] as const)('%s: send=%s receive=%s move=%s forced=%s', (status, send, receive, move, forced) => {
    expect(canSend(status)).toBe(send);
    expect(canReceive(status)).toBe(receive);
    expect(canMoveUnits(status)).toBe(move);
    expect(allowsForcedMovement(status)).toBe(forced);
  });
});
