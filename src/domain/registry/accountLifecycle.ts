/**
 * Registry account status machine, with the registries' grades of restriction (UK ETS / EU Union
 * Registry, DOMAIN §7b):
 *
 *   PENDING --approve--> ACTIVE            PENDING --reject--> CLOSED
 *   ACTIVE | graded --restrictSome--> SOME_RESTRICTED   (outgoing blocked, incoming allowed)
 *   ACTIVE | graded --restrict-->     RESTRICTED        (all transactions restricted)
 *   ACTIVE | graded --suspend-->      SUSPENDED         (no transaction, no surrender)
 *   ACTIVE | graded --requestClosure--> CLOSURE_PENDING (nothing comes in; may be emptied)
 *   graded | CLOSURE_PENDING --reinstate--> ACTIVE
 *   ACTIVE | graded | CLOSURE_PENDING --close--> CLOSED (only when holdings and cash are zero)
 *
 * "graded" is SOME_RESTRICTED, RESTRICTED or SUSPENDED. CLOSED is terminal.
 */
import Decimal from 'decimal.js';
import type { Problem } from '@/domain/problems';

export type AccountStatus = 'PENDING' | 'ACTIVE' | 'SOME_RESTRICTED' | 'RESTRICTED' | 'SUSPENDED' | 'CLOSURE_PENDING' | 'CLOSED';
export type AccountAction = 'approve' | 'restrictSome' | 'restrict' | 'suspend' | 'requestClosure' | 'reinstate' | 'close' | 'reject';

export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['PENDING', 'ACTIVE', 'SOME_RESTRICTED', 'RESTRICTED', 'SUSPENDED', 'CLOSURE_PENDING', 'CLOSED'];
export const ACCOUNT_ACTIONS: readonly AccountAction[] = ['approve', 'restrictSome', 'restrict', 'suspend', 'requestClosure', 'reinstate', 'close', 'reject'];

/**
 * What each status lets through, enforced at the ledger's entry points:
 * - `send`: units leave by the holder's choice (sell, transfer, cancel, pledge);
 * - `receive`: units come in (buy, allocation, a transfer, a cash deposit);
 * - `surrender`: units handed in against the compliance obligation;
 * - `forced`: movements the registry or a regulator orders (freeze, court-ordered transfer, deduction).
 */
export const ACCOUNT_CAPABILITIES: Record<AccountStatus, { send: boolean; receive: boolean; surrender: boolean; forced: boolean }> = {
  PENDING: { send: false, receive: false, surrender: false, forced: false },
  ACTIVE: { send: true, receive: true, surrender: true, forced: true },
  SOME_RESTRICTED: { send: false, receive: true, surrender: true, forced: true },
  RESTRICTED: { send: false, receive: false, surrender: true, forced: true },
  SUSPENDED: { send: false, receive: false, surrender: false, forced: true },
  CLOSURE_PENDING: { send: true, receive: false, surrender: true, forced: true },
  CLOSED: { send: false, receive: false, surrender: false, forced: false },
};

/** Balances checked before closing. `cashTotal` is a decimal string covering all cash (available + reserved). */
export interface AccountBalancesContext {
  holdingsTotal: bigint;
  cashTotal: string;
}

/** The new status, or the refusal as a problem (src/domain/problems/registry.ts): its code and parameters, no text. */
export type TransitionResult =
  | { ok: true; status: AccountStatus }
  | { ok: false } & (Problem<'INVALID_TRANSITION'> | Problem<'ACCOUNT_NOT_EMPTY'>);

const GRADED = ['SOME_RESTRICTED', 'RESTRICTED', 'SUSPENDED'] as const;
const to = (target: AccountStatus, from: readonly AccountStatus[]): Partial<Record<AccountStatus, AccountStatus>> =>
  Object.fromEntries(from.filter((s) => s !== target).map((s) => [s, target]));

const TRANSITIONS: Record<AccountAction, Partial<Record<AccountStatus, AccountStatus>>> = {
  approve: { PENDING: 'ACTIVE' },
  reject: { PENDING: 'CLOSED' },
  restrictSome: to('SOME_RESTRICTED', ['ACTIVE', ...GRADED]),
  restrict: to('RESTRICTED', ['ACTIVE', ...GRADED]),
  suspend: to('SUSPENDED', ['ACTIVE', ...GRADED]),
  requestClosure: to('CLOSURE_PENDING', ['ACTIVE', ...GRADED]),
  reinstate: to('ACTIVE', [...GRADED, 'CLOSURE_PENDING']),
  close: to('CLOSED', ['ACTIVE', ...GRADED, 'CLOSURE_PENDING']),
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

/** Rule: units leave by the holder's choice (sell, transfer, cancel, pledge) only from ACTIVE or CLOSURE_PENDING accounts. */
export function canSend(status: AccountStatus): boolean {
  return ACCOUNT_CAPABILITIES[status].send;
}

/** Rule: units come in (buy, allocation, transfer, deposit) only to ACTIVE or SOME_RESTRICTED accounts. */
export function canReceive(status: AccountStatus): boolean {
  return ACCOUNT_CAPABILITIES[status].receive;
}

/** Rule: surrender is allowed unless the account is suspended, pending or closed. */
export function canSurrender(status: AccountStatus): boolean {
  return ACCOUNT_CAPABILITIES[status].surrender;
}

/** Rule: trading one side of the market needs that direction: buying receives, selling sends. */
export function canTrade(status: AccountStatus, side: 'BUY' | 'SELL'): boolean {
  return side === 'BUY' ? canReceive(status) : canSend(status);
}

/** The statuses whose holders may trade one side (for SQL filters of takeable listings). */
export const statusesTrading = (side: 'BUY' | 'SELL'): AccountStatus[] => ACCOUNT_STATUSES.filter((s) => canTrade(s, side));

/**
 * Rule: regulator/registry-forced movements (freeze/unfreeze, court-ordered transfer, compliance
 * deduction, a reversal) apply to every opened account that is not closed.
 */
export function allowsForcedMovement(status: AccountStatus): boolean {
  return ACCOUNT_CAPABILITIES[status].forced;
}
