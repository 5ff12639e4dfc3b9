/**
 * Registry account status machine.
 *
 *   PENDING    --approve-->   ACTIVE
 *   PENDING    --reject-->    CLOSED
 *   ACTIVE     --restrict-->  RESTRICTED
 *   RESTRICTED --reinstate--> ACTIVE
 *   ACTIVE | RESTRICTED --close--> CLOSED   (only when holdings and cash are zero)
 *
 * CLOSED is terminal.
 */
import Decimal from 'decimal.js';
import type { Problem } from '@/domain/problems';

export type AccountStatus = 'PENDING' | 'ACTIVE' | 'RESTRICTED' | 'CLOSED';
export type AccountAction = 'approve' | 'restrict' | 'reinstate' | 'close' | 'reject';

export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['PENDING', 'ACTIVE', 'RESTRICTED', 'CLOSED'];
export const ACCOUNT_ACTIONS: readonly AccountAction[] = ['approve', 'restrict', 'reinstate', 'close', 'reject'];

/** Balances checked before closing. `cashTotal` is a decimal string covering all cash (available + reserved). */
export interface AccountBalancesContext {
  holdingsTotal: bigint;
  cashTotal: string;
}

/** The new status, or the refusal as a problem (src/domain/problems/registry.ts): its code and parameters, no text. */
export type TransitionResult =
  | { ok: true; status: AccountStatus }
  | { ok: false } & (Problem<'INVALID_TRANSITION'> | Problem<'ACCOUNT_NOT_EMPTY'>);

const TRANSITIONS: Record<AccountAction, Partial<Record<AccountStatus, AccountStatus>>> = {
  approve: { PENDING: 'ACTIVE' },
  reject: { PENDING: 'CLOSED' },
  restrict: { ACTIVE: 'RESTRICTED' },
  reinstate: { RESTRICTED: 'ACTIVE' },
  close: { ACTIVE: 'CLOSED', RESTRICTED: 'CLOSED' },
};

function isZeroCash(cashTotal: string): boolean {
  try {
    const d = new Decimal(cashTotal);
    return d.isFinite() && d.isZero();
  } catch {
    return false;
  }
}

/** Whether the string is a finite decimal amount (one the texts can show as cash). */
function isCash(cashTotal: string): boolean {
  try {
    return new Decimal(cashTotal).isFinite();
  } catch {
    return false;
  }
}

/**
 * Applies `action` to `current`. Rule: only the transitions above are valid;
 * `close` additionally requires `ctx` with zero holdings and zero cash
 * (fails closed if `ctx` is missing or cash is unparsable).
 */
export function nextAccountStatus(
  current: AccountStatus,
  action: AccountAction,
  ctx?: AccountBalancesContext,
): TransitionResult {
  const target = TRANSITIONS[action][current];
  if (!target) {
    return { ok: false, code: 'INVALID_TRANSITION', params: { status: current, action } };
  }
  if (action === 'close') {
    const notEmpty = (reason: 'HOLDINGS' | 'CASH' | 'UNKNOWN', holdings = 0, cash = '0.00') =>
      ({ ok: false, code: 'ACCOUNT_NOT_EMPTY', params: { reason, holdings, cash } }) as const;
    if (!ctx) return notEmpty('UNKNOWN');
    if (ctx.holdingsTotal !== 0n) return notEmpty('HOLDINGS', Number(ctx.holdingsTotal));
    if (!isZeroCash(ctx.cashTotal)) return isCash(ctx.cashTotal) ? notEmpty('CASH', 0, ctx.cashTotal) : notEmpty('UNKNOWN');
  }
  return { ok: true, status: target };
}

/** Actions that are structurally valid from `status` (balances not checked). */
export function allowedAccountActions(status: AccountStatus): AccountAction[] {
  return ACCOUNT_ACTIONS.filter((a) => TRANSITIONS[a][status] !== undefined);
}

/**
 * Rule: only ACTIVE accounts may send units by trade or voluntary action
 * (transfer, surrender). RESTRICTED, PENDING and CLOSED accounts may not.
 */
export function canSend(status: AccountStatus): boolean {
  return status === 'ACTIVE';
}

/** Rule: only ACTIVE accounts may receive units by trade or voluntary transfer. */
export function canReceive(status: AccountStatus): boolean {
  return status === 'ACTIVE';
}

/** Rule: voluntary/trade movements in either direction need an ACTIVE account. */
export function canMoveUnits(status: AccountStatus): boolean {
  return canSend(status) && canReceive(status);
}

/**
 * Rule: regulator/registry-forced movements (freeze/unfreeze, court-ordered
 * transfer, compliance deduction) still apply to RESTRICTED accounts, as well
 * as ACTIVE ones; never to PENDING or CLOSED accounts.
 */
export function allowsForcedMovement(status: AccountStatus): boolean {
  return status === 'ACTIVE' || status === 'RESTRICTED';
}
