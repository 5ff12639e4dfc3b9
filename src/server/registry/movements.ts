import Decimal from 'decimal.js';
import { Prisma, type Bucket, type Instrument, type MovementType } from '@/generated/prisma/client';
import { allowsForcedMovement, canReceive, canSend } from '@/domain/registry/accountLifecycle';
import type {
  AllocationCommand, AuctionSetAsideCommand, CancellationCommand, CashDepositCommand, DistributionCommand, FreezeCommand, IssuanceCommand,
  NonTradeTransferCommand, PledgeCommand,
} from '@/schemas/registry';
import { conflict, forbidden, notFound, ruleViolation } from '../errors';
import { HOLDER_ROLES, hasRole, requireProvinceScope, requireRole, type Actor } from '../identity/actor';
import { recordAudit } from '../audit/audit';
import { idempotent } from '../idempotency';
import { inTransaction, type Tx } from '../tx';
import { linkedCashAccount, lockAccount, lockAccounts, ownAccountId, systemAccountId, type AccountRow } from './accounts';
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

function accountRefusal(account: AccountRow, verb: 'send' | 'receive'): never {
  throw conflict(
    'ACCOUNT_NOT_ACTIVE',
    `Registry account ${account.number} is ${account.status}: it cannot ${verb} units.`,
    { accountId: `account is ${account.status}` },
  );
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
  m: { type: MovementType; from: number; to: number; instrument: Instrument; vintage: number; quantity: number; memo?: string; legalBasis?: string; reference?: string; toBucket?: Bucket; fromBucket?: Bucket; ccer?: CcerProvenance },
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
  requireRole(actor, 'NATIONAL_REGULATOR', 'REGISTRY_OPERATOR', 'ADMIN');
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
  requireRole(actor, 'NATIONAL_REGULATOR', 'ADMIN');
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
  requireRole(actor, 'NATIONAL_REGULATOR', 'ADMIN');
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
      if (target.type !== 'PARTICIPANT') throw ruleViolation('NOT_A_PARTICIPANT_ACCOUNT', 'Allocations go to participant accounts only.', { accountId: 'not a participant account' });
      let from: number;
      let ccer: CcerProvenance | undefined;
      if (cmd.instrument === 'CEA') {
        requireRole(actor, 'PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR', 'ADMIN');
        requireProvinceScope(actor, target.province_code);
        if (!target.province_code) throw ruleViolation('NO_PROVINCE', 'The account has no province to allocate from.');
        from = await systemAccountId(tx, 'PROVINCE_ALLOCATION', target.province_code);
      } else {
        requireRole(actor, 'REGISTRY_OPERATOR', 'ADMIN');
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
  requireRole(actor, ...HOLDER_ROLES);
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'cancellation', request: cmd }, async () => {
      const own = await ownAccountId(tx, actor);
      if (cmd.accountId !== undefined && cmd.accountId !== own) throw forbidden('You can only cancel units held in your own account.');
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
  requireRole(actor, 'REGISTRY_OPERATOR', 'ADMIN');
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
  requireRole(actor, 'REGISTRY_OPERATOR', 'ADMIN');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'pledge', request: cmd }, async () => {
      const account = await lockAccount(tx, cmd.accountId);
      if (account.type !== 'PARTICIPANT') throw ruleViolation('NOT_A_PARTICIPANT_ACCOUNT', 'Only participant accounts can pledge units.');
      requireCanSend(account);
      const record = await tx.pledge.create({
        data: {
          accountId: account.id, instrument: cmd.instrument, vintage: cmd.vintage, quantity: BigInt(cmd.quantity), pledgee: cmd.pledgee,
          securedAmount: new Decimal(cmd.securedAmount).toFixed(2), contractReference: cmd.contractReference, createdById: actor.userId,
        },
      });
      const movement = await transferAvailable(tx, actor, {
        type: 'PLEDGE', from: account.id, to: account.id, toBucket: 'PLEDGED', instrument: cmd.instrument, vintage: cmd.vintage,
        quantity: cmd.quantity, memo: `Pledged to ${cmd.pledgee} securing ${cmd.securedAmount} CNY`, legalBasis: cmd.contractReference, reference: `PLEDGE-${record.id}`,
      });
      return { pledgeId: record.id, ...movement };
    }),
  );
}

const ENCUMBRANCES = {
  freeze: { table: Prisma.raw('"freeze"'), bucket: 'FROZEN', movement: 'UNFREEZE', reference: 'FREEZE', name: 'Freeze' },
  pledge: { table: Prisma.raw('"pledge"'), bucket: 'PLEDGED', movement: 'PLEDGE_RELEASE', reference: 'PLEDGE', name: 'Pledge' },
} as const;

/** Releases exactly what a freeze froze or a pledge pledged, once: back to available. */
async function releaseEncumbrance(actor: Actor, kind: keyof typeof ENCUMBRANCES, id: number, reason: string, opts: RequestOptions) {
  requireRole(actor, 'REGISTRY_OPERATOR', 'ADMIN');
  const e = ENCUMBRANCES[kind];
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `${kind}-release`, request: { id, reason } }, async () => {
      const [record] = await tx.$queryRaw<{ account_id: number; instrument: Instrument; vintage: number; quantity: bigint; status: string }[]>`
        SELECT account_id, instrument, vintage, quantity, status::text AS status FROM ${e.table} WHERE id = ${id} FOR UPDATE`;
      if (!record) throw notFound(`${e.name} ${id}`);
      if (record.status !== 'ACTIVE') throw conflict('ALREADY_RELEASED', `This ${kind} was already released.`);
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
  const operator = hasRole(actor, 'REGISTRY_OPERATOR', 'ADMIN');
  if (!operator) requireRole(actor, ...HOLDER_ROLES);
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'non-trade-transfer', request: cmd }, async () => {
      const fromId = cmd.fromAccountId ?? (await ownAccountId(tx, actor));
      if (!operator && fromId !== (await ownAccountId(tx, actor))) throw forbidden('You can only transfer from your own account.');
      if (fromId === cmd.toAccountId) throw ruleViolation('SAME_ACCOUNT', 'The destination must be another account.', { toAccountId: 'same as the source' });
      const accounts = await lockAccounts(tx, [fromId, cmd.toAccountId]);
      const from = accounts.get(fromId);
      const to = accounts.get(cmd.toAccountId);
      if (!from) throw notFound(`Registry account ${fromId}`);
      if (!to || to.type !== 'PARTICIPANT') throw ruleViolation('UNKNOWN_DESTINATION', 'The destination must be a participant registry account.', { toAccountId: 'not a participant account' });
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
        type: 'LOCK', memo: `Locked for non-trade transfer request ${request.id}`, reference: `NTT-${request.id}`, actorUserId: actor.userId,
        units: unitMove({ accountId: fromId, bucket: 'AVAILABLE' }, { accountId: fromId, bucket: 'LOCKED' }, cmd, BigInt(cmd.quantity)),
      });
      await recordAudit(tx, actor, { action: 'non_trade_transfer.request', targetType: 'non_trade_transfer', targetId: request.id, after: { ...cmd, fromAccountId: fromId } });
      return { requestId: request.id, status: 'PENDING' as const };
    }),
  );
}

/** The registry operator approves (moves the locked units) or rejects (unlocks them). Four eyes: not the requester. */
export async function decideNonTradeTransfer(actor: Actor, requestId: number, decision: 'approve' | 'reject', note: string, opts: RequestOptions = {}) {
  requireRole(actor, 'REGISTRY_OPERATOR', 'ADMIN');
  return inTransaction((tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `non-trade-transfer-${decision}`, request: { requestId, note } }, async () => {
    const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM non_trade_transfer WHERE id = ${requestId} FOR UPDATE`;
    if (locked.length === 0) throw notFound(`Non-trade transfer request ${requestId}`);
    const req = await tx.nonTradeTransfer.findUniqueOrThrow({ where: { id: requestId } });
    if (req.status !== 'PENDING') throw conflict('ALREADY_DECIDED', `This request was already ${req.status.toLowerCase()}.`);
    if (req.requestedById === actor.userId) throw forbidden('The same person cannot both request and decide a transfer.');
    const accounts = await lockAccounts(tx, [req.fromAccountId, req.toAccountId]);
    const asset = { instrument: req.instrument, vintage: req.vintage };
    let entryId: bigint;
    if (decision === 'approve') {
      const to = accounts.get(req.toAccountId)!;
      requireCanReceive(to);
      entryId = await postEntry(tx, {
        type: 'NON_TRADE_TRANSFER', memo: `${req.kind}: ${req.reason}`, legalBasis: req.documentsRef, reference: `NTT-${req.id}`, actorUserId: actor.userId,
        units: unitMove({ accountId: req.fromAccountId, bucket: 'LOCKED' }, { accountId: req.toAccountId, bucket: 'AVAILABLE' }, asset, req.quantity),
      });
    } else {
      entryId = await postEntry(tx, {
        type: 'UNLOCK', memo: `Non-trade transfer request ${req.id} rejected`, reference: `NTT-${req.id}`, actorUserId: actor.userId,
        units: unitMove({ accountId: req.fromAccountId, bucket: 'LOCKED' }, { accountId: req.fromAccountId, bucket: 'AVAILABLE' }, asset, req.quantity),
      });
    }
    const status = decision === 'approve' ? 'APPROVED' : 'REJECTED';
    await tx.nonTradeTransfer.update({ where: { id: requestId }, data: { status, decidedById: actor.userId, decidedAt: new Date(), decisionNote: note, entryId } });
    await recordAudit(tx, actor, { action: `non_trade_transfer.${decision}`, targetType: 'non_trade_transfer', targetId: requestId, before: { status: 'PENDING' }, after: { status, note } });
    return { requestId, status, entryId: entryId.toString() };
  }));
}

/** Cash deposit confirmed by the settlement bank: external bank → participant cash account. */
export async function depositCash(actor: Actor, cmd: CashDepositCommand, opts: RequestOptions = {}) {
  requireRole(actor, 'EXCHANGE_OPERATOR', 'ADMIN');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'cash-deposit', request: cmd }, async () => {
      const account = await lockAccount(tx, cmd.accountId);
      requireCanReceive(account);
      const cash = await linkedCashAccount(tx, account.id);
      if (!cash) throw notFound('The linked cash account');
      const bank = await tx.cashAccount.findFirstOrThrow({ where: { type: 'EXTERNAL_BANK' } });
      const amount = new Decimal(cmd.amount);
      const entryId = await postEntry(tx, {
        type: 'CASH_DEPOSIT', memo: 'Deposit', reference: cmd.reference, actorUserId: actor.userId,
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
