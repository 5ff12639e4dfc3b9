'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { auctionCancelSchema, auctionCreateSchema, bidSchema } from '@/schemas/auction';
import { auctionSetAsideSchema, idSchema } from '@/schemas/registry';
import {
  amendBid, cancelAuction, closeAuction, createAuction, openAuction, placeBid, scheduleAuction, withdrawBid,
} from '@/server/auction/auctions';
import { setAsideForAuction } from '@/server/registry/movements';
import { asset, cny, tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * The auction pages' actions: announcers create, announce and cancel; the exchange operator opens
 * and closes (clears, settles, publishes); participants bid, amend and withdraw. Each revalidates
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

/** Clears the bids, settles in one journal entry and publishes the result (after the window). */
export async function closeAuctionAction(input: unknown) {
  return runAction(
    auctionIdSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const a = await closeAuction(actor, cmd.auctionId);
      const r = a.result;
      const message = r && r.quantitySold > 0 && r.clearingPrice
        ? fmt(t.auctions.settled, { id: a.id, sold: tonnes(r.quantitySold), price: cny(r.clearingPrice, lang), unsold: tonnes(r.unsold) })
        : fmt(t.auctions.settledNothing, { id: a.id });
      return { message };
    },
    PATHS,
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
