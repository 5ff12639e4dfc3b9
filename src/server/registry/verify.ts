import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { verifyAuditChain, type AuditChainReport } from '../audit/audit';

export interface HoldingMismatch {
  accountId: number;
  instrument: string;
  vintage: number;
  bucket: string;
  cached: string;
  fromJournal: string;
}

export interface VintageTotals {
  instrument: string;
  vintage: number;
  issued: string;
  participants: string;
  systemAccounts: string;
  cancelled: string;
  /** Sum over every account including the issuance source: must be exactly zero. */
  net: string;
}

export interface LedgerReport {
  ok: boolean;
  checkedAt: string;
  holdingsChecked: number;
  holdingMismatches: HoldingMismatch[];
  cashMismatches: { cashAccountId: number; bucket: string; cached: string; fromJournal: string }[];
  unbalancedEntries: string[];
  /** CCER holdings whose project lots do not add up to the holding (account, vintage). */
  ccerLotMismatches: { accountId: number; vintage: number; holding: string; lots: string }[];
  negativeBalances: number;
  vintages: VintageTotals[];
  auditChain: AuditChainReport;
  /**
   * The checkpoint the journal was checked from (its sums, and the entries after it), or null: every
   * entry from the first (no checkpoint yet, or a full verification was asked for).
   */
  checkpoint: { id: number; throughEntryId: string; auditSeq: number; takenAt: string } | null;
}

interface Checkpoint {
  id: number;
  throughEntryId: bigint;
  auditSeq: bigint;
  auditHash: string;
  takenAt: Date;
}

async function latestCheckpoint(): Promise<Checkpoint | null> {
  return db().ledgerCheckpoint.findFirst({ orderBy: { id: 'desc' }, select: { id: true, throughEntryId: true, auditSeq: true, auditHash: true, takenAt: true } });
}

/** The journal's sums per holding bucket: the checkpoint's, plus the postings of the entries after it. */
const journalUnits = (cp: Checkpoint | null) => Prisma.sql`
  SELECT account_id, instrument, vintage, bucket, sum(qty) AS qty FROM (
    SELECT account_id, instrument, vintage, bucket, quantity AS qty FROM ledger_checkpoint_unit WHERE checkpoint_id = ${cp?.id ?? 0}
    UNION ALL
    SELECT account_id, instrument, vintage, bucket, quantity FROM unit_posting WHERE entry_id > ${cp?.throughEntryId ?? 0n}
  ) j GROUP BY 1, 2, 3, 4`;

/** The journal's sums per cash bucket, the same way. */
const journalCash = (cp: Checkpoint | null) => Prisma.sql`
  SELECT cash_account_id, bucket::text AS bucket, sum(amt) AS amt FROM (
    SELECT cash_account_id, bucket, amount AS amt FROM ledger_checkpoint_cash WHERE checkpoint_id = ${cp?.id ?? 0}
    UNION ALL
    SELECT cash_account_id, bucket, amount FROM cash_posting WHERE entry_id > ${cp?.throughEntryId ?? 0n}
  ) j GROUP BY 1, 2`;

/** Entries after `through` whose postings do not sum to zero per asset (entries up to it were checked when the checkpoint was taken). */
const unbalancedAfter = (through: bigint) => Prisma.sql`
  SELECT entry_id FROM unit_posting WHERE entry_id > ${through} GROUP BY entry_id, instrument, vintage HAVING sum(quantity) <> 0
  UNION SELECT entry_id FROM cash_posting WHERE entry_id > ${through} GROUP BY entry_id HAVING sum(amount) <> 0 LIMIT 100`;

/**
 * The registry's self-check: recomputes every balance from the journal (from the latest checkpoint:
 * its sums plus the entries after it, unless `full`) and compares it with the cached balances, checks that every entry balances, that no balance is negative, that every
 * vintage is conserved (sum over all accounts, source included, is zero) and that the audit hash
 * chain is intact. Read-only; safe to run at any time.
 */
export async function verifyLedger(opts: { full?: boolean } = {}): Promise<LedgerReport> {
  const client = db();
  const cp = opts.full ? null : await latestCheckpoint();
  const holdingMismatches = await client.$queryRaw<HoldingMismatch[]>`
    WITH journal AS (${journalUnits(cp)}),
    cached AS (
      SELECT account_id, instrument, vintage, b.bucket::"Bucket" AS bucket,
             CASE b.bucket WHEN 'AVAILABLE' THEN available WHEN 'LOCKED' THEN locked WHEN 'PLEDGED' THEN pledged ELSE frozen END AS qty
        FROM holding CROSS JOIN (VALUES ('AVAILABLE'), ('LOCKED'), ('PLEDGED'), ('FROZEN')) AS b(bucket))
    SELECT coalesce(c.account_id, j.account_id) AS "accountId", coalesce(c.instrument, j.instrument)::text AS instrument,
           coalesce(c.vintage, j.vintage) AS vintage, coalesce(c.bucket, j.bucket)::text AS bucket,
           coalesce(c.qty, 0)::text AS cached, coalesce(j.qty, 0)::text AS "fromJournal"
      FROM cached c FULL OUTER JOIN journal j
        ON j.account_id = c.account_id AND j.instrument = c.instrument AND j.vintage = c.vintage AND j.bucket = c.bucket
     WHERE coalesce(c.qty, 0) <> coalesce(j.qty, 0)
     ORDER BY 1, 2, 3, 4 LIMIT 100`;
  const cashMismatches = await client.$queryRaw<LedgerReport['cashMismatches']>`
    WITH journal AS (${journalCash(cp)}),
    cached AS (
      SELECT id AS cash_account_id, 'AVAILABLE' AS bucket, available AS amt FROM cash_account
      UNION ALL SELECT id, 'LOCKED', locked FROM cash_account)
    SELECT c.cash_account_id AS "cashAccountId", c.bucket, c.amt::text AS cached, coalesce(j.amt, 0)::text AS "fromJournal"
      FROM cached c LEFT JOIN journal j USING (cash_account_id, bucket)
     WHERE c.amt <> coalesce(j.amt, 0) ORDER BY 1, 2 LIMIT 100`;
  const unbalanced = await client.$queryRaw<{ entry_id: bigint }[]>(unbalancedAfter(cp?.throughEntryId ?? 0n));
  // Every CCER unit outside the issuance source belongs to exactly one project lot.
  const ccerLotMismatches = await client.$queryRaw<LedgerReport['ccerLotMismatches']>`
    WITH held AS (
      SELECT h.account_id, h.vintage, h.available + h.locked + h.pledged + h.frozen AS qty
        FROM holding h JOIN registry_account a ON a.id = h.account_id
       WHERE h.instrument = 'CCER' AND a.type <> 'ISSUANCE'),
    lots AS (SELECT account_id, vintage, sum(quantity) AS qty FROM ccer_lot GROUP BY 1, 2)
    SELECT coalesce(h.account_id, l.account_id) AS "accountId", coalesce(h.vintage, l.vintage) AS vintage,
           coalesce(h.qty, 0)::text AS holding, coalesce(l.qty, 0)::text AS lots
      FROM held h FULL OUTER JOIN lots l USING (account_id, vintage)
     WHERE coalesce(h.qty, 0) <> coalesce(l.qty, 0) ORDER BY 1, 2 LIMIT 100`;
  const [negative] = await client.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM holding WHERE (available < 0 AND NOT is_source) OR locked < 0 OR pledged < 0 OR frozen < 0`;
  const [checked] = await client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM holding`;
  const vintages = await client.$queryRaw<VintageTotals[]>`
    SELECT h.instrument::text AS instrument, h.vintage,
           (-sum(h.available) FILTER (WHERE a.type = 'ISSUANCE'))::text AS issued,
           coalesce(sum(h.available + h.locked + h.pledged + h.frozen) FILTER (WHERE a.type = 'PARTICIPANT'), 0)::text AS participants,
           coalesce(sum(h.available + h.locked + h.pledged + h.frozen) FILTER (WHERE a.type NOT IN ('PARTICIPANT', 'ISSUANCE', 'CANCELLATION')), 0)::text AS "systemAccounts",
           coalesce(sum(h.available + h.locked + h.pledged + h.frozen) FILTER (WHERE a.type = 'CANCELLATION'), 0)::text AS cancelled,
           sum(h.available + h.locked + h.pledged + h.frozen)::text AS net
      FROM holding h JOIN registry_account a ON a.id = h.account_id
     GROUP BY h.instrument, h.vintage ORDER BY h.instrument, h.vintage`;
  const auditChain = await verifyAuditChain(cp ? { seq: cp.auditSeq, hash: cp.auditHash } : undefined);
  const negativeBalances = Number(negative?.n ?? 0);
  const ok =
    holdingMismatches.length === 0 && cashMismatches.length === 0 && unbalanced.length === 0 && negativeBalances === 0 && ccerLotMismatches.length === 0 &&
    vintages.every((v) => v.net === '0') && auditChain.ok;
  return {
    ok,
    checkedAt: new Date().toISOString(),
    holdingsChecked: Number(checked?.n ?? 0),
    holdingMismatches,
    cashMismatches,
    unbalancedEntries: unbalanced.map((u) => u.entry_id.toString()),
    ccerLotMismatches,
    negativeBalances,
    vintages: vintages.map((v) => ({ ...v, issued: v.issued ?? '0' })),
    auditChain,
    checkpoint: cp ? { id: cp.id, throughEntryId: cp.throughEntryId.toString(), auditSeq: Number(cp.auditSeq), takenAt: cp.takenAt.toISOString() } : null,
  };
}

/** Operators and the national regulator may run the verification (`full`: from the first entry, not the latest checkpoint). */
export async function runLedgerVerification(actor: Actor, opts: { full?: boolean } = {}): Promise<LedgerReport> {
  authorize(actor, 'ledger.verify');
  return verifyLedger(opts);
}

/** Entries between checkpoints: the scheduler takes one when this many were written since the last. */
export const CHECKPOINT_EVERY_ENTRIES = 50_000;

/**
 * Takes a checkpoint of the ledger (time-driven work: the scheduler calls it; one process at a time).
 * The boundary: a moment's SHARE lock on journal_entry waits for every transaction writing entries
 * to commit, so every entry up to the highest id then visible is committed and, the journal being
 * append-only, final. Then, without blocking anyone: the entries after the previous checkpoint must
 * balance and the audit chain after its seq must be intact, else no checkpoint is taken; the new
 * sums are the previous ones plus those entries' postings. Returns the checkpoint, or null when
 * another process is taking one, nothing was written since, or the check failed (a verification
 * then shows why).
 */
export async function takeLedgerCheckpoint(opts: { minEntries?: number } = {}): Promise<{ id: number; throughEntryId: string; entries: number } | null> {
  const previous = await latestCheckpoint();
  const from = previous?.throughEntryId ?? 0n;
  const minEntries = BigInt(opts.minEntries ?? 1);
  // Most calls (every scheduler tick) stop here, without taking any lock.
  const [latest] = await db().$queryRaw<{ id: bigint }[]>`SELECT coalesce(max(id), 0)::bigint AS id FROM journal_entry`;
  if (latest!.id - from < minEntries) return null;
  const through = await db().$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE journal_entry IN SHARE MODE`;
    const [row] = await tx.$queryRaw<{ id: bigint }[]>`SELECT coalesce(max(id), 0)::bigint AS id FROM journal_entry`;
    return row!.id;
  });
  return db().$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(7302613) AS ok`;
    if (!lock?.ok) return null;
    const latest = await tx.ledgerCheckpoint.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    if ((latest?.id ?? null) !== (previous?.id ?? null)) return null; // another process took one meanwhile
    const unbalanced = await tx.$queryRaw<{ entry_id: bigint }[]>`
      SELECT entry_id FROM (${unbalancedAfter(from)}) u WHERE entry_id <= ${through}`;
    if (unbalanced.length > 0) return null;
    const chain = await verifyAuditChain(previous ? { seq: previous.auditSeq, hash: previous.auditHash } : undefined, tx);
    if (!chain.ok) return null;
    // The chain's end as just verified (records sealed later belong to the next checkpoint).
    const auditSeq = BigInt(chain.records);
    const [sealed] = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM audit_log WHERE seq = ${auditSeq}`;
    const [cp] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO ledger_checkpoint (through_entry_id, audit_seq, audit_hash, entries)
      VALUES (${through}, ${auditSeq}, ${sealed?.hash ?? 'GENESIS'}, ${through - from}) RETURNING id`;
    const id = cp!.id;
    await tx.$executeRaw`
      INSERT INTO ledger_checkpoint_unit (checkpoint_id, account_id, instrument, vintage, bucket, quantity)
      SELECT ${id}, account_id, instrument, vintage, bucket, sum(quantity) FROM (
        SELECT account_id, instrument, vintage, bucket, quantity FROM ledger_checkpoint_unit WHERE checkpoint_id = ${previous?.id ?? 0}
        UNION ALL
        SELECT account_id, instrument, vintage, bucket, quantity FROM unit_posting WHERE entry_id > ${from} AND entry_id <= ${through}
      ) j GROUP BY account_id, instrument, vintage, bucket`;
    await tx.$executeRaw`
      INSERT INTO ledger_checkpoint_cash (checkpoint_id, cash_account_id, bucket, amount)
      SELECT ${id}, cash_account_id, bucket, sum(amount) FROM (
        SELECT cash_account_id, bucket, amount FROM ledger_checkpoint_cash WHERE checkpoint_id = ${previous?.id ?? 0}
        UNION ALL
        SELECT cash_account_id, bucket, amount FROM cash_posting WHERE entry_id > ${from} AND entry_id <= ${through}
      ) j GROUP BY cash_account_id, bucket`;
    return { id, throughEntryId: through.toString(), entries: Number(through - from) };
  }, { timeout: 600_000, maxWait: 10_000 });
}
