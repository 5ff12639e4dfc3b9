import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET } from '@/app/api/v1/balance-sheet/route';
import { PUT } from '@/app/api/v1/balance-sheet/forecast/[year]/route';
import { balanceSheetResponseSchema } from '@/schemas/analytics';
import { balanceSheet, setEmissionForecast } from '@/server/analytics/balanceSheet';
import { saveIndustryRule } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectRefused, listInstrument } from '../../support/trading';

/**
 * The carbon balance sheet on real PostgreSQL, figures by hand (DOMAIN §6's worked example and a
 * forecast). The test clock stands at 2026-11-16: the 2025 year is due on 2026-12-31 (45 days), the
 * running year 2026 on 2027-12-31.
 *
 *   held: CEA-2025 800,000 at 50.00; CCER-2023 60,000 (eligible) at 40.00 → 42,400,000.00
 *   2025: verified 1,000,000 → 800,000 CEA + 50,000 CCER (5 % cap), short 150,000 → value 50,000,000.00
 *   2026: months 1–10 at 90,000 entered → forecast 1,080,000; CCER left 10,000 → short 1,070,000
 *         (no CEA-2026 instrument: valued at the newest CEA close, 50.00) → 54,000,000.00
 */
let reg: Registry;
let entity: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { province: 'GD', cea: { 2025: 800_000 }, ccer: { 2023: 60_000 } });
  await db().organisation.update({ where: { id: entity.organisationId }, data: { industry: 'POWER' } });
  await saveIndustryRule(reg.mee, 2025, 'POWER_HIST', {
    industry: 'POWER', name: 'Power (historical emissions)', nameZh: '电力历史法', method: 'HISTORICAL_EMISSIONS', outputUnit: 't',
    declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0',
  });
  await addCoveredEntity(reg.regulators.GD, { organisationId: entity.organisationId, fromYear: 2021, basisYear: 2020, annualEmissions: 900_000 });
  // The report window of 2025 held open for the test (reports are due by 31 March); the surrender deadline stays 31 December 2026.
  await db().complianceCycle.create({ data: { year: 2025, reportDeadline: new Date('2026-12-31T00:00:00Z'), surrenderDeadline: new Date('2026-12-31T00:00:00Z') } });
  const report = await fileReport(entity.actor, 2025, { lines: [{ source: 'Boilers', gas: 'CO2', quantity: '1000000' }], outputs: {} });
  await verifyReport(reg.regulators.GD, 2025, report.id, { decision: 'CONFIRM' });
  await listInstrument(reg, 2025, '50.00');
  await listInstrument(reg, 2023, '40.00', 'CCER');
});

describe('the carbon balance sheet', () => {
  it('refuses figures for months that have not begun, and keeps those that have', async () => {
    await expectRefused(setEmissionForecast(entity.actor, 2026, { months: [{ month: 12, emissions: 90_000 }] }), 'FORECAST_MONTH_AHEAD', 422);
    await expectRefused(setEmissionForecast(reg.regulators.GD, 2026, { months: [] }), 'FORBIDDEN', 403);
    const r = await call(PUT, {
      method: 'PUT', path: '/api/v1/balance-sheet/forecast/2026', token: await tokenFor(entity.actor), params: { year: '2026' },
      body: { months: Array.from({ length: 10 }, (_, i) => ({ month: i + 1, emissions: 90_000 })) },
    });
    expect(r.status).toBe(200);
    expect(r.body.months).toHaveLength(10);
    expect(await db().auditLog.count({ where: { action: 'balanceSheet.forecast' } })).toBe(1);
  });

  it('sets the holdings against the open obligations, in tonnes and CNY', async () => {
    const b = await balanceSheet(entity.actor, { price: '80' });
    expect(b.assets.map((a) => [a.symbol, a.total, a.price, a.value])).toEqual([
      ['CEA-2025', 800_000, '50.00', '40000000.00'],
      ['CCER-2023', 60_000, '40.00', '2400000.00'],
    ]);
    expect(b.assetsValue).toBe('42400000.00');
    expect(b.eligibleCcer).toBe(60_000);
    expect(b.liabilities.map((l) => [l.year, l.basis, l.obligation, l.remaining, l.coveredByCea, l.coveredByCcer, l.shortfall, l.value, l.daysLeft])).toEqual([
      [2025, 'VERIFIED', 1_000_000, 1_000_000, 800_000, 50_000, 150_000, '50000000.00', 45],
      [2026, 'MONTHLY', 1_080_000, 1_080_000, 0, 10_000, 1_070_000, '54000000.00', 410],
    ]);
    expect(b).toMatchObject({
      liabilitiesValue: '104000000.00', netValue: '-61600000.00', netTonnes: -1_220_000, shortfall: 1_220_000,
      price: '50.00', costToClose: '61000000.00', askedPrice: '80.00', costAtAskedPrice: '97600000.00',
      nextDeadline: { year: 2025, date: '2026-12-31', daysLeft: 45 },
    });
  });

  it('lets the entity’s regulator read it, not another province’s, and answers over HTTP', async () => {
    expect((await balanceSheet(reg.regulators.GD, { organisationId: entity.organisationId })).netTonnes).toBe(-1_220_000);
    await expectRefused(balanceSheet(reg.regulators.HB, { organisationId: entity.organisationId }), 'FORBIDDEN', 403);
    await expectRefused(balanceSheet(reg.regulators.GD), 'INVALID_INPUT', 400);
    const investor = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR' });
    await expectRefused(balanceSheet(investor.actor), 'FORBIDDEN', 403);

    const ok = await call(GET, { path: '/api/v1/balance-sheet?price=80', token: await tokenFor(entity.actor) });
    expect(ok.status).toBe(200);
    expect(balanceSheetResponseSchema.parse(ok.body).costAtAskedPrice).toBe('97600000.00');
    const gd = await tokenFor(reg.regulators.GD);
    expect((await call(GET, { path: '/api/v1/balance-sheet', token: gd })).status).toBe(400);
    expect((await call(GET, { path: `/api/v1/balance-sheet?organisationId=${entity.organisationId}&price=abc`, token: gd })).status).toBe(400);
    expect((await call(GET, { path: `/api/v1/balance-sheet?organisationId=${entity.organisationId}`, token: await tokenFor(reg.regulators.HB) })).status).toBe(403);
  });
});
