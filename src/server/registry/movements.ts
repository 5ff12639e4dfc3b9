import { note as memoNote, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type Bucket, type Instrument, type MovementType } from '@/generated/prisma/client';
import { allowsForcedMovement, canReceive, canSend } from '@/domain/registry/accountLifecycle';
import type {
  AllocationCommand, AuctionSetAsideCommand, CancellationCommand, CashDepositCommand, DistributionCommand, FreezeCommand, IssuanceCommand,
  NonTradeTransferCommand, PledgeCommand,
} from '@/schemas/registry';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { idempotent } from '../idempotency';
import { marketNow, inTransaction, type Tx } from '../tx';
import { findOwnAccountId, linkedCashAccount, lockAccount, lockAccounts, ownAccountId, systemAccountId, type AccountRow } from './accounts';
import { isTrusted } from './trustedAccounts';
import { notifyTransferDelayed, notifyTransferRequested, settleTransferNotifications } from './registryNotifications';
import { registryDelays } from '@/config/env';
import { delayedTransferCancellable, delayedTransferExecutesAt } from '@/domain/registry/transferDelays';
import { postEntry, unitMove, type CcerProvenance } from './ledger';
import { ccerProjectId } from './ccerProjects';

/** What every unit movement returns (the API's response body). */
export interface MovementResult {
  entryId: string;
  type: MovementType;
  instrument: Instrument;
  vintage: number;
  quantity: number;
  fromAccountId: number;
  toAccountId: number;
}

export interface RequestOptions {
  idempotencyKey?: string;
}

function accountRefusal(account: AccountRow, action: 'send' | 'receive'): never {
  throw fail('ACCOUNT_NOT_ACTIVE', { account: account.number, status: account.status, action }, { accountId: problem('FIELD_ACCOUNT_NOT_ACTIVE', { status: account.status }) });
}

function requireCanSend(a: AccountRow): void {
  if (!canSend(a.status)) accountRefusal(a, 'send');
}
function requireCanReceive(a: AccountRow): void {
  if (!canReceive(a.status)) accountRefusal(a, 'receive');
}

/** Posts a transfer of available units between two accounts and audits it; shared by most movements. */
async function transferAvailable(
  tx: Tx,
  actor: Actor,
  m: { type: MovementType; from: number; to: number; instrument: Instrument; vintage: number; quantity: number; memo?: Note | string; legalBasis?: Note | string; reference?: string; toBucket?: Bucket; fromBucket?: Bucket; ccer?: CcerProvenance },
): Promise<MovementResult> {
  const entryId = await postEntry(tx, {
    type: m.type,
    memo: m.memo,
    legalBasis: m.legalBasis,
    reference: m.reference,
    actorUserId: actor.userId,
    ccer: m.ccer,
    units: unitMove(
      { accountId: m.from, bucket: m.fromBucket ?? 'AVAILABLE' },
      { accountId: m.to, bucket: m.toBucket ?? 'AVAILABLE' },
      { instrument: m.instrument, vintage: m.vintage },
      BigInt(m.quantity),
    ),
  });
  const result: MovementResult = {
    entryId: entryId.toString(), type: m.type, instrument: m.instrument, vintage: m.vintage, quantity: m.quantity, fromAccountId: m.from, toAccountId: m.to,
  };
  await recordAudit(tx, actor, { action: `movement.${m.type.toLowerCase()}`, targetType: 'journal_entry', targetId: entryId, after: { ...result, memo: m.memo, legalBasis: m.legalBasis } });
  return result;
}

/** Issuance (签发): creates units — CEA into the national reserve, CCER into the CCER registry. */
export async function issue(actor: Actor, cmd: IssuanceCommand, opts: RequestOptions = {}): Promise<MovementResult> {
  authorize(actor, 'registry.issue');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'issuance', request: cmd }, async () => {
      const from = await systemAccountId(tx, 'ISSUANCE');
      const to = await systemAccountId(tx, cmd.instrument === 'CEA' ? 'NATIONAL_RESERVE' : 'CCER_REGISTRY');
      const ccer = cmd.project ? { issuedFrom: await ccerProjectId(tx, cmd.project) } : undefined;
      return transferAvailable(tx, actor, { type: 'ISSUANCE', from, to, instrument: cmd.instrument, vintage: cmd.vintage, quantity: cmd.quantity, legalBasis: cmd.legalBasis, ccer });
    }),
  );
}

/** Distribution of CEA from the national reserve to a province's allocation account. */
export async function distributeToProvince(actor: Actor, cmd: DistributionCommand, opts: RequestOptions = {}): Promise<MovementResult> {
  authorize(actor, 'registry.distribute');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'distribution', request: cmd }, async () => {
      const from = await systemAccountId(tx, 'NATIONAL_RESERVE');
      const to = await systemAccountId(tx, 'PROVINCE_ALLOCATION', cmd.provinceCode);
      return transferAvailable(tx, actor, { type: 'DISTRIBUTION', from, to, instrument: 'CEA', vintage: cmd.vintage, quantity: cmd.quantity, legalBasis: cmd.legalBasis });
    }),
  );
}

/** Paid allocation: the national regulator sets CEA aside from the national reserve in the auction account, to be auctioned. */
export async function setAsideForAuction(actor: Actor, cmd: AuctionSetAsideCommand, opts: RequestOptions = {}): Promise<MovementResult> {
  authorize(actor, 'auctions.setAside');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'auction-set-aside', request: cmd }, async () => {
      const from = await systemAccountId(tx, 'NATIONAL_RESERVE');
      const to = await systemAccountId(tx, 'AUCTION');
      return transferAvailable(tx, actor, { type: 'DISTRIBUTION', from, to, instrument: 'CEA', vintage: cmd.vintage, quantity: cmd.quantity, legalBasis: cmd.legalBasis });
    }),
  );
}

/**
 * Allocation (初始分配) to a participant: CEA from its province's allocation account, by the
 * regulator of that province (or the national regulator); CCER from the CCER registry, by the
 * registry operator: the named project's units, to its owner's (or the owner's designated) account.
 */
export async function allocate(actor: Actor, cmd: AllocationCommand, opts: RequestOptions = {}): Promise<MovementResult> {
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'allocation', request: cmd }, async () => {
      const target = await lockAccount(tx, cmd.accountId);
      if (target.type !== 'PARTICIPANT') {
        throw fail('NOT_A_PARTICIPANT_ACCOUNT', { account: target.number, use: 'allocation' }, { accountId: problem('FIELD_NOT_A_PARTICIPANT_ACCOUNT') });
      }
      let from: number;
      let ccer: CcerProvenance | undefined;
      if (cmd.instrument === 'CEA') {
        authorize(actor, 'registry.allocate', { organisationId: target.organisation_id, provinceCode: target.province_code }, { what: 'account', id: null });
        if (!target.province_code) throw fail('NO_PROVINCE', { account: target.number });
        from = await systemAccountId(tx, 'PROVINCE_ALLOCATION', target.province_code);
      } else {
        authorize(actor, 'registry.allocateCcer');
        from = await systemAccountId(tx, 'CCER_REGISTRY');
        ccer = { onlyProjects: new Set([await ccerProjectId(tx, cmd.project!)]) };
      }
      requireCanReceive(target);
      return transferAvailable(tx, actor, { type: 'ALLOCATION', from, to: target.id, instrument: cmd.instrument, vintage: cmd.vintage, quantity: cmd.quantity, legalBasis: cmd.legalBasis, ccer });
    }),
  );
}

/** Voluntary cancellation (自愿注销): a holder retires available units for good. */
export async function cancelVoluntarily(actor: Actor, cmd: CancellationCommand, opts: RequestOptions = {}): Promise<MovementResult> {
  authorize(actor, 'registry.cancel');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'cancellation', request: cmd }, async () => {
      const own = await ownAccountId(tx, actor);
      // A holder cancels from its own account only (403, as the API has always answered).
      if (cmd.accountId !== undefined && cmd.accountId !== own) throw fail('FORBIDDEN', { reason: 'OTHER_ACCOUNT' });
      const account = await lockAccount(tx, own);
      requireCanSend(account);
      const to = await systemAccountId(tx, 'CANCELLATION');
      return transferAvailable(tx, actor, {
        type: 'VOLUNTARY_CANCELLATION', from: own, to, instrument: cmd.instrument, vintage: cmd.vintage, quantity: cmd.quantity, memo: cmd.reason,
      });
    }),
  );
}

/** Freeze (冻结): the registry operator moves available units to frozen, e.g. on a court order. */
export async function freeze(actor: Actor, cmd: FreezeCommand, opts: RequestOptions = {}) {
  authorize(actor, 'encumbrances.manage');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'freeze', request: cmd }, async () => {
      const account = await lockAccount(tx, cmd.accountId);
      if (account.type !== 'PARTICIPANT' || !allowsForcedMovement(account.status)) accountRefusal(account, 'send');
      const record = await tx.freeze.create({
        data: {
          accountId: account.id, instrument: cmd.instrument, vintage: cmd.vintage, quantity: BigInt(cmd.quantity),
          authority: cmd.authority, orderReference: cmd.orderReference, reason: cmd.reason, createdById: actor.userId,
        },
      });
      const movement = await transferAvailable(tx, actor, {
        type: 'FREEZE', from: account.id, to: account.id, toBucket: 'FROZEN', instrument: cmd.instrument, vintage: cmd.vintage,
        quantity: cmd.quantity, memo: cmd.reason, legalBasis: `${cmd.authority} ${cmd.orderReference}`, reference: `FREEZE-${record.id}`,
      });
      return { freezeId: record.id, ...movement };
    }),
  );
}

/** Pledge (质押): available units are pledged to a pledgee as security for an amount. */
export async function pledge(actor: Actor, cmd: PledgeCommand, opts: RequestOptions = {}) {
  authorize(actor, 'encumbrances.manage');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'pledge', request: cmd }, async () => {
      const account = await lockAccount(tx, cmd.accountId);
      if (account.type !== 'PARTICIPANT') {
        throw fail('NOT_A_PARTICIPANT_ACCOUNT', { account: account.number, use: 'pledge' }, { accountId: problem('FIELD_NOT_A_PARTICIPANT_ACCOUNT') });
      }
      requireCanSend(account);
      const record = await tx.pledge.create({
        data: {
          accountId: account.id, instrument: cmd.instrument, vintage: cmd.vintage, quantity: BigInt(cmd.quantity), pledgee: cmd.pledgee,
          securedAmount: new Decimal(cmd.securedAmount).toFixed(2), contractReference: cmd.contractReference, createdById: actor.userId,
        },
      });
      const movement = await transferAvailable(tx, actor, {
        type: 'PLEDGE', from: account.id, to: account.id, toBucket: 'PLEDGED', instrument: cmd.instrument, vintage: cmd.vintage,
        quantity: cmd.quantity, memo: memoNote('PLEDGED', { pledgee: cmd.pledgee, securedAmount: cmd.securedAmount }), legalBasis: cmd.contractReference, reference: `PLEDGE-${record.id}`,
      });
      return { pledgeId: record.id, ...movement };
    }),
  );
}

const ENCUMBRANCES = {
  freeze: { table: Prisma.raw('"freeze"'), bucket: 'FROZEN', movement: 'UNFREEZE', reference: 'FREEZE' },
  pledge: { table: Prisma.raw('"pledge"'), bucket: 'PLEDGED', movement: 'PLEDGE_RELEASE', reference: 'PLEDGE' },
} as const;

/** Releases exactly what a freeze froze or a pledge pledged, once: back to available. */
async function releaseEncumbrance(actor: Actor, kind: keyof typeof ENCUMBRANCES, id: number, reason: string, opts: RequestOptions) {
  authorize(actor, 'encumbrances.manage');
  const e = ENCUMBRANCES[kind];
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `${kind}-release`, request: { id, reason } }, async () => {
      const [record] = await tx.$queryRaw<{ account_id: number; instrument: Instrument; vintage: number; quantity: bigint; status: string }[]>`
        SELECT account_id, instrument, vintage, quantity, status::text AS status FROM ${e.table} WHERE id = ${id} FOR UPDATE`;
      if (!record) throw fail('NOT_FOUND', { what: 'encumbrance', id });
      if (record.status !== 'ACTIVE') throw fail('ALREADY_RELEASED', { what: kind, id });
      await lockAccount(tx, record.account_id);
      await tx.$executeRaw`UPDATE ${e.table} SET status = 'RELEASED', released_by_id = ${actor.userId}, released_at = now() WHERE id = ${id}`;
      return transferAvailable(tx, actor, {
        type: e.movement, from: record.account_id, fromBucket: e.bucket, to: record.account_id, instrument: record.instrument, vintage: record.vintage,
        quantity: Number(record.quantity), memo: reason, reference: `${e.reference}-${id}`,
      });
    }),
  );
}

/** Unfreeze (解冻): releases exactly what a freeze froze. */
export async function unfreeze(actor: Actor, freezeId: number, reason: string, opts: RequestOptions = {}) {
  return { freezeId, ...(await releaseEncumbrance(actor, 'freeze', freezeId, reason, opts)) };
}

/** Pledge release (解押): returns exactly the pledged units to available. */
export async function releasePledge(actor: Actor, pledgeId: number, reason: string, opts: RequestOptions = {}) {
  return { pledgeId, ...(await releaseEncumbrance(actor, 'pledge', pledgeId, reason, opts)) };
}

/**
 * Non-trade transfer request (非交易过户): the holder (from its own account) or the registry
 * operator (from any, e.g. on a court order) requests; the units are locked until the registry
 * operator decides.
 */
export async function requestNonTradeTransfer(actor: Actor, cmd: NonTradeTransferCommand, opts: RequestOptions = {}) {
  // Holders request from their own account (`own`), the registry operator from any (`all`).
  const operator = authorize(actor, 'transfers.request') === 'all';
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'non-trade-transfer', request: cmd }, async () => {
      const fromId = cmd.fromAccountId ?? (await ownAccountId(tx, actor));
      if (!operator && fromId !== (await ownAccountId(tx, actor))) throw fail('FORBIDDEN', { reason: 'OTHER_ACCOUNT' });
      if (fromId === cmd.toAccountId) throw fail('SAME_ACCOUNT', {}, { toAccountId: problem('FIELD_SAME_AS_SOURCE') });
      const accounts = await lockAccounts(tx, [fromId, cmd.toAccountId]);
      const from = accounts.get(fromId);
      const to = accounts.get(cmd.toAccountId);
      if (!from) throw fail('NOT_FOUND', { what: 'account', id: fromId });
      if (!to || to.type !== 'PARTICIPANT') {
        throw fail('UNKNOWN_DESTINATION', { accountId: cmd.toAccountId }, { toAccountId: problem('FIELD_NOT_A_PARTICIPANT_ACCOUNT') });
      }
      const courtOrder = operator && cmd.kind === 'COURT_ORDER';
      if (from.type !== 'PARTICIPANT' || !(courtOrder ? allowsForcedMovement(from.status) : canSend(from.status))) accountRefusal(from, 'send');
      if (to.status === 'CLOSED') accountRefusal(to, 'receive');
      const request = await tx.nonTradeTransfer.create({
        data: {
          fromAccountId: fromId, toAccountId: to.id, instrument: cmd.instrument, vintage: cmd.vintage, quantity: BigInt(cmd.quantity),
          kind: cmd.kind, reason: cmd.reason, documentsRef: cmd.documentsRef, requestedById: actor.userId,
        },
      });
      await postEntry(tx, {
        type: 'LOCK', memo: memoNote('TRANSFER_LOCK', { request: request.id }), reference: `NTT-${request.id}`, actorUserId: actor.userId,
        units: unitMove({ accountId: fromId, bucket: 'AVAILABLE' }, { accountId: fromId, bucket: 'LOCKED' }, cmd, BigInt(cmd.quantity)),
      });
      await recordAudit(tx, actor, { action: 'non_trade_transfer.request', targetType: 'non_trade_transfer', targetId: request.id, after: { ...cmd, fromAccountId: fromId } });
      await notifyTransferRequested(tx, actor, request, from.number, to.number);
      return { requestId: request.id, status: 'PENDING' as const };
    }),
  );
}

/**
 * The registry operator approves or rejects a request. Four eyes: not the requester. Rejected: the
 * units are unlocked. Approved: to an account on the source account's trusted list (or by a court
 * order) the locked units move at once; to any other account the transfer waits its delay
 * (DELAYED, TRANSFER_DELAY_HOURS), cancellable by either side or the operator, and moves when the
 * scheduled work finds it due (`executeDueTransfers`).
 */
export async function decideNonTradeTransfer(actor: Actor, requestId: number, decision: 'approve' | 'reject', note: string, opts: RequestOptions = {}) {
  authorize(actor, 'transfers.decide');
  return inTransaction((tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `non-trade-transfer-${decision}`, request: { requestId, note } }, async () => {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM non_trade_transfer WHERE id = ${requestId} FOR UPDATE`;
    if (locked.length === 0) throw fail('NOT_FOUND', { what: 'transfer', id: requestId });
    const req = await tx.nonTradeTransfer.findUniqueOrThrow({ where: { id: requestId } });
    if (req.status !== 'PENDING') throw fail('ALREADY_DECIDED', { id: requestId, status: req.status === 'REJECTED' ? 'REJECTED' : 'APPROVED' });
    // Four eyes: the requester does not decide (403, as the API has always answered).
    if (req.requestedById === actor.userId) throw fail('FORBIDDEN', { reason: 'OWN_REQUEST' });
    const accounts = await lockAccounts(tx, [req.fromAccountId, req.toAccountId]);
    const now = await marketNow(tx);
    let entryId: bigint;
    if (decision === 'approve') {
      requireCanReceive(accounts.get(req.toAccountId)!);
      const delayHours = registryDelays().transferHours;
      const atOnce = req.kind === 'COURT_ORDER' || delayHours === 0 || (await isTrusted(tx, req.fromAccountId, req.toAccountId));
      if (!atOnce) {
        const executesAt = delayedTransferExecutesAt(now, delayHours);
        await tx.nonTradeTransfer.update({ where: { id: requestId }, data: { status: 'DELAYED', decidedById: actor.userId, decidedAt: now, decisionNote: note, executesAt } });
        await settleTransferNotifications(tx, requestId);
        const from = accounts.get(req.fromAccountId)!;
        const to = accounts.get(req.toAccountId)!;
        await notifyTransferDelayed(tx, req, { number: from.number, organisationId: from.organisation_id }, { number: to.number, organisationId: to.organisation_id }, executesAt);
        await recordAudit(tx, actor, { action: 'non_trade_transfer.delay', targetType: 'non_trade_transfer', targetId: requestId, before: { status: 'PENDING' }, after: { status: 'DELAYED', note, executesAt } });
        return { requestId, status: 'DELAYED' as const, entryId: null, executesAt: executesAt.toISOString() };
      }
      entryId = await moveTransferredUnits(tx, req, actor.userId);
    } else {
      entryId = await unlockTransferredUnits(tx, req, 'TRANSFER_REJECTED', actor.userId);
    }
    const status = decision === 'approve' ? 'APPROVED' : 'REJECTED';
    await tx.nonTradeTransfer.update({ where: { id: requestId }, data: { status, decidedById: actor.userId, decidedAt: now, decisionNote: note, entryId } });
    await settleTransferNotifications(tx, requestId);
    await recordAudit(tx, actor, { action: `non_trade_transfer.${decision}`, targetType: 'non_trade_transfer', targetId: requestId, before: { status: 'PENDING' }, after: { status, note } });
    return { requestId, status, entryId: entryId.toString(), executesAt: null };
  }));
}

type TransferRow = { id: number; fromAccountId: number; toAccountId: number; instrument: Instrument; vintage: number; quantity: bigint; kind: string; reason: string; documentsRef: string };

/** The locked units move to the destination: the transfer's journal entry. */
function moveTransferredUnits(tx: Tx, req: TransferRow, actorUserId: number | null): Promise<bigint> {
  return postEntry(tx, {
    type: 'NON_TRADE_TRANSFER', memo: memoNote('TRANSFER', { kind: req.kind, reason: req.reason }), legalBasis: req.documentsRef, reference: `NTT-${req.id}`, actorUserId,
    units: unitMove({ accountId: req.fromAccountId, bucket: 'LOCKED' }, { accountId: req.toAccountId, bucket: 'AVAILABLE' }, req, req.quantity),
  });
}

/** The locked units go back to available in the source account (a rejection or a cancellation). */
function unlockTransferredUnits(tx: Tx, req: TransferRow, memo: 'TRANSFER_REJECTED' | 'TRANSFER_CANCELLED', actorUserId: number | null): Promise<bigint> {
  return postEntry(tx, {
    type: 'UNLOCK', memo: memoNote(memo, { request: req.id }), reference: `NTT-${req.id}`, actorUserId,
    units: unitMove({ accountId: req.fromAccountId, bucket: 'LOCKED' }, { accountId: req.fromAccountId, bucket: 'AVAILABLE' }, req, req.quantity),
  });
}

/**
 * Either side of a delayed transfer, or the registry operator, cancels it while its delay runs:
 * the units are unlocked. Once the delay is over it can no longer be cancelled (the row lock
 * orders a cancellation and the execution: exactly one of them happens).
 */
export async function cancelDelayedTransfer(actor: Actor, requestId: number, reason: string, opts: RequestOptions = {}) {
  const scope = authorize(actor, 'transfers.cancel');
  return inTransaction((tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'non-trade-transfer-cancel', request: { requestId, reason } }, async () => {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM non_trade_transfer WHERE id = ${requestId} FOR UPDATE`;
    if (locked.length === 0) throw fail('NOT_FOUND', { what: 'transfer', id: requestId });
    const req = await tx.nonTradeTransfer.findUniqueOrThrow({ where: { id: requestId } });
    if (scope !== 'all') {
      const own = await findOwnAccountId(tx, actor);
      if (own === null || (own !== req.fromAccountId && own !== req.toAccountId)) throw fail('NOT_FOUND', { what: 'transfer', id: requestId });
    }
    if (req.status !== 'DELAYED' || !req.executesAt) throw fail('TRANSFER_NOT_CANCELLABLE', { id: requestId, reason: 'NOT_DELAYED' });
    const now = await marketNow(tx);
    if (!delayedTransferCancellable(req.executesAt, now)) throw fail('TRANSFER_NOT_CANCELLABLE', { id: requestId, reason: 'DELAY_OVER' });
    await lockAccounts(tx, [req.fromAccountId, req.toAccountId]);
    const entryId = await unlockTransferredUnits(tx, req, 'TRANSFER_CANCELLED', actor.userId);
    await tx.nonTradeTransfer.update({ where: { id: requestId }, data: { status: 'CANCELLED', cancelledById: actor.userId, cancelledAt: now, entryId } });
    await recordAudit(tx, actor, { action: 'non_trade_transfer.cancel', targetType: 'non_trade_transfer', targetId: requestId, before: { status: 'DELAYED' }, after: { status: 'CANCELLED', reason } });
    return { requestId, status: 'CANCELLED' as const, entryId: entryId.toString() };
  }));
}

/** A delayed transfer whose delay is over (SQL condition on non_trade_transfer). */
const TRANSFER_DUE = Prisma.sql`status = 'DELAYED' AND executes_at <= market_now()`;
export const transfersDue = Prisma.sql`EXISTS (SELECT 1 FROM non_trade_transfer WHERE ${TRANSFER_DUE})`;

/**
 * Scheduled work (src/server/schedule/dueWork.ts): delayed transfers whose delay is over move. A
 * destination that can no longer receive (restricted, closed meanwhile) gets nothing: the units
 * are unlocked and the transfer is rejected. Rows a cancellation holds are skipped (it decides).
 */
export async function executeDueTransfers(): Promise<number> {
  return inTransaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM non_trade_transfer WHERE ${TRANSFER_DUE} ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED`;
    for (const { id } of due) {
      const req = await tx.nonTradeTransfer.findUniqueOrThrow({ where: { id } });
      const accounts = await lockAccounts(tx, [req.fromAccountId, req.toAccountId]);
      const to = accounts.get(req.toAccountId)!;
      if (canReceive(to.status)) {
        const entryId = await moveTransferredUnits(tx, req, req.decidedById);
        await tx.nonTradeTransfer.update({ where: { id }, data: { status: 'APPROVED', entryId } });
        await recordAudit(tx, null, { action: 'non_trade_transfer.execute', targetType: 'non_trade_transfer', targetId: id, before: { status: 'DELAYED' }, after: { status: 'APPROVED', entryId } });
      } else {
        const entryId = await unlockTransferredUnits(tx, req, 'TRANSFER_REJECTED', null);
        await tx.nonTradeTransfer.update({ where: { id }, data: { status: 'REJECTED', entryId, decisionNote: `${req.decisionNote ?? ''} [destination ${to.number} is ${to.status}]`.trim() } });
        await recordAudit(tx, null, { action: 'non_trade_transfer.expire', targetType: 'non_trade_transfer', targetId: id, before: { status: 'DELAYED' }, after: { status: 'REJECTED', destinationStatus: to.status } });
      }
    }
    return due.length;
  });
}

/** Cash deposit confirmed by the settlement bank: external bank → participant cash account. */
export async function depositCash(actor: Actor, cmd: CashDepositCommand, opts: RequestOptions = {}) {
  authorize(actor, 'cash.deposit');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'cash-deposit', request: cmd }, async () => {
      const account = await lockAccount(tx, cmd.accountId);
      requireCanReceive(account);
      const cash = await linkedCashAccount(tx, account.id);
      if (!cash) throw fail('NOT_FOUND', { what: 'cashAccount', id: null });
      const bank = await tx.cashAccount.findFirstOrThrow({ where: { type: 'EXTERNAL_BANK' } });
      const amount = new Decimal(cmd.amount);
      const entryId = await postEntry(tx, {
        type: 'CASH_DEPOSIT', memo: memoNote('CASH_DEPOSIT', {}), reference: cmd.reference, actorUserId: actor.userId,
        cash: [
          { cashAccountId: bank.id, bucket: 'AVAILABLE', amount: amount.negated() },
          { cashAccountId: cash.id, bucket: 'AVAILABLE', amount },
        ],
      });
      const result = { entryId: entryId.toString(), cashAccountId: cash.id, amount: amount.toFixed(2) };
      await recordAudit(tx, actor, { action: 'cash.deposit', targetType: 'cash_account', targetId: cash.id, after: { ...result, reference: cmd.reference } });
      return result;
    }),
  );
}
