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
}

/**
 * The registry's self-check: recomputes every balance from the journal and compares it with the
 * cached balances, checks that every entry balances, that no balance is negative, that every
 * vintage is conserved (sum over all accounts, source included, is zero) and that the audit hash
 * chain is intact. Read-only; safe to run at any time.
 */
export async function verifyLedger(): Promise<LedgerReport> {
  const client = db();
  const holdingMismatches = await client.$queryRaw<HoldingMismatch[]>`
    WITH journal AS (
      SELECT account_id, instrument, vintage, bucket, sum(quantity) AS qty FROM unit_posting GROUP BY 1, 2, 3, 4),
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
    WITH journal AS (SELECT cash_account_id, bucket::text AS bucket, sum(amount) AS amt FROM cash_posting GROUP BY 1, 2),
    cached AS (
      SELECT id AS cash_account_id, 'AVAILABLE' AS bucket, available AS amt FROM cash_account
      UNION ALL SELECT id, 'LOCKED', locked FROM cash_account)
    SELECT c.cash_account_id AS "cashAccountId", c.bucket, c.amt::text AS cached, coalesce(j.amt, 0)::text AS "fromJournal"
      FROM cached c LEFT JOIN journal j USING (cash_account_id, bucket)
     WHERE c.amt <> coalesce(j.amt, 0) ORDER BY 1, 2 LIMIT 100`;
  const unbalanced = await client.$queryRaw<{ entry_id: bigint }[]>`
    SELECT entry_id FROM unit_posting GROUP BY entry_id, instrument, vintage HAVING sum(quantity) <> 0
    UNION SELECT entry_id FROM cash_posting GROUP BY entry_id HAVING sum(amount) <> 0 LIMIT 100`;
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
  const auditChain = await verifyAuditChain();
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
  };
}

/** Operators and the national regulator may run the verification. */
export async function runLedgerVerification(actor: Actor): Promise<LedgerReport> {
  authorize(actor, 'ledger.verify');
  return verifyLedger();
}
