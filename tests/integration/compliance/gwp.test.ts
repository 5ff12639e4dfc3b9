import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET as getPolicy, PUT as putPolicy } from '@/app/api/v1/compliance/policy/route';
import { GWP_DEFAULT_AR4, GWP_DEFAULT_SOURCE } from '@/domain/compliance/coverage';
import { policyResponseSchema } from '@/schemas/allocationApi';
import { fileReport, listReports, verifyReport } from '@/server/compliance/reports';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectRefused } from '../../support/trading';
import { approvedBy, expectError, expectNothingChanged } from '../http/helpers';

/**
 * The GWP table is compliance policy data (DOMAIN §2), on real PostgreSQL and the real route:
 * it starts as IPCC AR4; only the national regulator changes it (a provincial regulator is refused
 * 403 and nothing changes), audited with the table before and after; a report filed afterwards
 * converts with the new factors, while a report filed before keeps its figure and the factor and
 * tCO2e of each of its lines; a PUT without a table leaves it as it is.
 */
let reg: Registry;
let early: Participant;
let late: Participant;
const t = {} as Record<'gd' | 'mee' | 'mee2' | 'entity', string>;
const YEAR = 2025;

/** The policy fields every PUT carries (as the existing callers send them). */
const BASE = { offsetShare: '0.05', phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1', penaltyRule: 'INTERIM_2024' };
const AR5 = { CO2: '1', CH4: '28', N2O: '265', HFC23: '12400', PFC14: '6630', SF6: '23500', NF3: '16100' };
const LINES = [
  { source: 'Unit 1 boiler', gas: 'CO2', quantity: '1000' },
  { source: 'Coal yard', gas: 'CH4', quantity: '100' },
];

const policy = async () => policyResponseSchema.parse((await call(getPolicy, { token: t.mee })).body);

beforeAll(async () => {
  reg = await bootstrapRegistry();
  early = await createParticipant(reg, { province: 'GD' });
  late = await createParticipant(reg, { province: 'HB' });
  const due = new Date('2099-03-31T00:00:00Z');
  await db().complianceCycle.upsert({ where: { year: YEAR }, update: { reportDeadline: due }, create: { year: YEAR, reportDeadline: due, surrenderDeadline: new Date('2099-12-31T00:00:00Z') } });
  t.gd = await tokenFor(reg.regulators.GD);
  t.mee = await tokenFor(reg.mee);
  t.mee2 = await tokenFor(reg.mee2);
  t.entity = await tokenFor(early.actor);
});

describe('the GWP table of the compliance policy', () => {
  it('starts as the IPCC AR4 table, which regulators read with the policy', async () => {
    const read = await call(getPolicy, { token: t.gd });
    expect(read.status).toBe(200);
    const body = policyResponseSchema.parse(read.body);
    expect(body).toMatchObject({ gwp: GWP_DEFAULT_AR4, gwpSource: GWP_DEFAULT_SOURCE });
    expect(body.gwp).toEqual({ CO2: '1', CH4: '25', N2O: '298', HFC23: '14800', PFC14: '7390', SF6: '22800' });
    expect(Object.keys(body.gwp)[0]).toBe('CO2');
  });

  it('a report filed now converts with it, and keeps each line’s factor and tCO2e', async () => {
    const filed = await fileReport(early.actor, YEAR, { lines: LINES, outputs: {} });
    expect(filed.reportedCo2e).toBe(3_500); // 1,000 + 100 × 25
    expect(filed.lines).toEqual([
      { ...LINES[0], gwp: '1', co2e: '1000' },
      { ...LINES[1], gwp: '25', co2e: '2500' },
    ]);
  });

  it('a provincial regulator (or an entity) may not change it: 403, and nothing changes', async () => {
    const before = await policy();
    await expectNothingChanged(async () => {
      await expectError(putPolicy, { method: 'PUT', body: { ...BASE, gwp: AR5, gwpSource: 'IPCC AR5 100-year' }, token: t.gd }, 403, 'FORBIDDEN');
      await expectError(putPolicy, { method: 'PUT', body: { ...BASE, gwp: AR5, gwpSource: 'IPCC AR5 100-year' }, token: t.entity }, 403, 'FORBIDDEN');
    });
    expect(await policy()).toEqual(before);
  });

  it('refuses a bad table with 400 naming the gas, changing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ CO2: '2', CH4: '28' }, 'gwp.CO2'],
      [{ CH4: '28' }, 'gwp.CO2'],
      [{ CO2: '1', ch4: '28' }, 'gwp.ch4'],
      [{ CO2: '1', CH4: '0' }, 'gwp.CH4'],
      [{ CO2: '1', CH4: 28 }, 'gwp.CH4'],
      [[{ gas: 'CO2', factor: '1' }], 'gwp'],
    ];
    await expectNothingChanged(async () => {
      for (const [gwp, field] of cases) {
        const error = await expectError(putPolicy, { method: 'PUT', body: { ...BASE, gwp, gwpSource: 'Made up' }, token: t.mee }, 400, 'INVALID_INPUT');
        expect(error.fields, JSON.stringify(gwp)).toHaveProperty([field]);
      }
      // A new table names its source.
      const error = await expectError(putPolicy, { method: 'PUT', body: { ...BASE, gwp: AR5 }, token: t.mee }, 400, 'INVALID_INPUT');
      expect(error.fields).toHaveProperty(['gwpSource']);
    });
  });

  it('the national regulator replaces it; the change is audited with the table before and after', async () => {
    const changed = await call(putPolicy, { method: 'PUT', body: { ...BASE, gwp: { ...AR5, CO2: '1.0', SF6: '23500.00' }, gwpSource: 'IPCC AR5 100-year' }, token: t.mee });
    // Four eyes: the table changes when a second national regulator approves.
    expect((await policy()).gwp).toEqual(GWP_DEFAULT_AR4);
    const body = policyResponseSchema.parse(await approvedBy(changed, t.mee2));
    expect(body).toMatchObject({ gwp: AR5, gwpSource: 'IPCC AR5 100-year', offsetShare: '0.05', penaltyRule: 'INTERIM_2024' });
    expect(Object.keys(body.gwp)).toEqual(['CO2', 'CH4', 'HFC23', 'N2O', 'NF3', 'PFC14', 'SF6']);
    expect(await policy()).toEqual(body);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'compliance.policy.update', targetType: 'compliance_policy' }, orderBy: { id: 'desc' } });
    expect(audit.actorUserId).toBe(reg.mee.userId);
    expect(audit.before).toMatchObject({ gwp: GWP_DEFAULT_AR4, gwpSource: GWP_DEFAULT_SOURCE });
    expect(audit.after).toMatchObject({ gwp: AR5, gwpSource: 'IPCC AR5 100-year' });
  });

  it('a report filed afterwards uses the new factors; the earlier report is unchanged', async () => {
    const filed = await fileReport(late.actor, YEAR, { lines: [...LINES, { source: 'Etching', gas: 'NF3', quantity: '0.5' }], outputs: {} });
    expect(filed.reportedCo2e).toBe(11_850); // 1,000 + 100 × 28 + 0.5 × 16,100
    expect(filed.lines).toEqual([
      { ...LINES[0], gwp: '1', co2e: '1000' },
      { ...LINES[1], gwp: '28', co2e: '2800' },
      { source: 'Etching', gas: 'NF3', quantity: '0.5', gwp: '16100', co2e: '8050' },
    ]);

    const [earlier] = await listReports(early.actor, YEAR);
    expect(earlier).toMatchObject({ reportedCo2e: 3_500, status: 'SUBMITTED' });
    expect(earlier!.lines).toEqual([
      { ...LINES[0], gwp: '1', co2e: '1000' },
      { ...LINES[1], gwp: '25', co2e: '2500' },
    ]);
    // Verified as filed: the obligation is the figure of the table in force when it was filed.
    expect((await verifyReport(reg.regulators.GD, YEAR, earlier!.id, { decision: 'CONFIRM' })).verifiedEmissions).toBe(3_500);
  });

  it('a gas the table no longer has is refused', async () => {
    await db().compliancePolicy.update({ where: { id: 1 }, data: { gwp: { CO2: '1', CH4: '28' } } });
    await expectRefused(fileReport(late.actor, YEAR, { lines: [{ source: 'Switchgear', gas: 'SF6', quantity: '1' }], outputs: {} }), 'INVALID_INPUT', 400);
    expect((await listReports(late.actor, YEAR))[0]!.reportedCo2e).toBe(11_850);
  });

  it('a PUT without gwp leaves the table and its source as they are (gwpSource alone relabels it)', async () => {
    const before = await policy();
    const res = await call(putPolicy, { method: 'PUT', body: { ...BASE, offsetShare: '0.1' }, token: t.mee });
    expect(policyResponseSchema.parse(await approvedBy(res, t.mee2))).toMatchObject({ offsetShare: '0.1', gwp: before.gwp, gwpSource: before.gwpSource });
    const relabelled = policyResponseSchema.parse(await approvedBy(await call(putPolicy, { method: 'PUT', body: { ...BASE, gwpSource: 'AR5, CH4 and CO2 only' }, token: t.mee }), t.mee2));
    expect(relabelled).toMatchObject({ gwp: before.gwp, gwpSource: 'AR5, CH4 and CO2 only' });
  });

  it('the database refuses a table without CO2 = 1', async () => {
    await expect(db().compliancePolicy.update({ where: { id: 1 }, data: { gwp: { CO2: '2' } } })).rejects.toThrow(/compliance_policy_gwp/);
    await expect(db().compliancePolicy.update({ where: { id: 1 }, data: { gwp: ['CO2'] } })).rejects.toThrow(/compliance_policy_gwp/);
  });
});
