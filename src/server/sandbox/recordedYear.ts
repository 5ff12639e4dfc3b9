import Decimal from 'decimal.js';
import { db } from '@/db/client';
import { fuelSwitchPrice, withFuelSwitchDefaults } from '@/domain/analysis/fuelSwitch';
import { problem } from '@/domain/problems';
import type { RecordedEntity, RecordedYear } from '@/domain/sandbox/scenario';
import { fail } from '../errors';
import { installationData, rulesOf } from '../compliance/allocation';
import { cycleOf, policyOf } from '../compliance/cycle';
import { marketTimeNow, measuredAt, provinceFilter } from '../analytics/scope';
import { liveSupplyLines, snapshotSupplyLines, snapshottedYears } from '../analytics/supplySnapshot';
import { ownerCoveredIn } from '../registry/ccerProjects';

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

/**
 * A recorded compliance year as the sandbox replays it (src/domain/sandbox/scenario.ts), read from
 * the platform's own records — every province's covered entities, or one province's:
 * - the entities covered in the year, their active installations, the year's verified reports
 *   (emissions and outputs) and last year's outputs (what its pre-allocation was computed on);
 * - the year's industry rules, cap and budgets, and the compliance policy in force;
 * - what the confirmed allocation runs of the year issued and deducted, and what was surrendered;
 * - the allowances banked into the year: CEA held at the end of the previous year's surrender
 *   deadline (the supply analysis's "held" figure, from its snapshot once taken), and the eligible
 *   CCER held then, by the project's province;
 * - the auctions of the year's vintage, the latest market close and the latest fuel-switch price.
 * Read-only, one statement at a time on the pool.
 */
export async function loadRecordedYear(year: number, provinceCode: string | null): Promise<RecordedYear> {
  const client = db();
  const covered = await client.$queryRaw<{ organisation_id: number; name: string; name_zh: string; province_code: string; industry: string | null; account_id: number | null }[]>`
    SELECT DISTINCT ON (c.organisation_id) c.organisation_id, o.name, o.name_zh, c.province_code, o.industry, a.id AS account_id
      FROM covered_entity c
      JOIN organisation o ON o.id = c.organisation_id
      LEFT JOIN registry_account a ON a.organisation_id = c.organisation_id
     WHERE c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year}) ${provinceFilter('c.province_code', provinceCode)}
     ORDER BY c.organisation_id, c.from_year DESC`;
  const rules = [...(await rulesOf(client, year)).values()];
  const ids = covered.map((c) => c.organisation_id);
  const accounts = covered.flatMap((c) => (c.account_id === null ? [] : [c.account_id]));
  const orgOfAccount = new Map(covered.flatMap((c) => (c.account_id === null ? [] : [[c.account_id, c.organisation_id] as const])));

  const installations = await client.installation.findMany({ where: { organisationId: { in: ids }, active: true }, orderBy: { code: 'asc' } });
  const reports = await client.emissionReport.findMany({
    where: { organisationId: { in: ids }, year: { in: [year - 1, year] } },
    select: { organisationId: true, year: true, status: true, verifiedEmissions: true, outputs: true },
  });
  const runs = await client.$queryRaw<{ organisation_id: number; issued: bigint; deducted: bigint; true_up: boolean }[]>`
    SELECT l.organisation_id, sum(coalesce(l.moved, l.quantity))::bigint AS issued, sum(l.deduction)::bigint AS deducted, bool_or(r.kind = 'TRUE_UP') AS true_up
      FROM allocation_line l JOIN allocation_run r ON r.id = l.run_id
     WHERE r.status = 'CONFIRMED' AND r.year = ${year} AND l.organisation_id = ANY(${ids}::int[])
     GROUP BY l.organisation_id`;
  const scheduled = await client.$queryRaw<{ organisation_id: number; due: bigint }[]>`
    SELECT organisation_id, sum(quantity - applied)::bigint AS due FROM allocation_deduction
     WHERE status = 'SCHEDULED' AND to_year <= ${year} AND organisation_id = ANY(${ids}::int[])
     GROUP BY organisation_id`;
  const surrendered = await client.$queryRaw<{ organisation_id: number; credited: bigint }[]>`
    SELECT organisation_id, sum(credited_cea + credited_offset)::bigint AS credited FROM surrender
     WHERE year = ${year} AND organisation_id = ANY(${ids}::int[]) GROUP BY organisation_id`;

  // Banked into the year: held at the end of the previous year's surrender deadline.
  const start = { year: year - 1, ...measuredAt((await cycleOf(client, year - 1)).surrenderDeadline, await marketTimeNow()) };
  const fixed = await snapshottedYears([start]);
  const held = await client.$queryRaw<{ account_id: number; vintage: number; quantity: bigint }[]>`
    SELECT l.account_id, l.vintage, l.quantity
      FROM (${fixed.has(start.year) ? snapshotSupplyLines('HELD', [start.year]) : liveSupplyLines('HELD', [start])}) l
     WHERE l.account_id = ANY(${accounts}::int[]) AND l.quantity > 0`;
  const ccer = await client.$queryRaw<{ account_id: number; in_province: bigint | null; outside: bigint | null }[]>`
    SELECT lp.account_id,
           sum(lp.quantity) FILTER (WHERE p.province_code = o.province_code)::bigint AS in_province,
           sum(lp.quantity) FILTER (WHERE p.province_code IS DISTINCT FROM o.province_code)::bigint AS outside
      FROM ccer_lot_posting lp
      JOIN journal_entry j ON j.id = lp.entry_id AND j.created_at <= ${start.at}
      JOIN ccer_project p ON p.id = lp.project_id
      JOIN registry_account a ON a.id = lp.account_id
      JOIN organisation o ON o.id = a.organisation_id
     WHERE lp.account_id = ANY(${accounts}::int[]) AND lp.vintage <= ${year} AND NOT ${ownerCoveredIn(year)}
     GROUP BY lp.account_id`;

  const plan = await client.allocationPlan.findUnique({ where: { year }, select: { nationalCap: true } });
  const budgets = await client.provinceBudget.findMany({ where: { year, ...(provinceCode ? { provinceCode } : {}) } });
  const policy = await policyOf(client);
  const auction = await client.$queryRaw<{ quantity: bigint | null; reserve: string | null }[]>`
    SELECT sum(quantity)::bigint AS quantity, (array_agg(reserve_price::text ORDER BY closes_at DESC))[1] AS reserve
      FROM auction WHERE instrument = 'CEA' AND vintage = ${year} AND status = 'SETTLED'`;
  const close = await client.$queryRaw<{ close: string | null }[]>`
    SELECT coalesce(
      (SELECT close::text FROM daily_bar WHERE symbol LIKE 'CEA-%' ORDER BY trading_day DESC, volume + block_volume DESC, symbol DESC LIMIT 1),
      (SELECT coalesce(previous_close, reference_price)::text FROM trading_instrument WHERE instrument = 'CEA' ORDER BY vintage DESC LIMIT 1)) AS close`;
  const fuel = await client.fuelPrice.findFirst({ orderBy: { date: 'desc' } });

  const reportByKey = new Map(reports.map((r) => [`${r.organisationId}:${r.year}`, r]));
  const reportOf = (id: number, y: number) => reportByKey.get(`${id}:${y}`);
  const installationsOf = new Map<number, typeof installations>();
  for (const i of installations) {
    const mine = installationsOf.get(i.organisationId);
    if (mine) mine.push(i);
    else installationsOf.set(i.organisationId, [i]);
  }
  const runOf = new Map(runs.map((r) => [r.organisation_id, r]));
  const dueOf = new Map(scheduled.map((d) => [d.organisation_id, num(d.due)]));
  const surrenderedOf = new Map(surrendered.map((s) => [s.organisation_id, num(s.credited)]));
  const bankedOf = new Map<number, RecordedEntity['banked']>();
  for (const h of held) {
    const org = orgOfAccount.get(h.account_id)!;
    bankedOf.set(org, [...(bankedOf.get(org) ?? []), { vintage: h.vintage, quantity: num(h.quantity) }].sort((a, b) => a.vintage - b.vintage));
  }
  const ccerOf = new Map(ccer.map((c) => [orgOfAccount.get(c.account_id)!, { inProvince: num(c.in_province), outsideProvince: num(c.outside) }]));

  const entities: RecordedEntity[] = covered.map((c) => {
    const verified = reportOf(c.organisation_id, year);
    const run = runOf.get(c.organisation_id);
    // A year whose true-up ran replays the deductions it applied; before it, those still due.
    const deducted = num(run?.deducted);
    return {
      organisationId: c.organisation_id, name: c.name, nameZh: c.name_zh, provinceCode: c.province_code, industry: c.industry,
      installations: (installationsOf.get(c.organisation_id) ?? []).map(installationData),
      outputs: verified?.status === 'VERIFIED' ? ((verified.outputs ?? {}) as Record<string, string>) : undefined,
      previousOutputs: (reportOf(c.organisation_id, year - 1)?.outputs ?? undefined) as Record<string, string> | undefined,
      verifiedEmissions: verified?.status === 'VERIFIED' && verified.verifiedEmissions !== null ? num(verified.verifiedEmissions) : null,
      deductionDue: run?.true_up ? deducted : deducted + (dueOf.get(c.organisation_id) ?? 0),
      banked: bankedOf.get(c.organisation_id) ?? [],
      ccer: ccerOf.get(c.organisation_id) ?? { inProvince: 0, outsideProvince: 0 },
      recordedIssued: num(run?.issued), recordedSurrendered: surrenderedOf.get(c.organisation_id) ?? 0,
    };
  });

  const fuelSwitch = fuel
    ? fuelSwitchPrice(withFuelSwitchDefaults({ coalPrice: new Decimal(fuel.coalPrice.toString()).toFixed(2), gasPrice: new Decimal(fuel.gasPrice.toString()).toFixed(4) })).theoreticalPrice
    : null;
  return {
    year, provinceCode, nationalCap: plan ? num(plan.nationalCap) : null,
    budgets: Object.fromEntries(budgets.map((b) => [b.provinceCode, num(b.budget)])),
    rules, offsetShare: policy.offsetShare, outsideProvinceShare: null, banking: policy.banking, penaltyRule: policy.penaltyRule,
    auction: { quantity: num(auction[0]?.quantity), reservePrice: auction[0]?.reserve ? new Decimal(auction[0].reserve).toFixed(2) : null },
    prices: { close: close[0]?.close ? new Decimal(close[0].close).toFixed(2) : null, fuelSwitch },
    entities,
  };
}

/**
 * Whether the year can be replayed in the scope — it has covered entities and industry rules
 * (else 422 SCENARIO_YEAR_NOT_RECORDED) — and the changes name only rules and provinces it has
 * (else 400, by field). Three small reads, not the whole year.
 */
export async function requireReplayable(year: number, provinceCode: string | null, changes: { rules?: Record<string, unknown>; budgets?: Record<string, unknown> }): Promise<void> {
  const client = db();
  const covered = await client.$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM covered_entity c WHERE c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year}) ${provinceFilter('c.province_code', provinceCode)}) AS any`;
  const rules = new Set((await client.industryRule.findMany({ where: { year }, select: { code: true } })).map((r) => r.code));
  if (!covered[0]?.any || rules.size === 0) throw fail('SCENARIO_YEAR_NOT_RECORDED', { year });
  for (const code of Object.keys(changes.rules ?? {})) {
    if (!rules.has(code)) throw fail('INVALID_INPUT', {}, { [`changes.rules.${code}`]: problem('SCENARIO_UNKNOWN', { what: 'rule', code }) });
  }
  const budgets = new Set((await client.provinceBudget.findMany({ where: { year, ...(provinceCode ? { provinceCode } : {}) }, select: { provinceCode: true } })).map((b) => b.provinceCode));
  for (const code of Object.keys(changes.budgets ?? {})) {
    if (!budgets.has(code)) throw fail('INVALID_INPUT', {}, { [`changes.budgets.${code}`]: problem('SCENARIO_UNKNOWN', { what: 'province', code }) });
  }
}
