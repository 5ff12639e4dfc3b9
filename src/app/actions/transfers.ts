'use server';

import { fmt } from '@/i18n';
import { decisionSchema, idSchema, nonTradeTransferSchema } from '@/schemas/registry';
import { decideNonTradeTransfer, requestNonTradeTransfer } from '@/server/registry/movements';
import { dateTime, tonnes } from '@/ui/format';
import { z } from 'zod';
import { runAction } from './run';

const PATHS = ['/transfers', '/holdings', '/movements'];

/** A non-trade transfer request (非交易过户): units are locked until the registry operator decides. */
export async function requestTransferAction(input: unknown) {
  return runAction(
    nonTradeTransferSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await requestNonTradeTransfer(actor, cmd);
      return { requestId: r.requestId, message: fmt(t.transfers.filed, { id: r.requestId, n: tonnes(cmd.quantity) }) };
    },
    PATHS,
    { signed: true },
  );
}

const decideSchema = decisionSchema.extend({ requestId: idSchema, decision: z.enum(['approve', 'reject']) });

/** The registry operator approves or rejects, with a required note. */
export async function decideTransferAction(input: unknown) {
  return runAction(
    decideSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await decideNonTradeTransfer(actor, cmd.requestId, cmd.decision, cmd.note);
      if (r.status === 'DELAYED' && r.executesAt) return { message: fmt(t.controls.transferDelayed, { id: r.requestId, at: dateTime(r.executesAt) }) };
      return { message: fmt(cmd.decision === 'approve' ? t.transfers.approved : t.transfers.rejected, { id: r.requestId }) };
    },
    PATHS,
    // Approval moves the units: signed. A rejection only unlocks them.
    { signed: (cmd) => cmd.decision === 'approve' },
  );
}
