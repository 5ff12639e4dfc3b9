import Decimal from 'decimal.js';
import { Prisma, type DeductionStatus } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { note, type Note } from '@/domain/notes';
import { addDays } from '@/domain/trading/calendar';
import { surrenderFineRange, type PenaltyRuleVersion } from '@/domain/compliance/penalty';
import { shortfall } from '@/domain/compliance/status';
import type { Permission } from '@/domain/identity/permissions';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits, type AuditEvent } from '../audit/audit';
import { notifyPenalties } from '../notifications/triggers';
import { inTransaction, type Tx } from '../tx';
import { cycleOf, marketDate, policyOf } from './cycle';
import { organisationScope } from './scope';

/**
 * Closing a compliance year (履约期结束) after the surrender deadline, per province.
 *
 * Once the deadline has passed on the market clock, a regulator closes the year for the provinces
 * in its scope (a provincial regulator its own; the national regulator every province, or one).
 * Each entity with a verified obligation that was not surrendered in full gets a penalty record —
 * the fine range of the policy's rule version in force, the fine imposed at its minimum — and its
 * shortfall is scheduled for deduction from the next year's allocation. Each province closed gets a
 * `compliance_year_closing` row (who, when in market time, what the close found): from then on the
 * year is closed there, its deadlines stay as they are and its figures are published (public
 * report). Closing again adds nothing twice; it adds the penalty of an entity whose report was
 * verified after the first close.
 *
 * The preview (`previewClosing`) reads what the close would do with the same computation
 * (`planClosing`), so the two cannot disagree; it writes nothing.
 *
 * Entities covered in the year without a verified report are passed by (there is no obligation to
 * measure a shortfall against); the preview counts them.
 *
 * Correction (纠正): surrenders after the deadline are accepted. Before the close they reduce the
 * shortfall the close finds; after it (the entity has a penalty) they are a correction: the tonnes
 * credited lower the scheduled deduction (never below what an allocation already deducted), the
 * fine stands (`correctAfterClose`, called by the surrender).
 */

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);
const money = (d: { toString(): string }) => new Decimal(d.toString()).toFixed(2);

/** The average market price for fines: VWAP of listed CEA trades in the 30 days before the deadline, else the latest close. */
async function averagePrice(tx: Tx, year: number, deadline: string): Promise<string> {
  const rows = await tx.$queryRaw<{ vwap: { toString(): string } | null; close: { toString(): string } | null }[]>`
    SELECT (SELECT sum(price * quantity) / nullif(sum(quantity), 0) FROM trade
             WHERE kind = 'LISTED' AND symbol LIKE 'CEA-%' AND trading_day > ${addDays(deadline, -30)}::date AND trading_day <= ${deadline}::date) AS vwap,
           (SELECT coalesce(previous_close, reference_price) FROM trading_instrument WHERE symbol = ${`CEA-${year}`}) AS close`;
  const r = rows[0];
  const value = r?.vwap ?? r?.close ?? null;
  return value === null ? '0.00' : new Decimal(value.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

// ---------------------------------------------------------------------------------------------
// Scope
// ---------------------------------------------------------------------------------------------

export interface ProvinceRef {
  code: string;
  name: string;
  nameZh: string;
}

/**
 * The provinces an action covers: a provincial regulator its own; the national regulator every
 * province, or the one it names (a provincial regulator naming another: 403; an unknown code: 404).
 */
async function provincesInScope(actor: Actor, permission: Permission, asked?: string): Promise<{ provinceCode: string | null; provinces: ProvinceRef[] }> {
  const national = authorize(actor, permission) === 'all';
  const code = asked?.trim().toUpperCase() || undefined;
  if (code) authorize(actor, permission, { provinceCode: code });
  const provinceCode = national ? (code ?? null) : (actor.provinceCode ?? '-');
  const rows = await db().province.findMany({ where: provinceCode === null ? {} : { code: provinceCode }, orderBy: { code: 'asc' } });
  if (code && rows.length === 0) throw fail('NOT_FOUND', { what: 'province', id: code });
  return { provinceCode, provinces: rows.map((p) => ({ code: p.code, name: p.name, nameZh: p.nameZh })) };
}

// ---------------------------------------------------------------------------------------------
// The computation the preview and the close share
// ---------------------------------------------------------------------------------------------

/** A penalty's fine: the rule version, the shortfall and average price it was set on, its range and the fine imposed. */
export interface Fine {
  organisationId: number;
  organisationName: string;
  organisationNameZh: string;
  rule: PenaltyRuleVersion;
  shortfall: number;
  averagePrice: string;
  fineMin: string;
  fineMax: string;
  /** The fine imposed: the minimum of the range. */
  fine: string;
  /** In English, as recorded; `basisNote` has it as data for the reader's language. */
  basis: string;
  basisNote: Note<'BASIS_PENALTY'>;
}

/** An entity the close penalises: what it owed, surrendered and fell short by, its fine and its deduction. */
export interface ClosingLine extends Fine {
  provinceCode: string;
  industry: string | null;
  obligation: number;
  surrendered: number;
  /** The shortfall, scheduled for deduction from the next year's allocation. */
  deduction: { toYear: number; quantity: number };
}

export interface ClosingTotals {
  entities: number;
  shortfall: number;
  fines: string;
  deductions: number;
}

interface ClosingPlan {
  surrenderDeadline: string;
  marketDate: string;
  rule: PenaltyRuleVersion;
  averagePrice: string;
  /** Per province, the entities with a verified obligation (what the close checks). */
  checked: Map<string, number>;
  /** The entities without a penalty yet that fall short. */
  lines: ClosingLine[];
}

/**
 * What closing `year` in `provinces` does now: refuses before the surrender deadline. With `lock`
 * (the close, in its transaction) the verified reports are locked first, so a surrender running
 * meanwhile is either counted here or sees the penalty afterwards (and counts as correction); the
 * figures are read after the lock.
 */
async function planClosing(tx: Tx, year: number, provinces: string[], lock: boolean): Promise<ClosingPlan> {
  const cycle = await cycleOf(tx, year);
  const today = await marketDate(tx);
  if (today <= cycle.surrenderDeadline) throw fail('DEADLINE_NOT_PASSED', { year, deadline: cycle.surrenderDeadline, today });
  const policy = await policyOf(tx);
  const price = await averagePrice(tx, year, cycle.surrenderDeadline);
  const plan: ClosingPlan = { surrenderDeadline: cycle.surrenderDeadline, marketDate: today, rule: policy.penaltyRule, averagePrice: price, checked: new Map(), lines: [] };
  if (provinces.length === 0) return plan;

  const reports = await tx.$queryRaw<{ organisation_id: number; name: string; name_zh: string; province_code: string; industry: string | null; obligation: bigint }[]>`
    SELECT r.organisation_id, o.name, o.name_zh, o.province_code, o.industry, r.verified_emissions AS obligation
      FROM emission_report r JOIN organisation o ON o.id = r.organisation_id
     WHERE r.year = ${year} AND r.status = 'VERIFIED' AND o.province_code IN (${Prisma.join(provinces)})
     ORDER BY r.organisation_id ${lock ? Prisma.sql`FOR UPDATE OF r` : Prisma.empty}`;
  if (reports.length === 0) return plan;
  const ids = reports.map((r) => r.organisation_id);
  const credited = await tx.$queryRaw<{ organisation_id: number; surrendered: bigint }[]>`
    SELECT organisation_id, sum(credited_cea + credited_offset)::bigint AS surrendered
      FROM surrender WHERE year = ${year} AND organisation_id IN (${Prisma.join(ids)}) GROUP BY organisation_id`;
  const penalised = await tx.penalty.findMany({ where: { year, organisationId: { in: ids } }, select: { organisationId: true } });
  const surrenderedOf = new Map(credited.map((c) => [c.organisation_id, num(c.surrendered)]));
  const done = new Set(penalised.map((p) => p.organisationId));

  for (const r of reports) {
    plan.checked.set(r.province_code, (plan.checked.get(r.province_code) ?? 0) + 1);
    if (done.has(r.organisation_id)) continue;
    const obligation = num(r.obligation);
    const surrendered = surrenderedOf.get(r.organisation_id) ?? 0;
    const gap = shortfall(obligation, surrendered);
    if (gap === 0) continue;
    const range = surrenderFineRange(policy.penaltyRule, gap, price);
    plan.lines.push({
      organisationId: r.organisation_id, organisationName: r.name, organisationNameZh: r.name_zh, provinceCode: r.province_code, industry: r.industry,
      obligation, surrendered, shortfall: gap, rule: range.rule, averagePrice: price, fineMin: range.min, fineMax: range.max, fine: range.min,
      basis: range.basis, basisNote: note('BASIS_PENALTY', { rule: range.rule, averagePrice: price, shortfall: gap }),
      deduction: { toYear: year + 1, quantity: gap },
    });
  }
  return plan;
}

const totalsOf = (lines: ClosingLine[]): ClosingTotals => ({
  entities: lines.length,
  shortfall: lines.reduce((s, l) => s + l.shortfall, 0),
  fines: lines.reduce((s, l) => s.plus(l.fine), new Decimal(0)).toFixed(2),
  deductions: lines.reduce((s, l) => s + l.deduction.quantity, 0),
});

// ---------------------------------------------------------------------------------------------
// Closed provinces
// ---------------------------------------------------------------------------------------------

/** A province's close of a year: who and when (market time), and what it found. */
export interface YearClosed {
  closedAt: string;
  closedBy: { id: number; name: string };
  /** Entities with a verified obligation checked. */
  entities: number;
  penalties: number;
  shortfall: number;
  fines: string;
}

export interface ProvinceClosing extends ProvinceRef {
  /** Null while the year is open in the province. */
  closed: YearClosed | null;
}

async function closingsOf(client: Tx, year: number, provinces: ProvinceRef[]): Promise<ProvinceClosing[]> {
  const rows = await client.complianceYearClosing.findMany({ where: { year, provinceCode: { in: provinces.map((p) => p.code) } } });
  const users = await client.user.findMany({ where: { id: { in: rows.map((r) => r.closedById) } }, select: { id: true, name: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  return provinces.map((p) => {
    const r = rows.find((x) => x.provinceCode === p.code);
    return {
      ...p,
      closed: r
        ? { closedAt: r.closedAt.toISOString(), closedBy: { id: r.closedById, name: nameOf.get(r.closedById) ?? '' }, entities: r.entities, penalties: r.penalties, shortfall: num(r.shortfall), fines: money(r.fines) }
        : null,
    };
  });
}

/** The provinces where `year` is closed (the public report publishes them), with when. */
export async function closedProvinces(client: Tx, year: number): Promise<{ provinceCode: string; closedAt: string }[]> {
  const rows = await client.complianceYearClosing.findMany({ where: { year }, orderBy: { provinceCode: 'asc' }, select: { provinceCode: true, closedAt: true } });
  return rows.map((r) => ({ provinceCode: r.provinceCode, closedAt: r.closedAt.toISOString() }));
}

/** Whether `year` is closed anywhere (a closing recorded, or a penalty from before closings were recorded): its deadlines then stay. */
export async function isYearClosed(client: Tx, year: number): Promise<boolean> {
  return (await client.complianceYearClosing.count({ where: { year } })) > 0 || (await client.penalty.count({ where: { year } })) > 0;
}

// ---------------------------------------------------------------------------------------------
// Preview and close
// ---------------------------------------------------------------------------------------------

export interface ClosingPreview {
  year: number;
  /** The province asked for or the actor's (provincial); null: every province. */
  provinceCode: string | null;
  surrenderDeadline: string;
  marketDate: string;
  /** The penalty rule version in force, which the close applies. */
  rule: PenaltyRuleVersion;
  /** The average market price the fines are computed with. */
  averagePrice: string;
  provinces: ProvinceClosing[];
  /** Entities with a verified obligation in scope. */
  checked: number;
  /** Covered entities in scope without a verified report for the year: the close passes them by. */
  unverified: number;
  /** What the close would penalise now. */
  lines: ClosingLine[];
  totals: ClosingTotals;
  /** Penalties already recorded for the year in scope. */
  recorded: { penalties: number; shortfall: number; fines: string };
}

/** What closing the year would do now, for the regulator's scope (national: all, or one province). Writes nothing. */
export async function previewClosing(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<ClosingPreview> {
  const { provinceCode, provinces } = await provincesInScope(actor, 'compliance.close', opts.provinceCode);
  const codes = provinces.map((p) => p.code);
  const client = db();
  const plan = await planClosing(client, year, codes, false);
  const closings = await closingsOf(client, year, provinces);
  const inScope = codes.length ? Prisma.sql`o.province_code IN (${Prisma.join(codes)})` : Prisma.sql`false`;
  const [recorded] = await client.$queryRaw<{ penalties: bigint; shortfall: bigint | null; fines: { toString(): string } | null }[]>`
    SELECT count(*) AS penalties, sum(p.shortfall)::bigint AS shortfall, sum(p.fine) AS fines
      FROM penalty p JOIN organisation o ON o.id = p.organisation_id WHERE p.year = ${year} AND ${inScope}`;
  const [unverified] = await client.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM covered_entity c JOIN organisation o ON o.id = c.organisation_id
     WHERE ${inScope} AND c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year})
       AND NOT EXISTS (SELECT 1 FROM emission_report r WHERE r.organisation_id = c.organisation_id AND r.year = ${year} AND r.status = 'VERIFIED')`;
  return {
    year, provinceCode, surrenderDeadline: plan.surrenderDeadline, marketDate: plan.marketDate,
    rule: plan.rule, averagePrice: plan.averagePrice, provinces: closings,
    checked: [...plan.checked.values()].reduce((s, n) => s + n, 0), unverified: num(unverified?.n),
    lines: plan.lines, totals: totalsOf(plan.lines),
    recorded: { penalties: num(recorded?.penalties), shortfall: num(recorded?.shortfall), fines: money(recorded?.fines ?? '0') },
  };
}

export interface YearClosing {
  year: number;
  /** The penalties this close recorded. */
  penalties: PenaltyView[];
  deductions: { organisationId: number; toYear: number; quantity: number }[];
  totals: ClosingTotals;
  /** The provinces in scope, each closed now or before. */
  provinces: ProvinceClosing[];
}

/** Closes the year for the regulator's scope (national: all, or one province): what the preview shows, recorded. */
export async function closeComplianceYear(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<YearClosing> {
  const { provinces } = await provincesInScope(actor, 'compliance.close', opts.provinceCode);
  const codes = provinces.map((p) => p.code);
  return inTransaction(async (tx) => {
    // One close of a year at a time: two regulators closing at once neither double a penalty nor a closing.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`compliance-close:${year}`}))::text`;
    const plan = await planClosing(tx, year, codes, true);
    // Every penalty and every deduction of the close in one statement each (columns as arrays: any number of entities).
    const lines = plan.lines;
    let penaltyIds: number[] = [];
    if (lines.length > 0) {
      penaltyIds = (await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO penalty (organisation_id, year, rule, shortfall, average_price, fine_min, fine_max, fine, basis, created_by_id)
        SELECT v.organisation_id, ${year}::int, v.rule, v.shortfall, v.average_price, v.fine_min, v.fine_max, v.fine, v.basis, ${actor.userId}::int
          FROM unnest(${lines.map((l) => l.organisationId)}::int[], ${lines.map((l) => l.rule)}::text[], ${lines.map((l) => BigInt(l.shortfall))}::bigint[],
                      ${lines.map((l) => l.averagePrice)}::numeric[], ${lines.map((l) => l.fineMin)}::numeric[], ${lines.map((l) => l.fineMax)}::numeric[],
                      ${lines.map((l) => l.fine)}::numeric[], ${lines.map((l) => l.basis)}::text[])
            AS v(organisation_id, rule, shortfall, average_price, fine_min, fine_max, fine, basis)
        RETURNING id`).map((r) => r.id);
      await tx.$executeRaw`
        INSERT INTO allocation_deduction (organisation_id, from_year, to_year, quantity, created_by_id)
        SELECT v.organisation_id, ${year}::int, v.to_year, v.quantity, ${actor.userId}::int
          FROM unnest(${lines.map((l) => l.organisationId)}::int[], ${lines.map((l) => l.deduction.toYear)}::int[], ${lines.map((l) => BigInt(l.deduction.quantity))}::bigint[])
            AS v(organisation_id, to_year, quantity)`;
    }
    await notifyPenalties(tx, lines.map((l) => ({ organisationId: l.organisationId, year, shortfall: l.shortfall, fine: l.fine, deductionYear: l.deduction.toYear })));

    const events: AuditEvent[] = plan.lines.map((l) => ({
      action: 'compliance.penalty', targetType: 'organisation', targetId: l.organisationId,
      after: { year, rule: l.rule, shortfall: l.shortfall, averagePrice: l.averagePrice, fineMin: l.fineMin, fineMax: l.fineMax, fine: l.fine, deduction: l.deduction },
    }));
    const existing = await tx.complianceYearClosing.findMany({ where: { year, provinceCode: { in: codes } } });
    for (const code of codes) {
      const before = existing.find((e) => e.provinceCode === code);
      const added = plan.lines.filter((l) => l.provinceCode === code);
      if (before && added.length === 0) continue; // closed before, nothing new
      const [sums] = await tx.$queryRaw<{ penalties: bigint; shortfall: bigint | null; fines: { toString(): string } | null }[]>`
        SELECT count(*) AS penalties, sum(p.shortfall)::bigint AS shortfall, sum(p.fine) AS fines
          FROM penalty p JOIN organisation o ON o.id = p.organisation_id WHERE p.year = ${year} AND o.province_code = ${code}`;
      const counts = { entities: plan.checked.get(code) ?? 0, penalties: num(sums?.penalties), shortfall: BigInt(num(sums?.shortfall)), fines: money(sums?.fines ?? '0') };
      if (before) await tx.complianceYearClosing.update({ where: { year_provinceCode: { year, provinceCode: code } }, data: counts });
      else await tx.complianceYearClosing.create({ data: { year, provinceCode: code, closedById: actor.userId, ...counts } });
      events.push({
        action: 'compliance.close', targetType: 'compliance_year', targetId: `${year}:${code}`,
        before: before ? { entities: before.entities, penalties: before.penalties, shortfall: before.shortfall, fines: money(before.fines) } : undefined,
        after: { ...counts, added: added.length },
      });
    }
    const result: YearClosing = {
      year,
      penalties: await penaltyViews(tx, { id: { in: penaltyIds } }),
      deductions: plan.lines.map((l) => ({ organisationId: l.organisationId, ...l.deduction })),
      totals: totalsOf(plan.lines),
      provinces: await closingsOf(tx, year, provinces),
    };
    await recordAudits(tx, events.map((event) => ({ actor, event })));
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Penalties and their deductions
// ---------------------------------------------------------------------------------------------

export interface DeductionView {
  toYear: number;
  /** The shortfall scheduled at the close. */
  scheduled: number;
  /** Taken off by corrections (surrenders for the year after the close). */
  corrected: number;
  /** Deducted by allocation runs so far. */
  applied: number;
  /** Still to deduct: scheduled − corrected − applied. */
  remaining: number;
  status: DeductionStatus;
}

export interface PenaltyView extends Fine {
  provinceCode: string | null;
  year: number;
  /** When the close recorded it (market time). */
  imposedAt: string;
  deduction: DeductionView | null;
}

async function penaltyViews(client: Tx, where: Prisma.PenaltyWhereInput): Promise<PenaltyView[]> {
  const rows = await client.penalty.findMany({ where, orderBy: [{ organisationId: 'asc' }, { year: 'asc' }] });
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((p) => p.organisationId))];
  const orgs = await client.organisation.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, nameZh: true, provinceCode: true } });
  const deductions = await client.allocationDeduction.findMany({ where: { organisationId: { in: ids }, fromYear: { in: [...new Set(rows.map((p) => p.year))] } } });
  return rows.map((p) => {
    const org = orgs.find((o) => o.id === p.organisationId);
    const d = deductions.find((x) => x.organisationId === p.organisationId && x.fromYear === p.year);
    const rule = p.rule as PenaltyRuleVersion;
    const averagePrice = money(p.averagePrice);
    return {
      organisationId: p.organisationId, organisationName: org?.name ?? '', organisationNameZh: org?.nameZh ?? '', provinceCode: org?.provinceCode ?? null,
      year: p.year, rule, shortfall: num(p.shortfall), averagePrice, fineMin: money(p.fineMin), fineMax: money(p.fineMax), fine: money(p.fine),
      basis: p.basis, basisNote: note('BASIS_PENALTY', { rule, averagePrice, shortfall: num(p.shortfall) }), imposedAt: p.createdAt.toISOString(),
      deduction: d
        ? {
            toYear: d.toYear, scheduled: num(d.quantity) + num(d.corrected), corrected: num(d.corrected), applied: num(d.applied),
            remaining: num(d.quantity) - num(d.applied), status: d.status,
          }
        : null,
    };
  });
}

/**
 * Penalties of a year: an entity its own; a regulator its province's (national: all, or the
 * province named).
 */
export async function listPenalties(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<PenaltyView[]> {
  if (opts.provinceCode) {
    const { provinces } = await provincesInScope(actor, 'compliance.oversee', opts.provinceCode);
    const orgs = await db().organisation.findMany({ where: { provinceCode: { in: provinces.map((p) => p.code) } }, select: { id: true } });
    return penaltyViews(db(), { year, organisationId: { in: orgs.map((o) => o.id) } });
  }
  // Regulators (their scope) and covered entities (their own).
  const scope = authorize(actor, 'compliance.statusRead');
  if (scope === 'own' && actor.organisationKind !== 'COMPLIANCE_ENTITY') throw fail('FORBIDDEN', { reason: 'COVERED_ENTITIES_ONLY' });
  return penaltyViews(db(), { year, organisationId: await organisationScope(actor) });
}

// ---------------------------------------------------------------------------------------------
// Correction after the close
// ---------------------------------------------------------------------------------------------

export interface CorrectionView {
  year: number;
  /** Tonnes this surrender credited against the obligation. */
  credited: number;
  /** Tonnes the scheduled deduction was lowered by (at most what was not yet deducted). */
  reducedBy: number;
  deduction: DeductionView;
  /** The fine stands. */
  fine: string;
}

/**
 * A surrender for `year` credited `credited` t after the year was closed for the entity (it has a
 * penalty): the deduction scheduled from the next year's allocation goes down by the tonnes
 * credited, never below what allocation runs already deducted. The fine stands. Runs in the
 * surrender's transaction (after its report lock); null when the entity has no penalty for the
 * year. Returns the audit event to record with the surrender's.
 */
export async function correctAfterClose(tx: Tx, organisationId: number, year: number, credited: number): Promise<{ correction: CorrectionView; event: AuditEvent | null } | null> {
  if (credited <= 0) return null;
  const penalty = await tx.penalty.findUnique({ where: { organisationId_year: { organisationId, year } } });
  if (!penalty) return null;
  const [d] = await tx.$queryRaw<{ id: number; to_year: number; quantity: bigint; applied: bigint; corrected: bigint }[]>`
    SELECT id, to_year, quantity, applied, corrected FROM allocation_deduction WHERE organisation_id = ${organisationId} AND from_year = ${year} FOR UPDATE`;
  if (!d) return null;
  const applied = num(d.applied);
  const reducedBy = Math.min(credited, num(d.quantity) - applied);
  const quantity = num(d.quantity) - reducedBy;
  const corrected = num(d.corrected) + reducedBy;
  const status: DeductionStatus = quantity > applied ? 'SCHEDULED' : applied > 0 ? 'APPLIED' : 'CORRECTED';
  if (reducedBy > 0) await tx.allocationDeduction.update({ where: { id: d.id }, data: { quantity: BigInt(quantity), corrected: BigInt(corrected), status } });
  const deduction: DeductionView = { toYear: d.to_year, scheduled: quantity + corrected, corrected, applied, remaining: quantity - applied, status };
  const correction: CorrectionView = { year, credited, reducedBy, deduction, fine: money(penalty.fine) };
  return {
    correction,
    event: reducedBy > 0
      ? { action: 'compliance.correction', targetType: 'allocation_deduction', targetId: d.id, before: { quantity: num(d.quantity), corrected: num(d.corrected), applied }, after: { ...correction, organisationId } }
      : null,
  };
}
