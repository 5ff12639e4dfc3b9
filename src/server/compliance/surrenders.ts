import { note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { scopeOf } from '@/domain/identity/permissions';
import { problem } from '@/domain/problems';
import { canSurrender } from '@/domain/registry/accountLifecycle';
import { costToClose, offsetCap, planSurrender, vintageRefusal } from '@/domain/compliance/surrender';
import { complianceStatus, shortfall, type ComplianceStatus } from '@/domain/compliance/status';
import type { SurrenderCommand } from '@/schemas/compliance';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits } from '../audit/audit';
import { idempotent } from '../idempotency';
import { findOwnAccountId, lockAccount, ownAccountId, systemAccountId } from '../registry/accounts';
import { postEntries, unitMove } from '../registry/ledger';
import { ccerLotsOf, type CcerLotView } from '../registry/ccerProjects';
import { inTransaction, type Tx } from '../tx';
import { cycleOf, marketDate, policyOf } from './cycle';
import { correctAfterClose, type CorrectionView } from './penalties';

/**
 * Surrender (清缴): a covered entity surrenders CEA of the compliance year or earlier vintages
 * (banking policy permitting) and eligible CCER up to the offset cap (5 % of the obligation) to
 * the cancellation account. Units beyond the obligation are a voluntary cancellation. Partial
 * surrenders add up. Only available units move: pledged and frozen units cannot be surrendered.
 * Surrenders after the deadline are accepted: before the year is closed they count at the close;
 * after it, for an entity with a penalty, they are a correction (penalties.ts: the scheduled
 * deduction goes down by the tonnes credited, the fine stands).
 */
export interface SurrenderView {
  id: number;
  year: number;
  items: { instrument: 'CEA' | 'CCER'; vintage: number; quantity: number; credited: number; surrendered: number; excess: number }[];
  creditedCea: number;
  creditedOffset: number;
  excess: number;
  entryIds: string[];
  status: ComplianceStatusView;
  /** A surrender after the year's close for the entity: how it lowered the scheduled deduction; else null. */
  correction: CorrectionView | null;
}

interface Totals {
  creditedCea: bigint;
  creditedOffset: bigint;
  excess: bigint;
}

/** What each organisation surrendered for a year (organisations without a surrender are absent). */
async function totalsOfMany(tx: Tx, organisationIds: readonly number[], year: number): Promise<Map<number, Totals>> {
  const rows = await tx.$queryRaw<{ organisation_id: number; cea: bigint; offset: bigint; excess: bigint }[]>`
    SELECT organisation_id, sum(credited_cea)::bigint AS cea, sum(credited_offset)::bigint AS "offset", sum(excess)::bigint AS excess
      FROM surrender WHERE organisation_id = ANY(${[...organisationIds]}::int[]) AND year = ${year} GROUP BY organisation_id`;
  return new Map(rows.map((r) => [r.organisation_id, { creditedCea: r.cea, creditedOffset: r.offset, excess: r.excess }]));
}

const NO_TOTALS: Totals = { creditedCea: 0n, creditedOffset: 0n, excess: 0n };

async function totalsOf(tx: Tx, organisationId: number, year: number): Promise<Totals> {
  return (await totalsOfMany(tx, [organisationId], year)).get(organisationId) ?? NO_TOTALS;
}

export async function surrender(actor: Actor, year: number, cmd: SurrenderCommand, opts: { idempotencyKey?: string } = {}): Promise<SurrenderView> {
  authorize(actor, 'compliance.surrender');
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `surrender-${year}`, request: cmd }, async () => {
      const accountId = await ownAccountId(tx, actor);
      const account = await lockAccount(tx, accountId, 'update');
      if (!canSurrender(account.status)) throw fail('ACCOUNT_NOT_ACTIVE', { account: account.number, status: account.status, action: 'surrender' });
      // The report row is locked as the close locks it: a close waits for this surrender (and counts it), or this surrender sees the close's penalty (a correction).
      await tx.$queryRaw`SELECT id FROM emission_report WHERE organisation_id = ${actor.organisationId} AND year = ${year} FOR UPDATE`;
      const report = await tx.emissionReport.findUnique({ where: { organisationId_year: { organisationId: actor.organisationId, year } } });
      if (!report || report.verifiedEmissions === null) {
        throw fail('NO_OBLIGATION', { year });
      }
      const obligation = Number(report.verifiedEmissions);
      const policy = await policyOf(tx);

      cmd.items.forEach((item, i) => {
        const refusal = vintageRefusal(item.vintage, year, policy.banking);
        if (refusal === 'FUTURE_VINTAGE') {
          throw fail('FUTURE_VINTAGE', { instrument: item.instrument, vintage: item.vintage, year }, { [`items.${i}.vintage`]: problem('FIELD_AT_MOST', { max: String(year) }) });
        }
        if (refusal === 'EARLIER_PHASE' && item.instrument === 'CEA') {
          throw fail('EARLIER_PHASE', { vintage: item.vintage }, { [`items.${i}.vintage`]: problem('EARLIER_PHASE', { vintage: item.vintage }) });
        }
      });

      const before = await totalsOf(tx, actor.organisationId, year);
      const cap = offsetCap(obligation, policy.offsetShare);
      const offsets = cmd.items.filter((i) => i.instrument === 'CCER').reduce((s, i) => s + i.quantity, 0);
      if (Number(before.creditedOffset) + offsets > cap) {
        const used = Number(before.creditedOffset);
        throw fail('OFFSET_CAP_EXCEEDED', { cap, share: policy.offsetShare, obligation, used }, { items: problem('OFFSET_CAP_LEFT', { left: Math.max(cap - used, 0) }) });
      }

      const eligibleProjects = await eligibleOffsets(tx, accountId, year, cmd.items);

      const outstanding = obligation - Number(before.creditedCea + before.creditedOffset);
      const plan = planSurrender(cmd.items, outstanding, year, policy.banking);
      const cancellation = await systemAccountId(tx, 'CANCELLATION');
      const legs = (pick: 'surrendered' | 'excess') =>
        plan.filter((p) => p[pick] > 0).flatMap((p) => unitMove({ accountId, bucket: 'AVAILABLE' }, { accountId: cancellation, bucket: 'AVAILABLE' }, { instrument: p.instrument, vintage: p.vintage }, BigInt(p[pick])));
      const entries = [
        { type: 'SURRENDER' as const, memo: note('SURRENDER', { year }), legalBasis: note('BASIS_COMPLIANCE_YEAR', { year }), reference: `SURRENDER-${year}`, actorUserId: actor.userId, units: legs('surrendered'), ccer: { onlyProjects: eligibleProjects } },
        { type: 'VOLUNTARY_CANCELLATION' as const, memo: note('SURRENDER_EXCESS', { year }), reference: `SURRENDER-${year}`, actorUserId: actor.userId, units: legs('excess'), ccer: { onlyProjects: eligibleProjects } },
      ].filter((e) => e.units.length > 0);
      const entryIds = await postEntries(tx, entries);

      const creditedCea = plan.filter((p) => p.instrument === 'CEA').reduce((s, p) => s + p.credited, 0);
      const creditedOffset = plan.filter((p) => p.instrument === 'CCER').reduce((s, p) => s + p.credited, 0);
      const excess = plan.reduce((s, p) => s + p.excess, 0);
      const row = await tx.surrender.create({
        data: {
          organisationId: actor.organisationId, accountId, year, items: plan as unknown as Prisma.InputJsonValue,
          creditedCea: BigInt(creditedCea), creditedOffset: BigInt(creditedOffset), excess: BigInt(excess), entryId: entryIds[0]!, createdById: actor.userId,
        },
      });
      const corrected = await correctAfterClose(tx, actor.organisationId, year, creditedCea + creditedOffset);
      const status = await statusWithin(tx, actor.organisationId, year);
      const result: SurrenderView = { id: row.id, year, items: plan, creditedCea, creditedOffset, excess, entryIds: entryIds.map(String), status, correction: corrected?.correction ?? null };
      await recordAudits(tx, [
        { actor, event: { action: 'compliance.surrender', targetType: 'surrender', targetId: row.id, after: result } },
        ...(corrected?.event ? [{ actor, event: corrected.event }] : []),
      ]);
      return result;
    }),
  );
}

/**
 * Only CCER from projects whose owner is not a covered entity in `year` count as offsets: refuses
 * CCER items that the account's eligible project lots do not cover, and returns those projects
 * (the surrender's CCER legs may take units only from them).
 */
async function eligibleOffsets(tx: Tx, accountId: number, year: number, items: SurrenderCommand['items']): Promise<Set<number>> {
  const asked = new Map<number, number>();
  for (const item of items) if (item.instrument === 'CCER') asked.set(item.vintage, (asked.get(item.vintage) ?? 0) + item.quantity);
  if (asked.size === 0) return new Set();
  const lots = await ccerLotsOf(tx, accountId, year);
  const heldEligible = eligibleByVintage(lots);
  for (const [vintage, quantity] of asked) {
    const held = heldEligible[vintage] ?? 0;
    if (quantity > held) {
      const i = items.findIndex((it) => it.instrument === 'CCER' && it.vintage === vintage);
      throw fail('CCER_NOT_ELIGIBLE', { vintage, year, eligible: held }, { [`items.${i}.quantity`]: problem('CCER_ELIGIBLE_AT_MOST', { vintage, eligible: held }) });
    }
  }
  return new Set(lots.filter((l) => l.eligible).map((l) => l.projectId));
}

/** Per vintage, the tonnes of the lots that count as offsets. */
function eligibleByVintage(lots: CcerLotView[]): Record<number, number> {
  const eligible: Record<number, number> = {};
  for (const l of lots) if (l.eligible) eligible[l.vintage] = (eligible[l.vintage] ?? 0) + l.quantity;
  return eligible;
}

/** The caller's CCER per vintage that count as offsets for `year` (from projects whose owner is not a covered entity). */
export async function eligibleOffsetsOf(actor: Actor, year: number): Promise<Record<number, number>> {
  const accountId = await findOwnAccountId(db(), actor);
  if (accountId === null) return {};
  return eligibleByVintage(await ccerLotsOf(db(), accountId, year));
}

export interface ComplianceStatusView {
  organisationId: number;
  year: number;
  obligation: number | null;
  surrendered: number;
  offsetsUsed: number;
  offsetCap: number | null;
  excess: number;
  gap: number | null;
  reportDeadline: string;
  surrenderDeadline: string;
  status: ComplianceStatus;
  /** What closing the gap costs at today's allowance price (see statusWithin), if there is one. */
  costToClose: string | null;
  pricePerTonne: string | null;
}

/** The compliance status of one organisation for a year (see statusesWithin). */
async function statusWithin(tx: Tx, organisationId: number, year: number): Promise<ComplianceStatusView> {
  return (await statusesWithin(tx, [organisationId], year))[0]!;
}

/**
 * The compliance status of each organisation for a year, in the order asked: its report's
 * verified emissions (the obligation), what it surrendered against them, and what closing the gap
 * costs at today's allowance price. Seven queries whatever the number of organisations.
 */
async function statusesWithin(tx: Tx, organisationIds: readonly number[], year: number): Promise<ComplianceStatusView[]> {
  const ids = [...new Set(organisationIds)];
  // One after another: inside a transaction its one connection runs one query at a time.
  const reports = await tx.emissionReport.findMany({ where: { year, organisationId: { in: ids } }, select: { organisationId: true, verifiedEmissions: true } });
  const totals = await totalsOfMany(tx, ids, year);
  const cycle = await cycleOf(tx, year);
  const policy = await policyOf(tx);
  const today = await marketDate(tx);
  // Today's price of an allowance: the year's own CEA if it trades, else the latest listed CEA
  // trade of any vintage, else the newest CEA instrument's previous close.
  const price = await tx.$queryRaw<{ price: { toString(): string } | null }[]>`
    SELECT coalesce((SELECT price FROM trade WHERE symbol = ${`CEA-${year}`} AND kind = 'LISTED' ORDER BY id DESC LIMIT 1),
                    (SELECT price FROM trade WHERE symbol LIKE 'CEA-%' AND kind = 'LISTED' ORDER BY id DESC LIMIT 1),
                    (SELECT coalesce(previous_close, reference_price) FROM trading_instrument WHERE instrument = 'CEA' ORDER BY vintage DESC LIMIT 1)) AS price`;
  const p = price[0]?.price ? new Decimal(price[0].price.toString()).toFixed(2) : null;
  const verifiedOf = new Map(reports.map((r) => [r.organisationId, r.verifiedEmissions]));
  return organisationIds.map((organisationId) => {
    const verified = verifiedOf.get(organisationId);
    const t = totals.get(organisationId) ?? NO_TOTALS;
    const obligation = verified === null || verified === undefined ? null : Number(verified);
    const surrendered = Number(t.creditedCea + t.creditedOffset);
    const gap = obligation === null ? null : shortfall(obligation, surrendered);
    return {
      organisationId, year, obligation, surrendered, offsetsUsed: Number(t.creditedOffset),
      offsetCap: obligation === null ? null : offsetCap(obligation, policy.offsetShare), excess: Number(t.excess), gap,
      reportDeadline: cycle.reportDeadline, surrenderDeadline: cycle.surrenderDeadline,
      status: complianceStatus(obligation, surrendered, today > cycle.surrenderDeadline),
      costToClose: gap !== null && p ? costToClose(gap, p) : null, pricePerTonne: p,
    };
  });
}

/**
 * Whose status the actor may read: its own (covered entities only), or, for a regulator, an
 * organisation in its scope. Another organisation out of scope does not exist for the caller.
 */
function authorizeStatusRead(actor: Actor, organisationId: number, org: { provinceCode: string | null } | null): void {
  if (organisationId !== actor.organisationId) {
    const scope = scopeOf(actor.roles, 'compliance.statusRead');
    if (scope === null || scope === 'own' || !org) throw fail('NOT_FOUND', { what: 'organisation', id: organisationId });
    authorize(actor, 'compliance.statusRead', { provinceCode: org.provinceCode });
  } else {
    // One's own: only covered entities have an obligation (regulators name one with ?organisationId=).
    authorize(actor, 'compliance.statusRead');
    if (actor.organisationKind !== 'COMPLIANCE_ENTITY') throw fail('FORBIDDEN', { reason: 'COVERED_ENTITIES_ONLY' });
  }
}

/** An entity's compliance status for a year: its own, or (regulators) one in their scope. */
export async function complianceStatusOf(actor: Actor, year: number, organisationId?: number): Promise<ComplianceStatusView> {
  return (await complianceStatusesOf(actor, year, [organisationId ?? actor.organisationId]))[0]!;
}

/** The compliance status for a year of each organisation asked, in that order (complianceStatusOf for many at once). */
export async function complianceStatusesOf(actor: Actor, year: number, organisationIds: readonly number[]): Promise<ComplianceStatusView[]> {
  const others = organisationIds.filter((id) => id !== actor.organisationId);
  const orgs = others.length ? await db().organisation.findMany({ where: { id: { in: [...new Set(others)] } }, select: { id: true, provinceCode: true } }) : [];
  const orgOf = new Map(orgs.map((o) => [o.id, o]));
  for (const id of organisationIds) authorizeStatusRead(actor, id, orgOf.get(id) ?? null);
  return statusesWithin(db(), organisationIds, year);
}
