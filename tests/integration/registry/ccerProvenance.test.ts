import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { fileReport, listReports, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { ccerLotsOf, listCcerProjects, registerCcerProject } from '@/server/registry/ccerProjects';
import { allocate, cancelVoluntarily, decideNonTradeTransfer, issue, requestNonTradeTransfer } from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { DomainError } from '@/server/errors';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused } from '../../support/trading';

/**
 * CCER provenance on real PostgreSQL: every CCER unit comes from a registered project; lots follow
 * the units through every movement; only CCER from projects whose owner is not a covered entity
 * count as offsets (DOMAIN §6); the lots always add up to the holdings and to what each project
 * issued, also after random sequences of movements and under concurrent surrenders.
 */
let reg: Registry;
let covered: Participant; // a covered power company that also owns a solar project
let other: Participant; // a second covered entity
let investor: Participant;
const YEAR = 2025;

const lots = async (p: Participant) => (await ccerLotsOf(db(), p.accountId, YEAR)).map((l) => ({ code: l.code, vintage: l.vintage, quantity: l.quantity, eligible: l.eligible }));

beforeAll(async () => {
  reg = await bootstrapRegistry();
  covered = await createParticipant(reg, { province: 'GD', cea: { 2025: 200_000 } });
  other = await createParticipant(reg, { province: 'GD', cea: { 2025: 200_000 } });
  investor = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR' });
  for (const p of [covered, other]) {
    await db().coveredEntity.create({ data: { organisationId: p.organisationId, provinceCode: 'GD', fromYear: 2020, basis: 'test', addedById: reg.regulators.GD.userId } });
  }
  await db().complianceCycle.upsert({
    where: { year: YEAR }, update: {},
    create: { year: YEAR, reportDeadline: new Date('2099-03-31T00:00:00Z'), surrenderDeadline: new Date('2099-12-31T00:00:00Z') },
  });
  await registerCcerProject(reg.registry, { code: 'CCER-T-WIND', name: 'Independent wind farm', nameZh: '独立风电场', category: 'WIND' });
  await registerCcerProject(reg.registry, { code: 'CCER-T-SOLAR', name: 'Covered company solar plant', nameZh: '控排企业光伏电站', category: 'SOLAR', ownerOrganisationId: covered.organisationId });
});

describe('CCER projects and lots', () => {
  it('issuance names a registered project; allocation moves only that project’s units', async () => {
    await expectRefused(issue(reg.registry, { instrument: 'CCER', vintage: 2023, quantity: 10, legalBasis: 'batch', project: 'CCER-NOPE' }), 'UNKNOWN_CCER_PROJECT', 422);
    await issue(reg.registry, { instrument: 'CCER', vintage: 2023, quantity: 50_000, legalBasis: 'wind batch', project: 'CCER-T-WIND' });
    await issue(reg.registry, { instrument: 'CCER', vintage: 2023, quantity: 30_000, legalBasis: 'solar batch', project: 'CCER-T-SOLAR' });
    // The CCER registry holds 80,000 t, but only 30,000 t of the solar project.
    await expectRefused(allocate(reg.registry, { accountId: covered.accountId, instrument: 'CCER', vintage: 2023, quantity: 30_001, legalBasis: 'to owner', project: 'CCER-T-SOLAR' }), 'CCER_PROJECTS_SHORT', 409);
    await allocate(reg.registry, { accountId: covered.accountId, instrument: 'CCER', vintage: 2023, quantity: 30_000, legalBasis: 'to owner', project: 'CCER-T-SOLAR' });
    await allocate(reg.registry, { accountId: covered.accountId, instrument: 'CCER', vintage: 2023, quantity: 8_000, legalBasis: 'forward sale', project: 'CCER-T-WIND' });
    await allocate(reg.registry, { accountId: investor.accountId, instrument: 'CCER', vintage: 2023, quantity: 20_000, legalBasis: 'to owner', project: 'CCER-T-WIND' });

    expect(await lots(covered)).toEqual([
      { code: 'CCER-T-WIND', vintage: 2023, quantity: 8_000, eligible: true },
      { code: 'CCER-T-SOLAR', vintage: 2023, quantity: 30_000, eligible: false },
    ]);
    const projects = await listCcerProjects(reg.registry, YEAR);
    expect(projects.map((p) => ({ code: p.code, issued: p.issued, ownerCovered: p.ownerCovered }))).toEqual([
      { code: 'CCER-T-SOLAR', issued: 30_000, ownerCovered: true },
      { code: 'CCER-T-WIND', issued: 50_000, ownerCovered: false },
    ]);
    await expectRefused(registerCcerProject(reg.registry, { code: 'CCER-T-WIND', name: 'Again', nameZh: '重复', category: 'WIND' }), 'CCER_PROJECT_EXISTS', 409);
    await expectRefused(registerCcerProject(covered.actor, { code: 'CCER-T-OWN', name: 'Own project', nameZh: '自有项目', category: 'SOLAR' }), 'FORBIDDEN', 403);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it('a surrender counts only CCER from projects of entities not covered, and takes exactly those lots', async () => {
    await fileReport(covered.actor, YEAR, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '400000' }], outputs: {} });
    const report = (await listReports(reg.regulators.GD, YEAR)).find((r) => r.organisationId === covered.organisationId)!;
    await verifyReport(reg.regulators.GD, YEAR, report.id, { decision: 'CONFIRM' });
    // Cap: 5 % of 400,000 = 20,000 t; it holds 38,000 t of CCER but only 8,000 t are eligible.
    const before = await holdingOf(covered.accountId, 2023, 'CCER');
    await expectRefused(surrender(covered.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 8_001 }] }), 'CCER_NOT_ELIGIBLE', 422);
    expect(await holdingOf(covered.accountId, 2023, 'CCER')).toEqual(before);

    const done = await surrender(covered.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 8_000 }, { instrument: 'CEA', vintage: 2025, quantity: 100_000 }] });
    expect(done.creditedOffset).toBe(8_000);
    expect(await lots(covered)).toEqual([{ code: 'CCER-T-SOLAR', vintage: 2023, quantity: 30_000, eligible: false }]);
    const cancelled = await db().ccerLot.findMany({ where: { account: { type: 'CANCELLATION' }, quantity: { gt: 0 } }, include: { project: true } });
    expect(cancelled.map((l) => [l.project.code, Number(l.quantity)])).toEqual([['CCER-T-WIND', 8_000]]);
    expect((await listCcerProjects(reg.registry, YEAR)).find((p) => p.code === 'CCER-T-WIND')!.cancelled).toBe(8_000);
  });

  it('lots travel with the units: the covered company’s solar CCER stay ineligible in anyone’s hands', async () => {
    const { requestId } = await requestNonTradeTransfer(covered.actor, {
      toAccountId: other.accountId, instrument: 'CCER', vintage: 2023, quantity: 5_000, kind: 'DONATION', reason: 'group transfer', documentsRef: 'D-1',
    });
    await decideNonTradeTransfer(reg.registry2, requestId, 'approve', 'documents in order');
    expect(await lots(other)).toEqual([{ code: 'CCER-T-SOLAR', vintage: 2023, quantity: 5_000, eligible: false }]);
    await fileReport(other.actor, YEAR, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '400000' }], outputs: {} });
    const report = (await listReports(reg.regulators.GD, YEAR)).find((r) => r.organisationId === other.organisationId)!;
    await verifyReport(reg.regulators.GD, YEAR, report.id, { decision: 'CONFIRM' });
    await expectRefused(surrender(other.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 1 }] }), 'CCER_NOT_ELIGIBLE', 422);
    // Voluntary cancellation is not an offset: any CCER may be retired.
    await cancelVoluntarily(other.actor, { instrument: 'CCER', vintage: 2023, quantity: 1_000, reason: 'retire' });
    expect(await lots(other)).toEqual([{ code: 'CCER-T-SOLAR', vintage: 2023, quantity: 4_000, eligible: false }]);
  });

  it('two concurrent surrenders of the same eligible CCER: exactly one succeeds', async () => {
    await allocate(reg.registry, { accountId: other.accountId, instrument: 'CCER', vintage: 2023, quantity: 6_000, legalBasis: 'forward sale', project: 'CCER-T-WIND' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () => surrender(other.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 5_000 }] })),
    );
    const ok = attempts.filter((a) => a.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const a of attempts) if (a.status === 'rejected') expect((a.reason as DomainError).code).toMatch(/CCER_NOT_ELIGIBLE|CCER_PROJECTS_SHORT|OFFSET_CAP_EXCEEDED/);
    expect(await lots(other)).toEqual([
      { code: 'CCER-T-WIND', vintage: 2023, quantity: 1_000, eligible: true },
      { code: 'CCER-T-SOLAR', vintage: 2023, quantity: 4_000, eligible: false },
    ]);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it('property: after any sequence of transfers and cancellations, lots add up to holdings and to what each project issued', async () => {
    const people = [covered, other, investor];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }), qty: fc.integer({ min: 1, max: 9_000 }), cancel: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        async (ops) => {
          for (const op of ops) {
            const from = people[op.from]!;
            const run = op.cancel || op.from === op.to
              ? cancelVoluntarily(from.actor, { instrument: 'CCER', vintage: 2023, quantity: op.qty, reason: 'property' })
              : requestNonTradeTransfer(from.actor, { toAccountId: people[op.to]!.accountId, instrument: 'CCER', vintage: 2023, quantity: op.qty, kind: 'DONATION', reason: 'property', documentsRef: 'P' })
                .then(({ requestId }) => decideNonTradeTransfer(reg.registry2, requestId, 'approve', 'property'));
            await run.catch((e: unknown) => expect((e as DomainError).code).toBe('INSUFFICIENT_HOLDING'));
          }
          for (const p of people) {
            const h = await holdingOf(p.accountId, 2023, 'CCER');
            expect((await lots(p)).reduce((s, l) => s + l.quantity, 0)).toBe(h.available + h.locked + h.pledged + h.frozen);
          }
          const perProject = await db().$queryRaw<{ code: string; held: bigint }[]>`
            SELECT p.code, sum(l.quantity)::bigint AS held FROM ccer_lot l JOIN ccer_project p ON p.id = l.project_id GROUP BY p.code ORDER BY p.code`;
          expect(perProject.map((r) => [r.code, Number(r.held)])).toEqual([['CCER-T-SOLAR', 30_000], ['CCER-T-WIND', 50_000]]);
          expect((await verifyLedger()).ccerLotMismatches).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  });
});
