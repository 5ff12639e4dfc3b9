'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { amendListingSchema, bigIdParamsSchema, blockProposalSchema, listingSchema, takeSchema } from '@/schemas/trading';
import { idSchema } from '@/schemas/registry';
import { acceptBlockTrade, closeBlockProposal, proposeBlockTrade } from '@/server/trading/blockTrades';
import { amendListing, cancelListing, placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { cny, tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * The entity trading page's actions (listed and block agreement transfers). Each revalidates the
 * trading page, the public market page and the holder's balances, so that the book, the tape and
 * the cash and allowance figures update at once.
 */
const PATHS = ['/trading', '/market', '/holdings', '/movements'];

/** Lists (挂牌) a sell offer or a buy bid; locks allowances, or cash with the fee. */
export async function placeListingAction(input: unknown) {
  return runAction(
    listingSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const l = await placeListing(actor, cmd);
      return {
        listingId: l.id,
        message: fmt(t.trading.listed, { id: l.id, side: t.side[l.side], n: tonnes(l.quantity), symbol: l.symbol, price: cny(l.price, lang) }),
      };
    },
    PATHS,
  );
}

const amendSchema = amendListingSchema.extend({ listingId: bigIdParamsSchema.shape.id });

/** Lowers an open listing's remaining quantity; the difference of the lock is released. */
export async function amendListingAction(input: unknown) {
  return runAction(
    amendSchema,
    input,
    async (actor, cmd, { t }) => {
      const l = await amendListing(actor, BigInt(cmd.listingId), { quantity: cmd.quantity });
      return { message: fmt(t.trading.amended, { id: l.id, n: tonnes(l.remaining) }) };
    },
    PATHS,
  );
}

const listingIdSchema = z.object({ listingId: bigIdParamsSchema.shape.id });

export async function cancelListingAction(input: unknown) {
  return runAction(
    listingIdSchema,
    input,
    async (actor, cmd, { t }) => {
      const l = await cancelListing(actor, BigInt(cmd.listingId));
      return { message: fmt(t.trading.cancelled, { id: l.id }) };
    },
    PATHS,
  );
}

/** Takes (摘牌) one listing, or sweeps the best listings up to a limit price; returns the fills. */
export async function takeAction(input: unknown) {
  return runAction(
    takeSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const r = await take(actor, cmd);
      return {
        take: r,
        message: fmt(t.trading.taken, { n: tonnes(r.filled), symbol: r.symbol, avg: cny(r.averagePrice, lang), fills: r.trades.length, fees: cny(r.fees, lang) }),
      };
    },
    PATHS,
  );
}

/** Proposes a block agreement transfer (大宗协议) to a counterparty, or as an open offer. */
export async function proposeBlockAction(input: unknown) {
  return runAction(
    blockProposalSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const p = await proposeBlockTrade(actor, cmd);
      return { proposalId: p.id, message: fmt(t.block.proposed, { id: p.id, n: tonnes(p.quantity), symbol: p.symbol, price: cny(p.price, lang) }) };
    },
    PATHS,
  );
}

const proposalDecisionSchema = z.object({ proposalId: idSchema, decision: z.enum(['accept', 'reject', 'withdraw']) });

/** Accepts (settles at once), rejects (the directed counterparty) or withdraws (the initiator) a block proposal. */
export async function decideBlockAction(input: unknown) {
  return runAction(
    proposalDecisionSchema,
    input,
    async (actor, cmd, { t }) => {
      const p = cmd.decision === 'accept' ? await acceptBlockTrade(actor, cmd.proposalId) : await closeBlockProposal(actor, cmd.proposalId, cmd.decision);
      const message = cmd.decision === 'accept' ? t.block.accepted : cmd.decision === 'reject' ? t.block.rejected : t.block.withdrawn;
      return { message: fmt(message, { id: p.id, trade: p.tradeId ?? '' }) };
    },
    PATHS,
  );
}
