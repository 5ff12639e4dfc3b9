import { note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type BlockProposalStatus } from '@/generated/prisma/client';
import { parsePrice } from '@/domain/money';
import { buyerLock, tradeFee } from '@/domain/trading/fees';
import { BLOCK_MIN_QUANTITY, isBlockQuantity } from '@/domain/trading/orderSize';
import { oppositeSide, type Side } from '@/domain/trading/priceTimePriority';
import type { BlockProposalCommand } from '@/schemas/trading';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import { recordAudit } from '../audit/audit';
import { idempotent } from '../idempotency';
import { lockHoldings, postEntry, unitMove } from '../registry/ledger';
import { db } from '@/db/client';
import { findOwnAccountId, linkedCashAccount } from '../registry/accounts';
import { inTransaction, type Tx } from '../tx';
import type { Actor } from '../identity/actor';
import { findInstrument, openInstrument, tradableInstrument } from './instruments';
import { cashMove, releaseLegs } from './listings';
import { marketState, requireSessionOpen, sessionIn } from './market';
import { actingTrader, loadTraders, requireCanTrade, requireSellable, requireWithinPositionLimit, type Trader } from './participants';
import { settleTrades, settlementContext } from './settlement';

/**
 * Block agreement transfers (大宗协议交易): 100,000 t or more, within ±30 % of the previous close,
 * agreed bilaterally in the block session (13:00–15:00). The initiator proposes to a counterparty
 * (or openly to any eligible participant) and locks what it would deliver or pay; the counterparty
 * accepts — settling at once — or rejects; unaccepted proposals expire at session end.
 */

export interface BlockProposalView {
  id: number;
  symbol: string;
  side: Side;
  price: string;
  quantity: number;
  amount: string;
  /** null on another participant's open offer: who offers is not shown (the market is anonymous). */
  initiatorAccountId: number | null;
  counterpartyAccountId: number | null;
  open: boolean;
  status: BlockProposalStatus;
  tradingDay: string;
  createdAt: string;
  decidedAt: string | null;
  tradeId: string | null;
}

interface ProposalRow {
  id: number;
  symbol: string;
  side: Side;
  price: { toString(): string };
  quantity: bigint;
  initiator_account_id: number;
  initiator_user_id: number;
  counterparty_account_id: number | null;
  locked_cash: { toString(): string };
  status: BlockProposalStatus;
  trading_day: string;
  created_at: Date;
  decided_at: Date | null;
  trade_id: bigint | null;
}
const COLUMNS = Prisma.raw(`id, symbol, side, price, quantity, initiator_account_id, initiator_user_id, counterparty_account_id, locked_cash, status,
  to_char(trading_day, 'YYYY-MM-DD') AS trading_day, created_at, decided_at, trade_id`);

export function proposalView(r: ProposalRow): BlockProposalView {
  const price = new Decimal(r.price.toString());
  return {
    id: r.id, symbol: r.symbol, side: r.side, price: price.toFixed(2), quantity: Number(r.quantity),
    amount: price.times(r.quantity.toString()).toFixed(2),
    initiatorAccountId: r.initiator_account_id, counterpartyAccountId: r.counterparty_account_id, open: r.counterparty_account_id === null,
    status: r.status, tradingDay: r.trading_day, createdAt: r.created_at.toISOString(), decidedAt: r.decided_at?.toISOString() ?? null,
    tradeId: r.trade_id?.toString() ?? null,
  };
}

export async function proposeBlockTrade(actor: Actor, cmd: BlockProposalCommand, opts: { idempotencyKey?: string } = {}): Promise<BlockProposalView> {
  if (!isBlockQuantity(cmd.quantity)) {
    throw fail('BLOCK_MIN_QUANTITY', { quantity: cmd.quantity, min: BLOCK_MIN_QUANTITY }, { quantity: problem('FIELD_AT_LEAST', { min: BLOCK_MIN_QUANTITY }) });
  }
  requireSessionOpen(await marketState(), 'BLOCK');
  const price = parsePrice(cmd.price);
  const quantity = BigInt(cmd.quantity);
  return inTransaction(async (tx) => {
    const state = await sessionIn(tx, 'BLOCK');
    return idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'block-proposal', request: cmd }, async () => {
      const { instrument } = await tradableInstrument(tx, cmd.symbol, 'BLOCK', price);
      const trader = await actingTrader(tx, actor, cmd.side);
      if (cmd.counterpartyAccountId !== undefined) {
        if (cmd.counterpartyAccountId === trader.accountId) {
          throw fail('SELF_BLOCK_TRADE', { doing: 'PROPOSE' }, { counterpartyAccountId: problem('SELF_BLOCK_TRADE', { doing: 'PROPOSE' }) });
        }
        const [cp] = await loadTraders(tx, Prisma.sql`a.id = ${cmd.counterpartyAccountId}`);
        if (!cp) throw fail('NOT_FOUND', { what: 'account', id: cmd.counterpartyAccountId });
        requireCanTrade(cp, 'COUNTERPARTY', oppositeSide(cmd.side));
      }
      const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol: instrument.symbol };
      let lockedCash = new Decimal(0);
      if (cmd.side === 'SELL') {
        await requireSellable(tx, trader, asset, quantity, state.tradingDay);
        await postEntry(tx, {
          type: 'LOCK', memo: note('BLOCK_SELL_LOCK', { quantity: Number(quantity), symbol: asset.symbol }), actorUserId: actor.userId,
          units: unitMove({ accountId: trader.accountId, bucket: 'AVAILABLE' }, { accountId: trader.accountId, bucket: 'LOCKED' }, asset, quantity),
        });
      } else {
        await requireWithinPositionLimit(tx, state, trader, asset, quantity);
        lockedCash = buyerLock(price, quantity, state.settings.feeRate);
        await postEntry(tx, { type: 'LOCK', memo: note('BLOCK_BUY_LOCK', { quantity: Number(quantity), symbol: asset.symbol }), actorUserId: actor.userId, cash: cashMove(trader.cashAccountId, 'AVAILABLE', 'LOCKED', lockedCash) });
      }
      const rows = await tx.$queryRaw<ProposalRow[]>`
        INSERT INTO block_proposal (symbol, side, price, quantity, initiator_account_id, initiator_user_id, counterparty_account_id, locked_cash, trading_day)
        VALUES (${asset.symbol}, ${cmd.side}::"OrderSide", ${price.toFixed(2)}::numeric, ${quantity}, ${trader.accountId}, ${actor.userId},
                ${cmd.counterpartyAccountId ?? null}::int, ${lockedCash.toFixed(2)}::numeric, ${state.tradingDay}::date)
        RETURNING ${COLUMNS}`;
      const view = proposalView(rows[0]!);
      await recordAudit(tx, actor, { action: 'block.propose', targetType: 'block_proposal', targetId: view.id, after: view });
      return view;
    });
  });
}

async function lockProposal(tx: Tx, id: number): Promise<ProposalRow> {
  const rows = await tx.$queryRaw<ProposalRow[]>`SELECT ${COLUMNS} FROM block_proposal WHERE id = ${id} FOR UPDATE`;
  if (!rows[0]) throw fail('NOT_FOUND', { what: 'proposal', id });
  return rows[0];
}

function requirePending(p: ProposalRow): void {
  if (p.status !== 'PENDING') throw fail('PROPOSAL_NOT_PENDING', { id: p.id, status: p.status });
}

/** The counterparty (or, for an open offer, any eligible participant) accepts: the trade settles at once. */
export async function acceptBlockTrade(actor: Actor, id: number, opts: { idempotencyKey?: string } = {}): Promise<BlockProposalView> {
  requireSessionOpen(await marketState(), 'BLOCK');
  return inTransaction(async (tx) => {
    const state = await sessionIn(tx, 'BLOCK');
    return idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'block-accept', request: { id } }, async () => {
      const p = await lockProposal(tx, id);
      const acceptor = await actingTrader(tx, actor, oppositeSide(p.side));
      const visible = p.counterparty_account_id === null ? p.initiator_account_id !== acceptor.accountId : p.counterparty_account_id === acceptor.accountId;
      if (!visible) {
        if (p.initiator_account_id === acceptor.accountId) throw fail('SELF_BLOCK_TRADE', { doing: 'ACCEPT' });
        throw fail('NOT_FOUND', { what: 'proposal', id });
      }
      requirePending(p);
      const { instrument, band } = await openInstrument(tx, p.symbol, 'BLOCK');
      const [initiator] = await loadTraders(tx, Prisma.sql`a.id = ${p.initiator_account_id}`);
      if (!initiator) throw fail('NOT_FOUND', { what: 'proposal', id });
      requireCanTrade(initiator, 'INITIATOR', p.side);

      const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol: instrument.symbol };
      const quantity = p.quantity;
      const price = new Decimal(p.price.toString());
      const acceptorSide = oppositeSide(p.side);
      // Both holdings at once, in account-id order, before the acceptor's alone (no deadlocks).
      await lockHoldings(tx, [acceptor.accountId, initiator.accountId].map((accountId) => ({ accountId, instrument: asset.instrument, vintage: asset.vintage })));
      if (acceptorSide === 'SELL') await requireSellable(tx, acceptor, asset, quantity, state.tradingDay);
      else await requireWithinPositionLimit(tx, state, acceptor, asset, quantity);

      const fee = tradeFee(price, quantity, state.settings.feeRate);
      const party = (t: Trader) => ({ accountId: t.accountId, cashAccountId: t.cashAccountId, organisationId: t.organisationId, groupName: t.groupName });
      const initiatorBuys = p.side === 'BUY';
      const ctx = await settlementContext(tx, actor.userId, asset, band);
      const { trades } = await settleTrades(tx, state, ctx, [{
        kind: 'BLOCK', price, quantity,
        buyer: party(initiatorBuys ? initiator : acceptor),
        seller: party(initiatorBuys ? acceptor : initiator),
        buyerFee: fee, sellerFee: fee,
        sellerUnitsFrom: initiatorBuys ? 'AVAILABLE' : 'LOCKED',
        buyerCashFrom: initiatorBuys ? 'LOCKED' : 'AVAILABLE',
        aggressorSide: acceptorSide,
        blockId: p.id,
      }], note('BLOCK_TRADE', { quantity: Number(quantity), symbol: p.symbol, proposal: String(p.id) }));
      const rows = await tx.$queryRaw<ProposalRow[]>`
        UPDATE block_proposal SET status = 'ACCEPTED', locked_cash = 0, decided_at = market_now(), decided_by_user_id = ${actor.userId},
               decided_by_account_id = ${acceptor.accountId}, trade_id = ${trades[0]!.id}
         WHERE id = ${id} RETURNING ${COLUMNS}`;
      const view = proposalView(rows[0]!);
      await recordAudit(tx, actor, { action: 'block.accept', targetType: 'block_proposal', targetId: id, before: proposalView(p), after: view });
      return view;
    });
  });
}

/** The directed counterparty rejects; or the initiator withdraws (`withdraw`). The lock is released. */
export async function closeBlockProposal(actor: Actor, id: number, how: 'reject' | 'withdraw', opts: { idempotencyKey?: string } = {}): Promise<BlockProposalView> {
  await marketState();
  return inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `block-${how}`, request: { id } }, async () => {
    const p = await lockProposal(tx, id);
    const own = await findOwnAccountId(tx, actor);
    const isInitiator = own === p.initiator_account_id;
    const isCounterparty = own !== null && p.counterparty_account_id === own;
    if (how === 'withdraw' ? !isInitiator : !isCounterparty) {
      if (how === 'reject' && p.counterparty_account_id === null && !isInitiator) {
        throw fail('OPEN_OFFER', {});
      }
      throw fail('NOT_FOUND', { what: 'proposal', id });
    }
    requirePending(p);
    const i = await findInstrument(tx, p.symbol);
    const release = releaseLegs(
      { side: p.side, accountId: p.initiator_account_id, cashAccountId: (await linkedCashAccount(tx, p.initiator_account_id))?.id ?? 0 },
      { instrument: i!.instrument, vintage: i!.vintage },
      p.quantity,
      new Decimal(p.locked_cash.toString()),
    );
    await postEntry(tx, { type: 'UNLOCK', memo: note('BLOCK_PROPOSAL_ENDED', { proposal: String(id), how }), actorUserId: actor.userId, ...release });
    const status: BlockProposalStatus = how === 'reject' ? 'REJECTED' : 'CANCELLED';
    const rows = await tx.$queryRaw<ProposalRow[]>`
      UPDATE block_proposal SET status = ${status}::"BlockProposalStatus", locked_cash = 0, decided_at = market_now(), decided_by_user_id = ${actor.userId},
             decided_by_account_id = ${own!}
       WHERE id = ${id} RETURNING ${COLUMNS}`;
    const view = proposalView(rows[0]!);
    await recordAudit(tx, actor, { action: `block.${how}`, targetType: 'block_proposal', targetId: id, before: proposalView(p), after: view });
    return view;
  }));
}

/** The caller's proposals: sent, received, and open offers from others that it may accept. */
export async function myBlockProposals(actor: Actor): Promise<{ outgoing: BlockProposalView[]; incoming: BlockProposalView[]; openOffers: BlockProposalView[] }> {
  const own = await findOwnAccountId(db(), actor);
  if (own === null) return { outgoing: [], incoming: [], openOffers: [] };
  const rows = await db().$queryRaw<ProposalRow[]>`
    SELECT ${COLUMNS} FROM block_proposal
     WHERE initiator_account_id = ${own} OR counterparty_account_id = ${own} OR (counterparty_account_id IS NULL AND status = 'PENDING')
     ORDER BY id DESC LIMIT 200`;
  const views = rows.map(proposalView);
  return {
    outgoing: views.filter((v) => v.initiatorAccountId === own),
    incoming: views.filter((v) => v.counterpartyAccountId === own),
    // Other participants' open offers name nobody: the offer, not who made it.
    openOffers: views.filter((v) => v.open && v.initiatorAccountId !== own).map((v) => ({ ...v, initiatorAccountId: null })),
  };
}
