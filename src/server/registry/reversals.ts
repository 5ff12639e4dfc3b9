import Decimal from 'decimal.js';
import { note as memoNote } from '@/domain/notes';
import { allowsForcedMovement } from '@/domain/registry/accountLifecycle';
import { reversalRefusal, reversingLegs } from '@/domain/registry/reversal';
import type { Bucket, CashBucket, Instrument, MovementType } from '@/generated/prisma/client';
import type { ReversalCommand } from '@/schemas/controls';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction, type Tx } from '../tx';
import { lockAccounts } from './accounts';
import { postEntry } from './ledger';

export interface ReversalResult {
  originalEntryId: string;
  reversalEntryId: string;
}

interface EntryRow {
  id: bigint;
  type: MovementType;
  reversed_by: bigint | null;
  reverses: bigint | null;
}

/** The entry, locked against a concurrent reversal, with its links; refused if it cannot be reversed. */
export async function reversibleEntry(tx: Tx, entryId: string, lock = false): Promise<EntryRow> {
  const rows = await tx.$queryRawUnsafe<EntryRow[]>(
    `SELECT e.id, e.type, r.reversal_entry_id AS reversed_by, rr.original_entry_id AS reverses
       FROM journal_entry e
       LEFT JOIN entry_reversal r ON r.original_entry_id = e.id
       LEFT JOIN entry_reversal rr ON rr.reversal_entry_id = e.id
      WHERE e.id = $1::bigint${lock ? ' FOR UPDATE OF e' : ''}`,
    entryId,
  );
  const entry = rows[0];
  if (!entry) throw fail('NOT_FOUND', { what: 'entry', id: entryId });
  const refusal = reversalRefusal({ type: entry.type, reversedBy: entry.reversed_by, reverses: entry.reverses });
  if (refusal) throw fail('NOT_REVERSIBLE', { entry: entryId, reason: refusal, type: entry.type });
  return entry;
}

/**
 * Reverses an erroneous entry (DOMAIN §7b): a REVERSAL entry with every posting of the original
 * negated, and the link between the two (entry_reversal, each entry reversed at most once). Runs
 * when a second person approved the request (four eyes, src/server/registry/approvals.ts). The
 * units must still be there: a reversal never takes an account negative.
 */
export async function reverseEntry(actor: Actor, cmd: ReversalCommand, approvalId: number | null = null): Promise<ReversalResult> {
  authorize(actor, 'registry.reverse');
  return inTransaction(async (tx) => {
    const original = await reversibleEntry(tx, cmd.entryId, true);
    const units = await tx.$queryRaw<{ account_id: number; instrument: Instrument; vintage: number; bucket: Bucket; quantity: bigint }[]>`
      SELECT account_id, instrument, vintage, bucket, quantity FROM unit_posting WHERE entry_id = ${original.id} ORDER BY id`;
    const cash = await tx.$queryRaw<{ cash_account_id: number; bucket: CashBucket; amount: Decimal }[]>`
      SELECT cash_account_id, bucket, amount FROM cash_posting WHERE entry_id = ${original.id} ORDER BY id`;
    const projects = await tx.$queryRaw<{ project_id: number }[]>`SELECT DISTINCT project_id FROM ccer_lot_posting WHERE entry_id = ${original.id}`;
    // Participant accounts must still accept a movement ordered by the registry (not pending or closed).
    const accounts = await lockAccounts(tx, [...new Set(units.map((u) => u.account_id))]);
    for (const a of accounts.values()) {
      if (a.type === 'PARTICIPANT' && !allowsForcedMovement(a.status)) {
        throw fail('ACCOUNT_NOT_ACTIVE', { account: a.number, status: a.status, action: 'receive' });
      }
    }
    const reversalId = await postEntry(tx, {
      type: 'REVERSAL',
      memo: memoNote('REVERSAL', { entry: original.id.toString(), reason: cmd.reason }),
      reference: `REV-${original.id}`,
      actorUserId: actor.userId,
      units: reversingLegs(units.map((u) => ({ accountId: u.account_id, instrument: u.instrument, vintage: u.vintage, bucket: u.bucket, quantity: u.quantity }))),
      cash: reversingLegs(cash.map((c) => ({ cashAccountId: c.cash_account_id, bucket: c.bucket, amount: new Decimal(c.amount.toString()) }))),
      ccer: projects.length > 0 ? { onlyProjects: new Set(projects.map((p) => p.project_id)) } : undefined,
    });
    await tx.$executeRaw`INSERT INTO entry_reversal (original_entry_id, reversal_entry_id, reason, approval_id) VALUES (${original.id}, ${reversalId}, ${cmd.reason}, ${approvalId})`;
    const result = { originalEntryId: original.id.toString(), reversalEntryId: reversalId.toString() };
    await recordAudit(tx, actor, { action: 'movement.reversal', targetType: 'journal_entry', targetId: reversalId, after: { ...result, reason: cmd.reason, approvalId } });
    return result;
  });
}
