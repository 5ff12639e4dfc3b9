import Decimal from 'decimal.js';
import type { Note } from '@/domain/notes';
import { renderNote } from '@/i18n/notes';
import { Prisma, type Bucket, type CashBucket, type Instrument, type MovementType } from '@/generated/prisma/client';
import { applyBucketDelta, BUCKETS, InsufficientHoldingError } from '@/domain/registry/holdings';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
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

/** A memo or legal basis as stored: its English text, and its note (JSON) when the platform wrote it. */
export function textAndNote(value: Note | string | null | undefined): { text: string | null; note: string | null } {
  if (value === null || value === undefined) return { text: null, note: null };
  return typeof value === 'string' ? { text: value, note: null } : { text: renderNote(value, 'en'), note: JSON.stringify(value) };
}

export interface EntryInput {
  type: MovementType;
  /** A generated memo as a note (rendered in the reader's language), or text a user typed. */
  memo?: Note | string | null;
  /** A generated legal basis as a note, or the basis a user typed. */
  legalBasis?: Note | string | null;
  reference?: string | null;
  actorUserId: number | null;
  units?: UnitLeg[];
  cash?: CashLeg[];
  /** Which projects' CCER the entry's CCER legs move (see CcerProvenance); by default any, oldest project first. */
  ccer?: CcerProvenance;
}

/**
 * CCER provenance of a movement. Every CCER unit comes from a registered project: per account and
 * vintage the registry keeps how many units came from which project (lots, summing to the holding).
 * When CCER leave an account, its lots leave in project order (the oldest registered project
 * first) unless the movement restricts them; the receiving accounts get the same lots.
 * - `issuedFrom`: an issuance — the new units come from this project.
 * - `onlyProjects`: only lots of these projects may leave (e.g. eligible offsets, or one project's
 *   units issued to its owner); the movement is refused if they do not cover it.
 */
export type CcerProvenance = { issuedFrom: number } | { onlyProjects: ReadonlySet<number> };


/** The key of a holding in the maps of locked rows (LockedRows). */
export const holdingKey = (l: { accountId: number; instrument: Instrument; vintage: number }) => `${l.accountId}|${l.instrument}|${l.vintage}`;

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

export interface LockedHolding {
  account_id: number;
  instrument: Instrument;
  vintage: number;
  available: bigint;
  locked: bigint;
  pledged: bigint;
  frozen: bigint;
  is_source: boolean;
}

export interface LockedCash {
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
  // The keys as three array parameters, however many there are.
  const keysOf = Prisma.sql`unnest(${unique.map((k) => k.accountId)}::int[], ${unique.map((k) => k.instrument)}::text[], ${unique.map((k) => k.vintage)}::int[])`;
  const select = () => tx.$queryRaw<LockedHolding[]>`
    SELECT account_id, instrument, vintage, available, locked, pledged, frozen, is_source
      FROM holding
     WHERE (account_id, instrument, vintage) IN (SELECT k.account_id, k.instrument::"Instrument", k.vintage FROM ${keysOf} AS k(account_id, instrument, vintage))
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
    SELECT v.account_id, v.instrument::"Instrument", v.vintage, a.type = 'ISSUANCE'
      FROM ${keysOf} AS v(account_id, instrument, vintage)
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
     WHERE id = ANY(${unique}::int[]) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Rows the caller locked in this transaction with lockHoldings and lockCashAccounts and has not
 * changed since (e.g. a take batch, which locks every party's rows before it computes the fills):
 * postEntries then checks against them instead of locking the same rows again.
 */
export interface LockedRows {
  holdings: Map<string, LockedHolding>;
  cash: Map<number, LockedCash>;
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
  const holdings = await lockHoldings(tx, units);
  const cashRows = await lockCashAccounts(tx, cash.map((c) => c.cashAccountId));
  checkEntries(inputs, { holdings, cash: cashRows });
  const lots = planLotChanges(inputs, holdings, await readLots(tx, lotAccountsOf(inputs, holdings)));

  // One call of the ledger's write (ledger_write, in the migrations) allocates the entry ids, writes
  // the entries, their postings and the new balances (the rows are locked above). Each column
  // travels as one array parameter, so a call of any size binds a fixed number of parameters
  // (PostgreSQL's protocol counts them in 16 bits: one parameter per value stopped at ~2,600 lines).
  const rows = await tx.$queryRaw<{ ord: number; id: bigint }[]>`SELECT ord, id FROM ledger_write(${ledgerWriteArgs(inputs)})`;
  const byOrd = new Map(rows.map((r) => [r.ord, r.id]));
  const ids = inputs.map((_, ord) => byOrd.get(ord)!);
  if (lots.length > 0) await tx.$executeRaw`SELECT ledger_write_lots(${lotWriteArgs(lots, ids)})`;
  return ids;
}

/**
 * Refuses entries, before anything is written, that are unbalanced or whose net change would take
 * a bucket of the locked rows negative (the issuance source's available balance alone may be).
 */
export function checkEntries(inputs: EntryInput[], locked: LockedRows): void {
  for (const input of inputs) assertBalanced(input.units ?? [], input.cash ?? []);
  const holdingDelta = new Map<string, Record<Bucket, bigint>>();
  for (const l of inputs.flatMap((input) => input.units ?? [])) {
    const k = holdingKey(l);
    const d = holdingDelta.get(k) ?? { AVAILABLE: 0n, LOCKED: 0n, PLEDGED: 0n, FROZEN: 0n };
    d[l.bucket] += l.quantity;
    holdingDelta.set(k, d);
  }
  for (const [k, d] of holdingDelta) {
    const h = locked.holdings.get(k);
    if (!h) throw new Error(`Holding ${k} could not be locked.`);
    for (const bucket of BUCKETS) {
      // The issuance source's available balance is minus the total issued; it alone may be negative.
      if (d[bucket] === 0n || (bucket === 'AVAILABLE' && h.is_source)) continue;
      try {
        applyBucketDelta(h, bucket, d[bucket]);
      } catch (e) {
        if (!(e instanceof InsufficientHoldingError)) throw e;
        const available = Number(e.available);
        throw fail(
          'INSUFFICIENT_HOLDING',
          { accountId: h.account_id, instrument: h.instrument, vintage: h.vintage, bucket, available, needed: Number(e.requested) },
          { quantity: problem('FIELD_HOLDING_SHORT', { available, bucket }) },
        );
      }
    }
  }
  const cashDelta = new Map<number, { AVAILABLE: Decimal; LOCKED: Decimal }>();
  for (const l of inputs.flatMap((input) => input.cash ?? [])) {
    const d = cashDelta.get(l.cashAccountId) ?? { AVAILABLE: new Decimal(0), LOCKED: new Decimal(0) };
    d[l.bucket] = d[l.bucket].plus(l.amount);
    cashDelta.set(l.cashAccountId, d);
  }
  for (const [id, d] of cashDelta) {
    const c = locked.cash.get(id);
    if (!c) throw new Error(`Cash account ${id} not found.`);
    const available = new Decimal(c.available.toString()).plus(d.AVAILABLE);
    const lockedCash = new Decimal(c.locked.toString()).plus(d.LOCKED);
    if ((available.isNegative() && !c.is_source) || lockedCash.isNegative()) {
      const cashAvailable = new Decimal(c.available.toString()).toFixed(2);
      throw fail('INSUFFICIENT_CASH', { cashAccountId: id, available: cashAvailable, needed: null }, { amount: problem('FIELD_CASH_SHORT', { available: cashAvailable }) });
    }
  }
}

/** The arguments of the ledger's write (ledger_write, and settle_take_batch which calls it): seventeen arrays. */
export function ledgerWriteArgs(inputs: EntryInput[]): Prisma.Sql {
  const memos = inputs.map((input) => textAndNote(input.memo));
  const bases = inputs.map((input) => textAndNote(input.legalBasis));
  const unitLegs = inputs.flatMap((input, ord) => (input.units ?? []).map((l) => ({ ord, l })));
  const cashLegs = inputs.flatMap((input, ord) => (input.cash ?? []).map((l) => ({ ord, l })));
  return Prisma.sql`${inputs.map((i) => i.type)}::text[], ${memos.map((m) => m.text)}::text[], ${memos.map((m) => m.note)}::text[],
      ${bases.map((b) => b.text)}::text[], ${bases.map((b) => b.note)}::text[], ${inputs.map((i) => i.reference ?? null)}::text[], ${inputs.map((i) => i.actorUserId)}::int[],
      ${unitLegs.map((u) => u.ord)}::int[], ${unitLegs.map((u) => u.l.accountId)}::int[], ${unitLegs.map((u) => u.l.instrument)}::text[],
      ${unitLegs.map((u) => u.l.vintage)}::int[], ${unitLegs.map((u) => u.l.bucket)}::text[], ${unitLegs.map((u) => u.l.quantity)}::bigint[],
      ${cashLegs.map((c) => c.ord)}::int[], ${cashLegs.map((c) => c.l.cashAccountId)}::int[], ${cashLegs.map((c) => c.l.bucket)}::text[],
      ${cashLegs.map((c) => c.l.amount.toFixed(2))}::numeric[]`;
}

/** A change of one CCER lot by one entry (its 0-based position in the call). */
export interface LotChange {
  ord: number;
  accountId: number;
  vintage: number;
  projectId: number;
  quantity: bigint;
}

/** The arguments of ledger_write_lots: the lot changes with their entries' ids. */
export function lotWriteArgs(lots: LotChange[], entryIds: bigint[]): Prisma.Sql {
  return Prisma.sql`${lots.map((x) => entryIds[x.ord]!)}::bigint[], ${lots.map((x) => x.accountId)}::int[], ${lots.map((x) => x.vintage)}::int[],
    ${lots.map((x) => x.projectId)}::int[], ${lots.map((x) => x.quantity)}::bigint[]`;
}

/** A CCER lot as read: how many units of a vintage an account holds from one project. */
export interface LotRow {
  account_id: number;
  vintage: number;
  project_id: number;
  quantity: bigint;
}

/** The CCER issuance source's holding of a vintage: it keeps no lots (the issuance names its project). */
const isCcerSource = (holdings: Map<string, LockedHolding>, l: { accountId: number; vintage: number }) =>
  holdings.get(holdingKey({ ...l, instrument: 'CCER' }))?.is_source === true;

/** The accounts and vintages whose CCER lots the entries move (the issuance source keeps none). */
export function lotAccountsOf(inputs: EntryInput[], holdings: Map<string, LockedHolding>): { accountId: number; vintage: number }[] {
  const legs = inputs.flatMap((input) => (input.units ?? []).filter((l) => l.instrument === 'CCER' && !isCcerSource(holdings, l)));
  return [...new Map(legs.map((l) => [`${l.accountId}|${l.vintage}`, { accountId: l.accountId, vintage: l.vintage }])).values()];
}

/** The CCER lots of the given accounts and vintages, in project order (the order in which lots leave). */
export async function readLots(tx: Tx, touched: { accountId: number; vintage: number }[]): Promise<LotRow[]> {
  if (touched.length === 0) return [];
  return tx.$queryRaw<LotRow[]>`
    SELECT account_id, vintage, project_id, quantity FROM ccer_lot
     WHERE (account_id, vintage) IN (SELECT * FROM unnest(${touched.map((l) => l.accountId)}::int[], ${touched.map((l) => l.vintage)}::int[]))
     ORDER BY account_id, vintage, project_id`;
}

/**
 * Works out which CCER lots each entry moves (see CcerProvenance), from the lots of the accounts
 * involved (`rows` of lotAccountsOf's accounts in project order, as readLots reads them, read after
 * the holdings were locked: the holding row lock also guards its lots).
 */
export function planLotChanges(inputs: EntryInput[], holdings: Map<string, LockedHolding>, rows: LotRow[]): LotChange[] {
  const changes: LotChange[] = [];
  if (lotAccountsOf(inputs, holdings).length === 0) return changes;
  const ccerLegs = inputs.map((input) => (input.units ?? []).filter((l) => l.instrument === 'CCER'));
  const isSource = (l: { accountId: number; vintage: number }) => isCcerSource(holdings, l);
  const lots = new Map<string, Map<number, bigint>>();
  const lotsOf = (accountId: number, vintage: number) => {
    const k = `${accountId}|${vintage}`;
    let m = lots.get(k);
    if (!m) lots.set(k, (m = new Map()));
    return m;
  };
  for (const r of rows) lotsOf(r.account_id, r.vintage).set(r.project_id, r.quantity);
  ccerLegs.forEach((legs, ord) => {
    if (legs.length === 0) return;
    const provenance = inputs[ord]!.ccer;
    const net = new Map<string, { accountId: number; vintage: number; quantity: bigint }>();
    for (const l of legs) {
      const k = `${l.accountId}|${l.vintage}`;
      const n = net.get(k) ?? { accountId: l.accountId, vintage: l.vintage, quantity: 0n };
      n.quantity += l.quantity;
      net.set(k, n);
    }
    const byAccount = [...net.values()].sort((a, b) => a.vintage - b.vintage || a.accountId - b.accountId);
    for (const vintage of new Set(byAccount.map((n) => n.vintage))) {
      const pool: { projectId: number; quantity: bigint }[] = [];
      for (const giver of byAccount.filter((n) => n.vintage === vintage && n.quantity < 0n)) {
        let due = -giver.quantity;
        if (isSource(giver)) {
          if (!provenance || !('issuedFrom' in provenance)) throw new Error('A CCER issuance must name the project the units come from.');
          pool.push({ projectId: provenance.issuedFrom, quantity: due });
          continue;
        }
        const held = lotsOf(giver.accountId, vintage);
        for (const [projectId, quantity] of held) {
          if (due === 0n) break;
          if (quantity === 0n || (provenance && 'onlyProjects' in provenance && !provenance.onlyProjects.has(projectId))) continue;
          const take = quantity < due ? quantity : due;
          held.set(projectId, quantity - take);
          due -= take;
          pool.push({ projectId, quantity: take });
          changes.push({ ord, accountId: giver.accountId, vintage, projectId, quantity: -take });
        }
        if (due > 0n) {
          const held = Number(-giver.quantity - due);
          throw fail(
            'CCER_PROJECTS_SHORT',
            { accountId: giver.accountId, vintage, held, needed: Number(-giver.quantity) },
            { quantity: problem('FIELD_CCER_PROJECTS_SHORT', { held }) },
          );
        }
      }
      for (const receiver of byAccount.filter((n) => n.vintage === vintage && n.quantity > 0n)) {
        let due = receiver.quantity;
        const held = lotsOf(receiver.accountId, vintage);
        while (due > 0n) {
          const next = pool[0];
          if (!next) throw new Error(`CCER-${vintage} lots do not balance in a movement.`);
          const take = next.quantity < due ? next.quantity : due;
          next.quantity -= take;
          if (next.quantity === 0n) pool.shift();
          due -= take;
          held.set(next.projectId, (held.get(next.projectId) ?? 0n) + take);
          changes.push({ ord, accountId: receiver.accountId, vintage, projectId: next.projectId, quantity: take });
        }
      }
    }
  });
  return changes;
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
