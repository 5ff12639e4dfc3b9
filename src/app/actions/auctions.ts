'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { auctionCancelSchema, auctionCreateSchema, bidSchema } from '@/schemas/auction';
import { auctionSetAsideSchema, idSchema } from '@/schemas/registry';
import {
  amendBid, cancelAuction, createAuction, openAuction, placeBid, scheduleAuction, withdrawBid,
} from '@/server/auction/auctions';
import { submitForApproval } from '@/server/registry/approvals';
import { setAsideForAuction } from '@/server/registry/movements';
import { asset, cny, tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * The auction pages' actions: announcers create, announce and cancel; the exchange operator opens
 * and asks to close (clear, settle, publish: another operator approves); participants bid, amend and withdraw. Each revalidates
 * the auction pages (signed-in and public) and the balances a settlement or a guarantee changes.
 */
const PATHS = ['/auctions', '/market', '/holdings', '/movements', '/trading'];

const auctionIdSchema = z.object({ auctionId: idSchema });

export async function createAuctionAction(input: unknown) {
  return runAction(
    auctionCreateSchema,
    input,
    async (actor, cmd, { t }) => {
      const a = await createAuction(actor, cmd);
      return { auctionId: a.id, message: fmt(t.auctions.created, { id: a.id }) };
    },
    PATHS,
  );
}

export async function scheduleAuctionAction(input: unknown) {
  return runAction(
    auctionIdSchema,
    input,
    async (actor, cmd, { t }) => {
      const a = await scheduleAuction(actor, cmd.auctionId);
      return { message: fmt(t.auctions.scheduled, { id: a.id, n: tonnes(a.quantity), asset: asset(a.instrument, a.vintage) }) };
    },
    PATHS,
  );
}

export async function openAuctionAction(input: unknown) {
  return runAction(
    auctionIdSchema,
    input,
    async (actor, cmd, { t }) => {
      const a = await openAuction(actor, cmd.auctionId);
      return { message: fmt(t.auctions.opened, { id: a.id }) };
    },
    PATHS,
  );
}

export async function cancelAuctionAction(input: unknown) {
  return runAction(
    auctionCancelSchema.extend(auctionIdSchema.shape),
    input,
    async (actor, cmd, { t }) => {
      const a = await cancelAuction(actor, cmd.auctionId, cmd.reason);
      return { message: fmt(t.auctions.cancelled, { id: a.id }) };
    },
    PATHS,
  );
}

/** Asks to clear the bids and settle (after the window): another exchange operator approves it (Approvals), which settles in one journal entry. */
export async function closeAuctionAction(input: unknown) {
  return runAction(
    auctionIdSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await submitForApproval(actor, 'auction.settlement', { auctionId: cmd.auctionId });
      return { approvalId: r.approvalId, message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    [...PATHS, '/approvals'],
  );
}

const bidInputSchema = bidSchema.extend(auctionIdSchema.shape);

/** A sealed bid: its guarantee is frozen in the bidder's cash at once. */
export async function placeBidAction(input: unknown) {
  return runAction(
    bidInputSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const b = await placeBid(actor, cmd.auctionId, { price: cmd.price, quantity: cmd.quantity });
      return { bidId: b.id, message: fmt(t.auctions.placed, { id: b.id, n: tonnes(b.quantity), price: cny(b.price, lang), frozen: cny(b.guarantee, lang) }) };
    },
    PATHS,
  );
}

export async function amendBidAction(input: unknown) {
  return runAction(
    bidInputSchema.extend({ bidId: idSchema }),
    input,
    async (actor, cmd, { t, lang }) => {
      const b = await amendBid(actor, cmd.auctionId, cmd.bidId, { price: cmd.price, quantity: cmd.quantity });
      return { message: fmt(t.auctions.amended, { id: b.id, n: tonnes(b.quantity), price: cny(b.price, lang), frozen: cny(b.guarantee, lang) }) };
    },
    PATHS,
  );
}

export async function withdrawBidAction(input: unknown) {
  return runAction(
    auctionIdSchema.extend({ bidId: idSchema }),
    input,
    async (actor, cmd, { t, lang }) => {
      const b = await withdrawBid(actor, cmd.auctionId, cmd.bidId);
      return { message: fmt(t.auctions.withdrawn, { id: b.id, frozen: cny(b.guarantee, lang) }) };
    },
    PATHS,
  );
}

/** Paid allocation: the national regulator sets CEA aside from the national reserve in the auction account. */
export async function setAsideAction(input: unknown) {
  return runAction(
    auctionSetAsideSchema,
    input,
    async (actor, cmd, { t }) => {
      await setAsideForAuction(actor, cmd);
      return { message: fmt(t.auctions.setAsideDone, { n: tonnes(cmd.quantity), vintage: cmd.vintage }) };
    },
    PATHS,
  );
}
