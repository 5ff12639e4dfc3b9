import { db } from '@/db/client';
import type { Tx } from '../tx';
import type { Actor } from '../identity/actor';
import { requestSigned } from '../requestContext';

export interface AuditEvent {
  action: string;
  targetType: string;
  targetId: string | number | bigint;
  before?: unknown;
  after?: unknown;
}

/** An audit snapshot as JSON text, bigint and Decimal rendered as strings (null: none). */
function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * Appends one audit record in the caller's transaction, unsealed: the scheduler seals committed
 * records into the hash chain (seq, prev_hash, hash) within seconds (sealAuditLog), so no writing
 * transaction waits for the chain. Call it last in a use case all the same.
 * `signed` comes from the request context: true when the change was confirmed with a fresh
 * one-time code (transaction signing); the chain hashes it only when true.
 */
export async function recordAudit(tx: Tx, actor: Actor | null, event: AuditEvent): Promise<void> {
  await recordAudits(tx, [{ actor, event }]);
}

/**
 * Appends several audit records with one statement (e.g. the takes of one matching batch); call
 * LAST. Raw SQL only, so that it also runs in the trading hot path's transactions (src/db/sql.ts).
 */
export async function recordAudits(tx: Tx, events: { actor: Actor | null; event: AuditEvent }[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO audit_log (actor_user_id, actor_org_id, action, target_type, target_id, before, after, signed)
    SELECT actor_user_id, actor_org_id, action, target_type, target_id, before::jsonb, after::jsonb, ${requestSigned()}
      FROM unnest(${events.map((e) => e.actor?.userId ?? null)}::int[], ${events.map((e) => e.actor?.organisationId ?? null)}::int[],
                  ${events.map((e) => e.event.action)}::text[], ${events.map((e) => e.event.targetType)}::text[], ${events.map((e) => String(e.event.targetId))}::text[],
                  ${events.map((e) => auditJson(e.event.before))}::text[], ${events.map((e) => auditJson(e.event.after))}::text[])
        AS v(actor_user_id, actor_org_id, action, target_type, target_id, before, after)`;
}

export interface AuditChainReport {
  ok: boolean;
  /** Sealed records checked. */
  records: number;
  firstBrokenSeq: number | null;
  /** Committed records not sealed yet (sealed by the scheduler within seconds; see sealAuditLog). */
  unsealed: number;
}

/**
 * Recomputes the hashes of the sealed chain in the database and reports the first break, if any:
 * every record, or those after a verified point `from` (a ledger checkpoint's seq and hash; the
 * sealed records before it are append-only). `records` counts the whole sealed chain.
 */
export async function verifyAuditChain(from?: { seq: bigint; hash: string }, client: Tx = db()): Promise<AuditChainReport> {
  const fromSeq = from?.seq ?? 0n;
  const fromHash = from?.hash ?? 'GENESIS';
  const rows = await client.$queryRaw<{ records: bigint; first_broken: bigint | null; unsealed: bigint; anchor_ok: boolean }[]>`
    WITH chain AS (
      SELECT a.seq, a.hash, a.prev_hash,
             encode(sha256(convert_to(audit_log_payload(a), 'UTF8')), 'hex') AS recomputed,
             lag(a.hash) OVER (ORDER BY a.seq) AS previous,
             lag(a.seq) OVER (ORDER BY a.seq) AS previous_seq
        FROM audit_log a WHERE a.seq > ${fromSeq})
    SELECT ${fromSeq}::bigint + count(*) AS records,
           min(seq) FILTER (WHERE hash <> recomputed
                              OR prev_hash <> coalesce(previous, ${fromHash})
                              OR seq <> coalesce(previous_seq, ${fromSeq}::bigint) + 1) AS first_broken,
           (SELECT count(*) FROM audit_log WHERE seq IS NULL) AS unsealed,
           (${fromSeq}::bigint = 0 OR EXISTS (SELECT 1 FROM audit_log WHERE seq = ${fromSeq} AND hash = ${fromHash})) AS anchor_ok
      FROM chain`;
  const row = rows[0];
  const firstBroken = row?.anchor_ok === false ? fromSeq : (row?.first_broken ?? null);
  return {
    ok: firstBroken === null,
    records: Number(row?.records ?? 0),
    firstBrokenSeq: firstBroken === null ? null : Number(firstBroken),
    unsealed: Number(row?.unsealed ?? 0),
  };
}

/** Records sealed per call of audit_log_seal_pending (one transaction each). */
const SEAL_BATCH = 5_000;

/**
 * Seals the committed audit records not sealed yet into the hash chain (seq, prev_hash, hash), in
 * id order, in batches (audit_log_seal_pending, in the migrations). Run by the scheduler of every
 * app process; one process seals at a time, the others find the lock taken and return 0. Returns
 * how many records this call sealed.
 */
export async function sealAuditLog(): Promise<number> {
  let sealed = 0;
  for (;;) {
    const [row] = await db().$queryRaw<{ sealed: number }[]>`SELECT audit_log_seal_pending(${SEAL_BATCH}::int) AS sealed`;
    sealed += row?.sealed ?? 0;
    if ((row?.sealed ?? 0) < SEAL_BATCH) return sealed;
  }
}
