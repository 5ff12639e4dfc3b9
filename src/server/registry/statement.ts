import { asNote, type Note } from '@/domain/notes';
import { addDays, fromMarketTime } from '@/domain/trading/calendar';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import type { StatementPeriod } from '@/schemas/statement';
import type { Actor } from '../identity/actor';
import { marketNow } from '../tx';
import { counterpartyColumns, readableAccount, seesEveryAccount, type HoldingLine } from './queries';

/**
 * The account statement of a period (registry reports: UK ETS Registry's account statement): the
 * holdings at the start and at the end per instrument and vintage, and every journal entry of the
 * period, oldest first, with the running total of each asset. Everything is derived from the
 * journal (unit postings), in one read-only snapshot, so that start + movements = end exactly.
 * Same readers as the movements (the owner, its regulator, operators).
 */

export type Instrument = 'CEA' | 'CCER';

/** Holdings per instrument and vintage, as the holdings read model has them. */
export type StatementHolding = HoldingLine;

/** One journal entry's change to one asset of the account: the net change of each bucket, and more. */
export interface StatementLine extends Omit<HoldingLine, 'total'> {
  entryId: string;
  at: Date;
  type: string;
  /** Units in (+) or out (−) of the account: the sum of the buckets; 0 for a move between buckets. */
  change: number;
  /** The asset's total in the account after this line. */
  balance: number;
  memo: string | null;
  memoNote: Note | null;
  legalBasis: string | null;
  legalBasisNote: Note | null;
  reference: string | null;
  /** The other accounts of the entry the reader may see (the market is anonymous: src/server/registry/queries.ts `counterpartyColumns`). */
  counterparties: string[];
  /** A trade counterparty the reader may not identify. */
  anonymousCounterparty: boolean;
}

export interface AccountStatement {
  account: { id: number; number: string; name: string; nameZh: string | null; status: string };
  period: StatementPeriod;
  /** Instants bounding the period: [start, end), market midnights. */
  start: Date;
  end: Date;
  generatedAt: Date;
  opening: StatementHolding[];
  closing: StatementHolding[];
  lines: StatementLine[];
}

/** Market midnight at the start of a market day (Beijing time). */
export const marketMidnight = (date: string): Date => fromMarketTime({ date, minute: 0 });

type BucketRows = { instrument: Instrument; vintage: number; bucket: 'AVAILABLE' | 'LOCKED' | 'PLEDGED' | 'FROZEN'; quantity: bigint }[];

/** CEA before CCER, as the holdings page lists them. */
const INSTRUMENT_ORDER: Record<Instrument, number> = { CEA: 0, CCER: 1 };

/** Holdings per instrument and vintage from bucket sums (assets whose every bucket is zero left out). */
function holdingsOf(rows: BucketRows): StatementHolding[] {
  const map = new Map<string, StatementHolding>();
  for (const r of rows) {
    const key = `${r.instrument}-${r.vintage}`;
    const h = map.get(key) ?? { instrument: r.instrument, vintage: r.vintage, available: 0, locked: 0, pledged: 0, frozen: 0, total: 0 };
    const q = Number(r.quantity);
    h[r.bucket.toLowerCase() as 'available' | 'locked' | 'pledged' | 'frozen'] += q;
    h.total += q;
    map.set(key, h);
  }
  return [...map.values()]
    .filter((h) => h.available || h.locked || h.pledged || h.frozen)
    .sort((a, b) => INSTRUMENT_ORDER[a.instrument] - INSTRUMENT_ORDER[b.instrument] || a.vintage - b.vintage);
}

export async function accountStatement(actor: Actor, accountId: number, period: StatementPeriod): Promise<AccountStatement> {
  const account = await readableAccount(actor, accountId);
  const start = marketMidnight(period.from);
  const end = marketMidnight(addDays(period.to, 1));
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      const generatedAt = await marketNow(tx);
      const org = account.organisationId ? await tx.organisation.findUnique({ where: { id: account.organisationId }, select: { nameZh: true } }) : null;
      const balancesAt = (instant: Date) => tx.$queryRaw<BucketRows>`
        SELECT p.instrument::text AS instrument, p.vintage, p.bucket::text AS bucket, sum(p.quantity)::bigint AS quantity
          FROM unit_posting p JOIN journal_entry e ON e.id = p.entry_id
         WHERE p.account_id = ${accountId} AND e.created_at < ${instant}
         GROUP BY p.instrument, p.vintage, p.bucket`;
      const opening = holdingsOf(await balancesAt(start));
      const closing = holdingsOf(await balancesAt(end));
      const rows = await tx.$queryRaw<
        { entry_id: bigint; type: string; created_at: Date; memo: string | null; memo_note: unknown; reference: string | null; legal_basis: string | null; legal_basis_note: unknown; instrument: Instrument; vintage: number; available: bigint; locked: bigint; pledged: bigint; frozen: bigint; counterparties: string[] | null; anonymous_counterparty: boolean }[]
      >`
        SELECT e.id AS entry_id, e.type::text AS type, e.created_at, e.memo, e.memo_note, e.reference, e.legal_basis, e.legal_basis_note,
               p.instrument::text AS instrument, p.vintage,
               coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'AVAILABLE'), 0)::bigint AS available,
               coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'LOCKED'), 0)::bigint AS locked,
               coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'PLEDGED'), 0)::bigint AS pledged,
               coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'FROZEN'), 0)::bigint AS frozen,
               ${counterpartyColumns(accountId, seesEveryAccount(account.readerScope))}
          FROM unit_posting p JOIN journal_entry e ON e.id = p.entry_id
         WHERE p.account_id = ${accountId} AND e.created_at >= ${start} AND e.created_at < ${end}
         GROUP BY e.id, p.instrument, p.vintage
         ORDER BY e.created_at, e.id, p.instrument, p.vintage`;
      const running = new Map(opening.map((h) => [`${h.instrument}-${h.vintage}`, h.total]));
      const lines = rows.map((r): StatementLine => {
        const [available, locked, pledged, frozen] = [r.available, r.locked, r.pledged, r.frozen].map(Number) as [number, number, number, number];
        const change = available + locked + pledged + frozen;
        const key = `${r.instrument}-${r.vintage}`;
        const balance = (running.get(key) ?? 0) + change;
        running.set(key, balance);
        return {
          entryId: r.entry_id.toString(), at: r.created_at, type: r.type, instrument: r.instrument, vintage: r.vintage,
          available, locked, pledged, frozen, change, balance,
          memo: r.memo, memoNote: asNote(r.memo_note), legalBasis: r.legal_basis, legalBasisNote: asNote(r.legal_basis_note), reference: r.reference,
          counterparties: r.counterparties ?? [],
          anonymousCounterparty: r.anonymous_counterparty,
        };
      });
      return {
        account: { id: account.id, number: account.number, name: account.name, nameZh: org?.nameZh ?? null, status: account.status },
        period, start, end, generatedAt, opening, closing, lines,
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}
