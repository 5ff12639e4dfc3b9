import { note } from '@/domain/notes';
import type { CoverageEndReason, Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { dueForRemoval, INCLUSION_THRESHOLD_T, qualifiesForInclusion } from '@/domain/compliance/coverage';
import { problem } from '@/domain/problems';
import type { CoverageAddCommand, CoverageRemoveCommand } from '@/schemas/allocation';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits } from '../audit/audit';
import { postEntries, unitMove } from '../registry/ledger';
import { systemAccountId } from '../registry/accounts';
import { marketNow, inTransaction, type Tx } from '../tx';
import { marketDate } from './cycle';

/**
 * The covered-entity list (重点排放单位名录), kept by each provincial regulator: an entity of a
 * covered industry is added once its annual emissions reach 26,000 tCO2e; it is removed after two
 * consecutive years below that, or when it stops operating. A removed entity's leftover CEA stay
 * tradable until the transition date the regulator sets; at the first day end after it they are
 * cancelled automatically (an EXPIRY movement to the cancellation account).
 *
 * Covered industries are those with allocation rules (any year). Membership is a period
 * [fromYear, toYear]; an entity removed and later re-added has two periods.
 */

export interface CoverageView {
  organisationId: number;
  name: string;
  nameZh: string;
  provinceCode: string | null;
  industry: string | null;
  covered: boolean;
  fromYear: number | null;
  toYear: number | null;
  endReason: CoverageEndReason | null;
  transitionUntil: string | null;
  expiredAt: string | null;
  /** Verified emissions of the recent years, oldest first. */
  recentEmissions: { year: number; verified: number }[];
  /** What the rules suggest for the year: add (qualifies, not listed) or remove (two years below). */
  suggestion: 'ADD' | 'REMOVE' | null;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

async function coveredIndustries(tx: Pick<Tx, 'industryRule'>): Promise<Set<string>> {
  return new Set((await tx.industryRule.findMany({ distinct: ['industry'], select: { industry: true } })).map((r) => r.industry));
}

/** The list of a year: every compliance entity in scope, whether covered that year, and the suggestion. */
export async function listCoveredEntities(actor: Actor, year: number): Promise<CoverageView[]> {
  const scope = authorize(actor, 'compliance.oversee');
  return coverageViews(year, { kind: 'COMPLIANCE_ENTITY', ...(scope === 'all' ? {} : { provinceCode: actor.provinceCode ?? '-' }) });
}

/** The views of the compliance entities `where` selects, for a year: three queries, however many entities. */
async function coverageViews(year: number, where: Prisma.OrganisationWhereInput): Promise<CoverageView[]> {
  const client = db();
  const orgs = await client.organisation.findMany({
    where,
    include: { coverage: { orderBy: { fromYear: 'desc' } } },
    orderBy: [{ provinceCode: 'asc' }, { name: 'asc' }],
  });
  const reports = await client.emissionReport.findMany({
    where: { organisationId: { in: orgs.map((o) => o.id) }, status: 'VERIFIED', year: { gte: year - 3, lte: year } }, orderBy: { year: 'asc' },
    select: { organisationId: true, year: true, verifiedEmissions: true },
  });
  const reportsOf = new Map<number, { year: number; verified: number }[]>();
  for (const r of reports) {
    const list = reportsOf.get(r.organisationId) ?? [];
    list.push({ year: r.year, verified: Number(r.verifiedEmissions) });
    reportsOf.set(r.organisationId, list);
  }
  const industries = await coveredIndustries(client);
  return orgs.map((o) => {
    const period = o.coverage.find((c) => c.fromYear <= year && (c.toYear === null || c.toYear >= year)) ?? null;
    const latest = o.coverage[0] ?? null;
    const recent = reportsOf.get(o.id) ?? [];
    const lastYear = recent.at(-1);
    const prior = recent.filter((r) => r.year === year - 2 || r.year === year - 1).map((r) => r.verified);
    const suggestion = period
      ? (period.toYear === null && prior.length === 2 && dueForRemoval(prior) ? 'REMOVE' : null)
      : (lastYear && qualifiesForInclusion(lastYear.verified, industries.has(o.industry ?? '')) ? 'ADD' : null);
    const shown = period ?? latest;
    return {
      organisationId: o.id, name: o.name, nameZh: o.nameZh, provinceCode: o.provinceCode, industry: o.industry, covered: period !== null,
      fromYear: shown?.fromYear ?? null, toYear: shown?.toYear ?? null, endReason: shown?.endReason ?? null,
      transitionUntil: day(shown?.transitionUntil ?? null), expiredAt: shown?.expiredAt?.toISOString() ?? null,
      recentEmissions: recent, suggestion,
    };
  });
}

/** One entity's view for a year, after a change by a regulator allowed to make it (the same view as in the list). */
async function coverageViewOf(organisationId: number, year: number): Promise<CoverageView> {
  return (await coverageViews(year, { id: organisationId }))[0]!;
}

async function entityInScope(tx: Tx, actor: Actor, organisationId: number) {
  authorize(actor, 'coverage.manage');
  const org = await tx.organisation.findUnique({ where: { id: organisationId } });
  if (!org) throw fail('NOT_FOUND', { what: 'organisation', id: organisationId });
  authorize(actor, 'coverage.manage', { provinceCode: org.provinceCode });
  if (org.kind !== 'COMPLIANCE_ENTITY') throw fail('NOT_A_COMPLIANCE_ENTITY', {}, { organisationId: problem('NOT_A_COMPLIANCE_ENTITY') });
  return org;
}

/** Adds an entity from `fromYear`: its emissions of the basis year (verified if reported) reach the threshold in a covered industry. */
export async function addCoveredEntity(actor: Actor, cmd: CoverageAddCommand): Promise<CoverageView> {
  const org = await inTransaction(async (tx) => {
    const org = await entityInScope(tx, actor, cmd.organisationId);
    await tx.$queryRaw`SELECT id FROM organisation WHERE id = ${org.id} FOR UPDATE`;
    const open = await tx.coveredEntity.findFirst({ where: { organisationId: org.id, toYear: null } });
    if (open) throw fail('ALREADY_COVERED', { name: org.name, nameZh: org.nameZh, since: open.fromYear });
    const report = await tx.emissionReport.findUnique({ where: { organisationId_year: { organisationId: org.id, year: cmd.basisYear } } });
    const verified = report?.status === 'VERIFIED' ? Number(report.verifiedEmissions) : null;
    const emissions = verified ?? cmd.annualEmissions;
    if (emissions === undefined) throw fail('EMISSIONS_REQUIRED', { year: cmd.basisYear }, { annualEmissions: problem('EMISSIONS_REQUIRED', { year: cmd.basisYear }) });
    const covered = (await coveredIndustries(tx)).has(org.industry ?? '');
    if (!covered) throw fail('INDUSTRY_NOT_COVERED', { industry: org.industry }, { organisationId: problem('INDUSTRY_NOT_COVERED', { industry: org.industry }) });
    if (!qualifiesForInclusion(emissions, covered)) {
      throw fail('BELOW_INCLUSION_THRESHOLD', { emissions, year: cmd.basisYear, threshold: INCLUSION_THRESHOLD_T }, { annualEmissions: problem('FIELD_AT_LEAST', { min: INCLUSION_THRESHOLD_T }) });
    }
    const basis = `${cmd.basisYear} emissions ${emissions} tCO2e (${verified !== null ? 'verified report' : 'regulator figure'}) ≥ ${INCLUSION_THRESHOLD_T} t, industry ${org.industry}`;
    const row = await tx.coveredEntity.create({ data: { organisationId: org.id, provinceCode: org.provinceCode!, fromYear: cmd.fromYear, basis, addedById: actor.userId } });
    await recordAudits(tx, [{ actor, event: { action: 'coverage.add', targetType: 'organisation', targetId: org.id, after: { coverage: row.id, fromYear: cmd.fromYear, basis } } }]);
    return org;
  });
  return coverageViewOf(org.id, cmd.fromYear);
}

/**
 * Removes an entity after `lastYear`: below the threshold in that year and the one before (verified
 * reports), or closure. Its leftover CEA stay tradable until `transitionUntil` (after today).
 */
export async function removeCoveredEntity(actor: Actor, organisationId: number, cmd: CoverageRemoveCommand): Promise<CoverageView> {
  const today = await marketDate();
  await inTransaction(async (tx) => {
    const org = await entityInScope(tx, actor, organisationId);
    const open = (await tx.$queryRaw<{ id: number; from_year: number }[]>`
      SELECT id, from_year FROM covered_entity WHERE organisation_id = ${org.id} AND to_year IS NULL FOR UPDATE`)[0];
    if (!open) throw fail('NOT_COVERED', { name: org.name, nameZh: org.nameZh });
    if (cmd.lastYear < open.from_year - 1) {
      throw fail('BEFORE_COVERAGE', { name: org.name, nameZh: org.nameZh, fromYear: open.from_year }, { lastYear: problem('FIELD_AT_LEAST', { min: String(open.from_year - 1) }) });
    }
    if (cmd.transitionUntil <= today) throw fail('TRANSITION_IN_PAST', { today }, { transitionUntil: problem('DATE_AFTER', { date: today }) });
    if (cmd.reason === 'BELOW_THRESHOLD') {
      const reports = await tx.emissionReport.findMany({
        where: { organisationId: org.id, status: 'VERIFIED', year: { in: [cmd.lastYear - 1, cmd.lastYear] } }, orderBy: { year: 'asc' }, select: { verifiedEmissions: true },
      });
      const figures = reports.map((r) => Number(r.verifiedEmissions));
      if (figures.length < 2 || !dueForRemoval(figures)) {
        const due = { previous: cmd.lastYear - 1, last: cmd.lastYear, threshold: INCLUSION_THRESHOLD_T };
        throw fail('NOT_DUE_FOR_REMOVAL', due, { reason: problem('NOT_DUE_FOR_REMOVAL', due) });
      }
    }
    await tx.coveredEntity.update({
      where: { id: open.id },
      data: { toYear: cmd.lastYear, endReason: cmd.reason, endNote: cmd.note ?? null, transitionUntil: new Date(`${cmd.transitionUntil}T00:00:00Z`), removedById: actor.userId, removedAt: await marketNow(tx) },
    });
    await recordAudits(tx, [{ actor, event: { action: 'coverage.remove', targetType: 'organisation', targetId: org.id, after: { coverage: open.id, ...cmd } } }]);
  });
  return coverageViewOf(organisationId, cmd.lastYear);
}

/**
 * Cancels the leftover CEA (every vintage, available units) of entities whose transition period
 * ended by the end of `day` (the date itself is still tradable), once each: one EXPIRY entry per entity to the cancellation account. Runs in
 * the caller's transaction (the day end); returns the number of entities expired.
 */
export async function expireTransitions(tx: Tx, day: string): Promise<number> {
  const due = await tx.$queryRaw<{ id: number; organisation_id: number; account_id: number | null; transition_until: string }[]>`
    SELECT c.id, c.organisation_id, a.id AS account_id, to_char(c.transition_until, 'YYYY-MM-DD') AS transition_until
      FROM covered_entity c LEFT JOIN registry_account a ON a.organisation_id = c.organisation_id
     WHERE c.transition_until <= ${day}::date AND c.expired_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM covered_entity n WHERE n.organisation_id = c.organisation_id AND n.to_year IS NULL)
     ORDER BY c.id FOR UPDATE OF c`;
  if (due.length === 0) return 0;
  const cancellation = await systemAccountId(tx, 'CANCELLATION');
  const withAccount = due.filter((d) => d.account_id !== null);
  const holdings = withAccount.length
    ? await tx.holding.findMany({ where: { accountId: { in: withAccount.map((d) => d.account_id!) }, instrument: 'CEA', available: { gt: 0 } }, orderBy: [{ accountId: 'asc' }, { vintage: 'asc' }] })
    : [];
  const entries = withAccount
    .map((d) => ({ d, legs: holdings.filter((h) => h.accountId === d.account_id).flatMap((h) => unitMove({ accountId: h.accountId, bucket: 'AVAILABLE' }, { accountId: cancellation, bucket: 'AVAILABLE' }, { instrument: 'CEA', vintage: h.vintage }, h.available)) }))
    .filter((e) => e.legs.length > 0);
  const ids = await postEntries(tx, entries.map((e) => ({
    type: 'EXPIRY' as const, memo: note('EXPIRY', { until: e.d.transition_until }), legalBasis: note('BASIS_COVERAGE_EXPIRY', {}),
    actorUserId: null, units: e.legs,
  })));
  const entryOf = new Map(entries.map((e, i) => [e.d.id, ids[i]!]));
  for (const d of due) await tx.coveredEntity.update({ where: { id: d.id }, data: { expiredAt: await marketNow(tx), expiryEntryId: entryOf.get(d.id) ?? null } });
  await recordAudits(tx, due.map((d) => ({ actor: null, event: { action: 'coverage.expire', targetType: 'organisation', targetId: d.organisation_id, after: { coverage: d.id, entry: entryOf.get(d.id)?.toString() ?? null } } })));
  return due.length;
}
