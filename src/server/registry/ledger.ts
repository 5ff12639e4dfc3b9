import Decimal from 'decimal.js';
import { Prisma, type Bucket, type CashBucket, type Instrument, type MovementType } from '@/generated/prisma/client';
import { applyBucketDelta, BUCKETS, InsufficientHoldingError } from '@/domain/registry/holdings';
import { conflict } from '../errors';
import type { Tx } from '../tx';

/**
 * The double-entry ledger: the ONLY code that changes holdings and cash balances.
 *
 * A movement is one journal entry whose postings sum to zero per instrument and vintage (units)
 * and in total (cash). Inside the caller's transaction it
 *   1. makes sure the holding rows exist,
 *   2. locks every holding and cash row it touches with SELECT ... FOR UPDATE in a fixed order
 *      (account id, instrument, vintage; then cash account id) so concurrent movements cannot
 *      deadlock or double-spend,
 *   3. refuses with INSUFFICIENT_HOLDING / INSUFFICIENT_CASH before any write if a bucket would go
 *      negative (the database CHECK constraints are the backstop),
 *   4. writes the entry, its postings and the new balances.
 * A deferred database trigger re-checks at commit that the entry balances.
 */

export interface UnitLeg {
  accountId: number;
  instrument: Instrument;
  vintage: number;
  bucket: Bucket;
  /** Signed whole tonnes: negative leaves the bucket, positive enters it. */
  quantity: bigint;
}

export interface CashLeg {
  cashAccountId: number;
  bucket: CashBucket;
  /** Signed CNY, two decimals. */
  amount: Decimal;
}

export interface EntryInput {
  type: MovementType;
  memo?: string | null;
  legalBasis?: string | null;
  reference?: string | null;
  actorUserId: number | null;
  units?: UnitLeg[];
  cash?: CashLeg[];
}


const holdingKey = (l: { accountId: number; instrument: Instrument; vintage: number }) => `${l.accountId}|${l.instrument}|${l.vintage}`;

/** Checks that legs balance per asset; a programming error if not (the caller built a bad movement). */
export function assertBalanced(units: UnitLeg[], cash: CashLeg[]): void {
  const perAsset = new Map<string, bigint>();
  for (const l of units) {
    if (l.quantity === 0n) throw new Error('A unit posting cannot be zero.');
    const k = `${l.instrument}-${l.vintage}`;
    perAsset.set(k, (perAsset.get(k) ?? 0n) + l.quantity);
  }
  for (const [asset, sum] of perAsset) if (sum !== 0n) throw new Error(`Unbalanced movement for ${asset}: ${sum}`);
  const cashSum = cash.reduce((s, l) => s.plus(l.amount), new Decimal(0));
  if (!cashSum.isZero()) throw new Error(`Unbalanced cash movement: ${cashSum.toFixed(2)}`);
  for (const l of cash) if (l.amount.isZero() || l.amount.decimalPlaces() > 2) throw new Error('Bad cash posting amount.');
}

interface LockedHolding {
  account_id: number;
  instrument: Instrument;
  vintage: number;
  available: bigint;
  locked: bigint;
  pledged: bigint;
  frozen: bigint;
  is_source: boolean;
}

interface LockedCash {
  id: number;
  available: Prisma.Decimal;
  locked: Prisma.Decimal;
  is_source: boolean;
}

const knownHoldingKeys = new Map<string, Set<string>>();
/** Holding rows this process has seen exist, per database (tests use one database per file). */
function knownHoldings(): Set<string> {
  const database = process.env.DATABASE_URL ?? '';
  let set = knownHoldingKeys.get(database);
  if (!set) knownHoldingKeys.set(database, (set = new Set()));
  return set;
}

/** Locks the given holdings (creating empty rows if needed) in the fixed order and returns them. */
export async function lockHoldings(
  tx: Tx,
  keys: { accountId: number; instrument: Instrument; vintage: number }[],
): Promise<Map<string, LockedHolding>> {
  const unique = [...new Map(keys.map((k) => [holdingKey(k), k])).values()].sort(
    (a, b) => a.accountId - b.accountId || a.instrument.localeCompare(b.instrument) || a.vintage - b.vintage,
  );
  if (unique.length === 0) return new Map();
  const tuples = Prisma.join(unique.map((k) => Prisma.sql`(${k.accountId}::int, ${k.instrument}::"Instrument", ${k.vintage}::int)`));
  const select = () => tx.$queryRaw<LockedHolding[]>`
    SELECT account_id, instrument, vintage, available, locked, pledged, frozen, is_source
      FROM holding
     WHERE (account_id, instrument, vintage) IN (${tuples})
     ORDER BY account_id, instrument, vintage
       FOR UPDATE`;
  // Holding rows are never deleted: once seen, a row is locked with one statement. A row not seen
  // yet is created first (ON CONFLICT DO NOTHING, in the fixed order, before any row is locked —
  // creating after locking could deadlock with a transaction creating the same row).
  const known = knownHoldings();
  if (unique.every((k) => known.has(holdingKey(k)))) {
    const rows = await select();
    if (rows.length === unique.length) return new Map(rows.map((r) => [holdingKey({ accountId: r.account_id, instrument: r.instrument, vintage: r.vintage }), r]));
    throw new Error('A holding row known to exist is missing.');
  }
  const created = await tx.$queryRaw<{ account_id: number; instrument: Instrument; vintage: number }[]>`
    INSERT INTO holding (account_id, instrument, vintage, is_source)
    SELECT v.account_id, v.instrument, v.vintage, a.type = 'ISSUANCE'
      FROM (VALUES ${tuples}) AS v(account_id, instrument, vintage)
      JOIN registry_account a ON a.id = v.account_id
     ORDER BY v.account_id, v.instrument, v.vintage
    ON CONFLICT DO NOTHING
    RETURNING account_id, instrument, vintage`;
  const rows = await select();
  // Rows this transaction created are not visible to others until it commits: only the others count as known.
  const ours = new Set(created.map((c) => holdingKey({ accountId: c.account_id, instrument: c.instrument, vintage: c.vintage })));
  for (const k of unique) if (!ours.has(holdingKey(k))) known.add(holdingKey(k));
  return new Map(rows.map((r) => [holdingKey({ accountId: r.account_id, instrument: r.instrument, vintage: r.vintage }), r]));
}

export async function lockCashAccounts(tx: Tx, ids: number[]): Promise<Map<number, LockedCash>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return new Map();
  const rows = await tx.$queryRaw<LockedCash[]>`
    SELECT id, available, locked, is_source FROM cash_account
     WHERE id IN (${Prisma.join(unique)}) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** Posts one balanced movement. Returns the journal entry id. */
export async function postEntry(tx: Tx, input: EntryInput): Promise<bigint> {
  const [id] = await postEntries(tx, [input]);
  return id!;
}

/**
 * Posts several balanced movements at once (e.g. the takes of one matching batch): each is its
 * own journal entry, but the rows are locked once and everything is written in ONE statement.
 * Refuses the whole call before writing if the net change would take any bucket negative.
 * Returns the entry ids in the order of `inputs`.
 */
export async function postEntries(tx: Tx, inputs: EntryInput[]): Promise<bigint[]> {
  if (inputs.length === 0) return [];
  const units = inputs.flatMap((input) => input.units ?? []);
  const cash = inputs.flatMap((input) => input.cash ?? []);
  for (const input of inputs) assertBalanced(input.units ?? [], input.cash ?? []);

  const holdings = await lockHoldings(tx, units);
  const cashRows = await lockCashAccounts(tx, cash.map((c) => c.cashAccountId));

  // Net change per holding and bucket, then refuse before writing if anything would go negative.
  const holdingDelta = new Map<string, Record<Bucket, bigint>>();
  for (const l of units) {
    const k = holdingKey(l);
    const d = holdingDelta.get(k) ?? { AVAILABLE: 0n, LOCKED: 0n, PLEDGED: 0n, FROZEN: 0n };
    d[l.bucket] += l.quantity;
    holdingDelta.set(k, d);
  }
  for (const [k, d] of holdingDelta) {
    const h = holdings.get(k);
    if (!h) throw new Error(`Holding ${k} could not be locked.`);
    for (const bucket of BUCKETS) {
      // The issuance source's available balance is minus the total issued; it alone may be negative.
      if (d[bucket] === 0n || (bucket === 'AVAILABLE' && h.is_source)) continue;
      try {
        applyBucketDelta(h, bucket, d[bucket]);
      } catch (e) {
        if (!(e instanceof InsufficientHoldingError)) throw e;
        const what = bucket.toLowerCase();
        throw conflict(
          'INSUFFICIENT_HOLDING',
          `Not enough ${what} ${h.instrument}-${h.vintage} in account ${h.account_id}: ${e.available} t ${what}, ${e.requested} t needed.`,
          { quantity: `${e.available} t ${what}` },
        );
      }
    }
  }
  const cashDelta = new Map<number, { AVAILABLE: Decimal; LOCKED: Decimal }>();
  for (const l of cash) {
    const d = cashDelta.get(l.cashAccountId) ?? { AVAILABLE: new Decimal(0), LOCKED: new Decimal(0) };
    d[l.bucket] = d[l.bucket].plus(l.amount);
    cashDelta.set(l.cashAccountId, d);
  }
  for (const [id, d] of cashDelta) {
    const c = cashRows.get(id);
    if (!c) throw new Error(`Cash account ${id} not found.`);
    const available = new Decimal(c.available.toString()).plus(d.AVAILABLE);
    const locked = new Decimal(c.locked.toString()).plus(d.LOCKED);
    if ((available.isNegative() && !c.is_source) || locked.isNegative()) {
      throw conflict('INSUFFICIENT_CASH', `Not enough cash in cash account ${id}: ${new Decimal(c.available.toString()).toFixed(2)} CNY available.`, {
        amount: `${new Decimal(c.available.toString()).toFixed(2)} CNY available`,
      });
    }
  }

  // One statement allocates the entry ids, writes the entries, their postings and the new
  // balances (the rows are locked above). `ord` ties each posting to its entry.
  const entryValues = inputs.map((input, ord) => Prisma.sql`(${ord}::int, ${input.type}::"MovementType", ${input.memo ?? null}::text, ${input.legalBasis ?? null}::text, ${input.reference ?? null}::text, ${input.actorUserId}::int)`);
  const unitValues = inputs.flatMap((input, ord) => (input.units ?? []).map((l) => Prisma.sql`(${ord}::int, ${l.accountId}::int, ${l.instrument}::"Instrument", ${l.vintage}::int, ${l.bucket}::"Bucket", ${l.quantity}::bigint)`));
  const cashValues = inputs.flatMap((input, ord) => (input.cash ?? []).map((l) => Prisma.sql`(${ord}::int, ${l.cashAccountId}::int, ${l.bucket}::"CashBucket", ${l.amount.toFixed(2)}::numeric)`));
  const holdingValues = [...holdingDelta].map(([k, d]) => {
    const h = holdings.get(k)!;
    return Prisma.sql`(${h.account_id}::int, ${h.instrument}::"Instrument", ${h.vintage}::int, ${d.AVAILABLE}::bigint, ${d.LOCKED}::bigint, ${d.PLEDGED}::bigint, ${d.FROZEN}::bigint)`;
  });
  const cashDeltaValues = [...cashDelta].map(([id, d]) => Prisma.sql`(${id}::int, ${d.AVAILABLE.toFixed(2)}::numeric, ${d.LOCKED.toFixed(2)}::numeric)`);
  const rows = await tx.$queryRaw<{ ord: number; id: bigint }[]>`
    WITH input AS (
      SELECT v.*, nextval('journal_entry_id_seq') AS id
        FROM (VALUES ${Prisma.join(entryValues)}) AS v(ord, type, memo, legal_basis, reference, actor_user_id)
    ),
    entry AS (
      INSERT INTO journal_entry (id, type, memo, legal_basis, reference, actor_user_id)
      SELECT id, type, memo, legal_basis, reference, actor_user_id FROM input ORDER BY ord
    )${unitValues.length > 0 ? Prisma.sql`,
    unit_rows AS (
      INSERT INTO unit_posting (entry_id, account_id, instrument, vintage, bucket, quantity)
      SELECT input.id, v.account_id, v.instrument, v.vintage, v.bucket, v.quantity
        FROM (VALUES ${Prisma.join(unitValues)}) AS v(ord, account_id, instrument, vintage, bucket, quantity) JOIN input USING (ord)
    ),
    holding_rows AS (
      UPDATE holding h SET available = h.available + v.available, locked = h.locked + v.locked,
                           pledged = h.pledged + v.pledged, frozen = h.frozen + v.frozen
        FROM (VALUES ${Prisma.join(holdingValues)}) AS v(account_id, instrument, vintage, available, locked, pledged, frozen)
       WHERE h.account_id = v.account_id AND h.instrument = v.instrument AND h.vintage = v.vintage
    )` : Prisma.empty}${cashValues.length > 0 ? Prisma.sql`,
    cash_rows AS (
      INSERT INTO cash_posting (entry_id, cash_account_id, bucket, amount)
      SELECT input.id, v.cash_account_id, v.bucket, v.amount
        FROM (VALUES ${Prisma.join(cashValues)}) AS v(ord, cash_account_id, bucket, amount) JOIN input USING (ord)
    ),
    cash_balances AS (
      UPDATE cash_account c SET available = c.available + v.available, locked = c.locked + v.locked
        FROM (VALUES ${Prisma.join(cashDeltaValues)}) AS v(id, available, locked)
       WHERE c.id = v.id
    )` : Prisma.empty}
    SELECT ord, id FROM input ORDER BY ord`;
  const byOrd = new Map(rows.map((r) => [r.ord, r.id]));
  return inputs.map((_, ord) => byOrd.get(ord)!);
}

/** Two legs moving `quantity` from one (account, bucket) to another (account, bucket). */
export function unitMove(
  from: { accountId: number; bucket: Bucket },
  to: { accountId: number; bucket: Bucket },
  asset: { instrument: Instrument; vintage: number },
  quantity: bigint,
): UnitLeg[] {
  return [
    { ...asset, accountId: from.accountId, bucket: from.bucket, quantity: -quantity },
    { ...asset, accountId: to.accountId, bucket: to.bucket, quantity },
  ];
}
