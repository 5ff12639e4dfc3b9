import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { GET as listRoute, POST as createRoute } from '@/app/api/v1/sandbox/scenarios/route';
import { DELETE as deleteRoute, GET as getRoute } from '@/app/api/v1/sandbox/scenarios/[id]/route';
import { POST as runRoute } from '@/app/api/v1/sandbox/scenarios/[id]/run/route';
import { GET as resultRoute } from '@/app/api/v1/sandbox/scenarios/[id]/result/route';
import { loadActor } from '@/server/identity/actor';
import { scenarioListSchema, scenarioResultSchema, scenarioViewSchema } from '@/schemas/sandbox';
import { tokenFor } from '../../support/fixtures';
import { call } from '../../support/http';
import { tableDigests } from '../http/helpers';

/**
 * The policy sandbox on the demo's recorded years (issue 15): the unchanged scenario reproduces
 * what the confirmed allocation runs issued, entity by entity and as the ledger holds it; a run
 * touches no table but the scenario's own; the same scenario gives the same result; a lower cap
 * moves the deficits; scenarios are shared read-only within the regulators' scope.
 */

const tokens = {} as Record<'mee' | 'mee2' | 'gd' | 'hb' | 'entity', string>;
const tokenOf = async (email: string) => tokenFor(await loadActor((await db().user.findUniqueOrThrow({ where: { email } })).id));

beforeAll(async () => {
  await seedDemoData();
  tokens.mee = await tokenOf('mee@demo.cn');
  tokens.mee2 = await tokenOf('mee2@demo.cn');
  tokens.gd = await tokenOf('gd.regulator@demo.cn');
  tokens.hb = await tokenOf('hb.regulator@demo.cn');
  tokens.entity = await tokenOf('gd.power@demo.cn');
}, 240_000);

const create = (token: string, body: unknown) => call(createRoute, { path: '/api/v1/sandbox/scenarios', token, body });
const run = (token: string, id: number) => call(runRoute, { method: 'POST', path: `/api/v1/sandbox/scenarios/${id}/run`, token, params: { id: String(id) } });
const get = (token: string, id: number) => call(getRoute, { path: `/api/v1/sandbox/scenarios/${id}`, token, params: { id: String(id) } });
const result = async (token: string, id: number) => {
  const res = await call(resultRoute, { path: `/api/v1/sandbox/scenarios/${id}/result`, token, params: { id: String(id) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return scenarioResultSchema.parse(res.body);
};

describe('the policy sandbox on the demo\'s recorded years', () => {
  it('replays 2024 unchanged: every entity is issued exactly what the confirmed runs issued, as the ledger holds it', async () => {
    const created = await create(tokens.mee, { name: 'Policy in force, 2024', year: 2024 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const scenario = scenarioViewSchema.parse(created.body);
    expect(scenario).toMatchObject({ year: 2024, provinceCode: null, mine: true, ranAt: null, summary: null });
    expect((await run(tokens.mee, scenario.id)).status).toBe(200);
    const r = await result(tokens.mee, scenario.id);

    const ledger = await db().$queryRaw<{ organisation_id: number; issued: bigint }[]>`
      SELECT a.organisation_id, sum(p.quantity)::bigint AS issued
        FROM journal_entry j JOIN unit_posting p ON p.entry_id = j.id JOIN registry_account a ON a.id = p.account_id
       WHERE j.type IN ('ALLOCATION', 'DEDUCTION') AND p.instrument = 'CEA' AND p.vintage = 2024 AND a.type = 'PARTICIPANT'
       GROUP BY 1`;
    const issuedOf = new Map(ledger.map((l) => [l.organisation_id, Number(l.issued)]));
    expect(r.entities.length).toBeGreaterThan(5);
    expect(r.entities.filter((e) => e.issued > 0).length).toBeGreaterThan(5);
    for (const e of r.entities) {
      expect(e.issued, e.name).toBe(e.recordedIssued);
      expect(e.issued, e.name).toBe(issuedOf.get(e.organisationId) ?? 0);
      expect(e.baselineIssued).toBe(e.issued);
    }
    expect(r.scenario).toEqual(r.baseline);
    expect(r.scenario.totals.issued).toBe(r.scenario.totals.recordedIssued);
  }, 60_000);

  it('a run writes nothing but its own result, and the same scenario on the same records gives the same result', async () => {
    const created = scenarioViewSchema.parse((await create(tokens.mee, {
      name: 'Tighter 2025', year: 2025,
      changes: { cap: { mode: 'PERCENT', percent: '-10' }, offsets: { share: '0.03' }, banking: { carryOverDiscount: '0.8' }, price: { kind: 'TYPED', price: '90.00' } },
    })).body);
    const before = await tableDigests();
    const audits = await db().auditLog.count();
    expect((await run(tokens.mee, created.id)).status).toBe(200);
    const after = await tableDigests();
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    expect(changed).toEqual(['sandbox_scenario']);
    expect(await db().auditLog.count()).toBe(audits);

    const first = await result(tokens.mee, created.id);
    expect((await run(tokens.mee, created.id)).status).toBe(200);
    const second = await result(tokens.mee, created.id);
    expect({ ...second, ranAt: null }).toEqual({ ...first, ranAt: null });
  }, 60_000);

  it('a 10 % lower cap gives every entity 10 % less, and the deficits and their cost grow', async () => {
    const created = scenarioViewSchema.parse((await create(tokens.mee, { name: 'Cap −10 %', year: 2024, changes: { cap: { mode: 'PERCENT', percent: '-10' } } })).body);
    const view = scenarioViewSchema.parse((await run(tokens.mee, created.id)).body);
    const { scenario, baseline } = view.summary!;
    expect(scenario.market.cap).toBe(Math.round(baseline.market.cap! * 0.9));
    for (const b of scenario.market.budgets) {
      const before = baseline.market.budgets.find((x) => x.provinceCode === b.provinceCode)!;
      expect(b.budget).toBe(Math.round(before.budget! * 0.9));
      expect(b.correction).toBe('0.900000');
    }
    expect(scenario.totals.allocation).toBeLessThan(baseline.totals.allocation);
    expect(scenario.totals.deficit).toBeGreaterThan(baseline.totals.deficit);
    expect(scenario.totals.short).toBeGreaterThan(baseline.totals.short);
    expect(Number(scenario.totals.cost)).toBeGreaterThan(Number(baseline.totals.cost));
  }, 60_000);

  it('shares a province\'s scenario read-only with the regulators of its scope', async () => {
    const created = await create(tokens.gd, { name: 'Guangdong paid share', year: 2024, changes: { rules: {} } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = scenarioViewSchema.parse(created.body).id;
    expect(created.body.provinceCode).toBe('GD');
    // Not run yet: no result.
    const early = await call(resultRoute, { path: `/api/v1/sandbox/scenarios/${id}/result`, token: tokens.gd, params: { id: String(id) } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('SCENARIO_NOT_RUN');
    // The national regulator reads it, but neither runs nor deletes it; Hubei does not see it.
    expect((await get(tokens.mee, id)).body.mine).toBe(false);
    expect((await run(tokens.mee, id)).body.error).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call(deleteRoute, { method: 'DELETE', path: `/api/v1/sandbox/scenarios/${id}`, token: tokens.mee, params: { id: String(id) } })).status).toBe(403);
    expect((await get(tokens.hb, id)).status).toBe(403);
    const hbList = scenarioListSchema.parse((await call(listRoute, { path: '/api/v1/sandbox/scenarios', token: tokens.hb })).body);
    expect(hbList.items.map((s) => s.id)).not.toContain(id);
    const meeList = scenarioListSchema.parse((await call(listRoute, { path: '/api/v1/sandbox/scenarios', token: tokens.mee })).body);
    expect(meeList.items.map((s) => s.id)).toContain(id);
    // Its creator runs and deletes it (audited).
    expect((await run(tokens.gd, id)).status).toBe(200);
    const r = await result(tokens.gd, id);
    expect(new Set(r.entities.map((e) => e.provinceCode))).toEqual(new Set(['GD']));
    const deleted = await call(deleteRoute, { method: 'DELETE', path: `/api/v1/sandbox/scenarios/${id}`, token: tokens.gd, params: { id: String(id) } });
    expect(deleted.status).toBe(200);
    expect((await get(tokens.gd, id)).status).toBe(404);
    expect(await db().auditLog.count({ where: { targetType: 'sandbox_scenario', targetId: String(id) } })).toBe(2);
  }, 60_000);

  it('refuses what it cannot replay, outside its scope, or from a non-regulator, and changes nothing', async () => {
    const other = await create(tokens.gd, { name: 'Hubei from Guangdong', year: 2024, provinceCode: 'HB' });
    expect(other.status).toBe(403);
    const entity = await create(tokens.entity, { name: 'Mine', year: 2024 });
    expect(entity.status).toBe(403);
    const unknownRule = await create(tokens.mee, { name: 'No such rule', year: 2024, changes: { rules: { NO_SUCH_RULE: { benchmark: '0.5' } } } });
    expect(unknownRule.status).toBe(400);
    expect(unknownRule.body.error.fields).toHaveProperty(['changes.rules.NO_SUCH_RULE']);
    const empty = await create(tokens.mee, { name: 'Before the market', year: 2010 });
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('SCENARIO_YEAR_NOT_RECORDED');
    const bad = await create(tokens.mee, { name: 'x', year: 2024, changes: { cap: { mode: 'PERCENT', percent: '-150' } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['name', 'changes.cap.percent']));
    expect(await db().sandboxScenario.count({ where: { name: { in: ['Hubei from Guangdong', 'Mine', 'No such rule', 'Before the market', 'x'] } } })).toBe(0);
  }, 60_000);
});
