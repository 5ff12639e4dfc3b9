import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { fileReport, listReports, verifyReport } from '@/server/compliance/reports';
import { complianceStatusesOf, complianceStatusOf, surrender } from '@/server/compliance/surrenders';
import { closeComplianceYear, listPenalties } from '@/server/compliance/penalties';
import { freeze } from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused } from '../../support/trading';

/**
 * The compliance year 2025 for several entities, on real PostgreSQL: reports filed and verified
 * (one corrected), surrenders — one complete with an excess, one partial, CCER over the cap and a
 * future vintage refused, frozen units unavailable — statuses before and after the deadline, and
 * every vintage conserved at the end.
 */
let reg: Registry;
let gd: Participant;
let gd2: Participant;
let hb: Participant;
let quiet: Participant;
const YEAR = 2025;

async function setDeadlines(report: string, surrenderBy: string) {
  await db().complianceCycle.upsert({
    where: { year: YEAR },
    update: { reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) },
    create: { year: YEAR, reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) },
  });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gd = await createParticipant(reg, { province: 'GD', cea: { 2024: 300_000, 2025: 800_000, 2026: 100_000 }, ccer: { 2023: 80_000 } });
  gd2 = await createParticipant(reg, { province: 'GD', cea: { 2025: 500_000 } });
  hb = await createParticipant(reg, { province: 'HB', cea: { 2025: 10_000 } });
  quiet = await createParticipant(reg, { province: 'GD', cea: { 2025: 10_000 } });
  await setDeadlines('2099-03-31', '2099-12-31');
});

describe('reports and verification', () => {
  it('an entity files (and files again) its report; tCO2e come from the GWP table', async () => {
    const first = await fileReport(gd.actor, YEAR, { lines: [{ source: 'Unit 1 boiler', gas: 'CO2', quantity: '900000' }], outputs: {} });
    expect(first.reportedCo2e).toBe(900_000);
    const again = await fileReport(gd.actor, YEAR, {
      lines: [{ source: 'Unit 1 boiler', gas: 'CO2', quantity: '900000' }, { source: 'Coal yard', gas: 'CH4', quantity: '1000' }],
      outputs: {},
    });
    // 900,000 t CO2 + 1,000 t CH4 × 25 (the policy's default table, IPCC AR4); each line keeps its factor and tCO2e.
    expect(again).toMatchObject({ id: first.id, reportedCo2e: 925_000, status: 'SUBMITTED' });
    expect(again.lines).toEqual([
      { source: 'Unit 1 boiler', gas: 'CO2', quantity: '900000', gwp: '1', co2e: '900000' },
      { source: 'Coal yard', gas: 'CH4', quantity: '1000', gwp: '25', co2e: '25000' },
    ]);
    await fileReport(gd2.actor, YEAR, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '400000' }], outputs: {} });
    await fileReport(hb.actor, YEAR, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '30000' }], outputs: {} });
    await expectRefused(fileReport(gd.actor, 2030, { lines: [{ source: 'Later', gas: 'CO2', quantity: '1' }], outputs: {} }), 'YEAR_NOT_ENDED', 422);
  });

  it('only the regulator of the entity’s province verifies; an entity cannot verify its own report', async () => {
    const [report] = await listReports(gd.actor, YEAR);
    await expectRefused(verifyReport(gd.actor, YEAR, report!.id, { decision: 'CONFIRM' }), 'FORBIDDEN', 403);
    await expectRefused(verifyReport(reg.regulators.HB, YEAR, report!.id, { decision: 'CONFIRM' }), 'FORBIDDEN', 403);
    const verified = await verifyReport(reg.regulators.GD, YEAR, report!.id, { decision: 'CORRECT', verifiedEmissions: 1_000_000, note: 'Coal consumption understated' });
    expect(verified).toMatchObject({ status: 'VERIFIED', verifiedEmissions: 1_000_000, verificationNote: 'Coal consumption understated' });
    await expectRefused(fileReport(gd.actor, YEAR, { lines: [{ source: 'x', gas: 'CO2', quantity: '1' }], outputs: {} }), 'REPORT_ALREADY_VERIFIED', 409);
    await expectRefused(verifyReport(reg.regulators.GD, YEAR, report!.id, { decision: 'CONFIRM' }), 'REPORT_ALREADY_VERIFIED', 409);

    const gd2Report = (await listReports(reg.regulators.GD, YEAR)).find((r) => r.organisationId === gd2.organisationId)!;
    expect((await verifyReport(reg.regulators.GD, YEAR, gd2Report.id, { decision: 'CONFIRM' })).verifiedEmissions).toBe(400_000);
    const hbReport = (await listReports(reg.regulators.HB, YEAR))[0]!;
    await verifyReport(reg.regulators.HB, YEAR, hbReport.id, { decision: 'CONFIRM' });
    expect((await listReports(reg.regulators.HB, YEAR)).map((r) => r.organisationId)).toEqual([hb.organisationId]);
  });
});

describe('surrender', () => {
  it('refuses a later vintage and CCER beyond 5 % of the obligation, changing nothing', async () => {
    await expectRefused(surrender(gd.actor, YEAR, { items: [{ instrument: 'CEA', vintage: 2026, quantity: 10_000 }] }), 'FUTURE_VINTAGE', 422);
    await expectRefused(surrender(gd.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 50_001 }] }), 'OFFSET_CAP_EXCEEDED', 422);
    expect(await holdingOf(gd.accountId, 2026)).toMatchObject({ available: 100_000 });
    expect(await holdingOf(gd.accountId, 2023, 'CCER')).toMatchObject({ available: 80_000 });
    expect((await complianceStatusOf(gd.actor, YEAR)).surrendered).toBe(0);
  });

  it('partial surrenders add up: CEA, then CCER up to the cap, then the rest with an excess', async () => {
    const first = await surrender(gd.actor, YEAR, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 600_000 }] });
    expect(first.status).toMatchObject({ obligation: 1_000_000, surrendered: 600_000, gap: 400_000, status: 'IN_PROGRESS', offsetCap: 50_000 });

    const offsets = await surrender(gd.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 50_000 }] });
    expect(offsets.status).toMatchObject({ surrendered: 650_000, offsetsUsed: 50_000 });
    await expectRefused(surrender(gd.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 1 }] }), 'OFFSET_CAP_EXCEEDED', 422);

    const last = await surrender(gd.actor, YEAR, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 200_000 }, { instrument: 'CEA', vintage: 2024, quantity: 200_000 }] });
    expect(last).toMatchObject({ creditedCea: 350_000, excess: 50_000 });
    expect(last.items[1]).toMatchObject({ credited: 150_000, surrendered: 150_000, excess: 50_000 });
    expect(last.status).toMatchObject({ surrendered: 1_000_000, gap: 0, excess: 50_000, status: 'COMPLIANT' });
    expect(await holdingOf(gd.accountId, 2025)).toMatchObject({ available: 0 });
    expect(await holdingOf(gd.accountId, 2024)).toMatchObject({ available: 100_000 });

    const entries = await db().journalEntry.findMany({ where: { reference: `SURRENDER-${YEAR}` }, select: { type: true } });
    expect(entries.filter((e) => e.type === 'VOLUNTARY_CANCELLATION')).toHaveLength(1);
  });

  it('frozen units cannot be surrendered', async () => {
    await freeze(reg.registry, { accountId: gd2.accountId, instrument: 'CEA', vintage: 2025, quantity: 200_000, authority: 'Court', orderReference: 'F-1', reason: 'order' });
    await expectRefused(surrender(gd2.actor, YEAR, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 400_000 }] }), 'INSUFFICIENT_HOLDING', 409);
    const partial = await surrender(gd2.actor, YEAR, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 300_000 }] });
    expect(partial.status).toMatchObject({ surrendered: 300_000, gap: 100_000, status: 'IN_PROGRESS' });
  });

  it('without a verified figure there is nothing to surrender against', async () => {
    await expectRefused(surrender(quiet.actor, YEAR, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 1 }] }), 'NO_OBLIGATION', 409);
  });
});

describe('status at the deadline', () => {
  it('is COMPLIANT, PARTIAL, DEFAULTED or NOT_DUE once the deadline passed', async () => {
    await setDeadlines('2025-03-31', '2026-01-31');
    expect((await complianceStatusOf(gd.actor, YEAR)).status).toBe('COMPLIANT');
    expect((await complianceStatusOf(gd2.actor, YEAR)).status).toBe('PARTIAL');
    expect((await complianceStatusOf(reg.regulators.HB, YEAR, hb.organisationId)).status).toBe('DEFAULTED');
    expect((await complianceStatusOf(quiet.actor, YEAR)).status).toBe('NOT_DUE');
    await expectRefused(complianceStatusOf(reg.regulators.HB, YEAR, gd.organisationId), 'FORBIDDEN', 403);
    await expectRefused(complianceStatusOf(gd2.actor, YEAR, gd.organisationId), 'NOT_FOUND', 404);
    await expectRefused(fileReport(quiet.actor, YEAR, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '20000' }], outputs: {} }), 'REPORT_DEADLINE_PASSED', 409);
  });

  it('the statuses of many entities at once are each entity’s own status, in the order asked, and only within the reader’s scope', async () => {
    const guangdong = [quiet, gd2, gd].map((p) => p.organisationId);
    const one = await Promise.all(guangdong.map((id) => complianceStatusOf(reg.regulators.GD, YEAR, id)));
    expect(await complianceStatusesOf(reg.regulators.GD, YEAR, guangdong)).toEqual(one);
    expect(one.map((s) => s.status)).toEqual(['NOT_DUE', 'PARTIAL', 'COMPLIANT']);
    expect(await complianceStatusesOf(gd.actor, YEAR, [gd.organisationId])).toEqual([await complianceStatusOf(gd.actor, YEAR)]);
    expect(await complianceStatusesOf(reg.regulators.GD, YEAR, [])).toEqual([]);
    // One out of scope refuses the whole batch, as it refuses one.
    await expectRefused(complianceStatusesOf(reg.regulators.HB, YEAR, [hb.organisationId, gd.organisationId]), 'FORBIDDEN', 403);
    await expectRefused(complianceStatusesOf(gd2.actor, YEAR, [gd2.organisationId, gd.organisationId]), 'NOT_FOUND', 404);
    await expectRefused(complianceStatusesOf(reg.regulators.GD, YEAR, [2_000_000_000]), 'NOT_FOUND', 404);
  });

  it('closing the year after the deadline: a penalty and a next-year deduction for each shortfall, once', async () => {
    const gdClosing = await closeComplianceYear(reg.regulators.GD, YEAR);
    // Guangzhou power is compliant; the second Guangdong entity is 100,000 t short; Hubei is another province.
    expect(gdClosing.penalties.map((p) => [p.organisationId, p.shortfall, p.rule])).toEqual([[gd2.organisationId, 100_000, 'INTERIM_2024']]);
    const [p] = gdClosing.penalties;
    expect(Number(p!.fineMax)).toBeCloseTo(Number(p!.fineMin) * 2, 2);
    expect(gdClosing.deductions).toEqual([{ organisationId: gd2.organisationId, toYear: YEAR + 1, quantity: 100_000 }]);
    expect((await closeComplianceYear(reg.regulators.GD, YEAR)).penalties).toEqual([]);
    expect((await closeComplianceYear(reg.regulators.HB, YEAR)).penalties.map((x) => [x.organisationId, x.shortfall])).toEqual([[hb.organisationId, 30_000]]);
    expect((await listPenalties(gd2.actor, YEAR)).map((x) => x.shortfall)).toEqual([100_000]);
    expect(await listPenalties(gd.actor, YEAR)).toEqual([]);
    await expectRefused(closeComplianceYear(gd.actor, YEAR), 'FORBIDDEN', 403);
  });

  it('cannot close a year before its deadline', async () => {
    await setDeadlines('2099-03-31', '2099-12-31');
    await expectRefused(closeComplianceYear(reg.regulators.GD, YEAR), 'DEADLINE_NOT_PASSED', 409);
  });

  it('keeps every vintage conserved and the ledger verified', async () => {
    expect((await verifyLedger()).ok).toBe(true);
  });
});
