import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { marketDate } from '@/server/compliance/cycle';
import { policyHistory, policySettings, recentCycles, setCycle, updatePolicy } from '@/server/compliance/policy';
import { bootstrapRegistry, createParticipant, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused } from '../../support/trading';

/**
 * What the compliance policy page reads, on real PostgreSQL: the cycles of recent years (set or
 * default, closed once penalties are recorded) and the history of policy and deadline changes
 * from the audit log, field by field. Regulators read both, provincial ones included; others are
 * refused.
 */
let reg: Registry;
let entity: Participant;
let year = 0;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { province: 'GD' });
  year = Number((await marketDate()).slice(0, 4));
});

describe('the compliance policy page’s reads', () => {
  it('refuses whoever is not a regulator', async () => {
    await expectRefused(recentCycles(entity.actor), 'FORBIDDEN', 403);
    await expectRefused(policyHistory(entity.actor), 'FORBIDDEN', 403);
  });

  it('lists recent years with default deadlines, none closed, and no history yet', async () => {
    const cycles = await recentCycles(reg.regulators.GD);
    expect(cycles.map((c) => c.year)).toEqual([year + 1, year, year - 1, year - 2, year - 3]);
    expect(cycles[1]).toEqual({ year, reportDeadline: `${year + 1}-03-31`, surrenderDeadline: `${year + 1}-12-31`, set: false, closed: false });
    expect(await policyHistory(reg.regulators.GD)).toEqual([]);
  });

  it('lists each change with who made it and what changed, newest first', async () => {
    const before = await policySettings(reg.mee);
    await updatePolicy(reg.mee, {
      offsetShare: before.offsetShare,
      phaseStarts: before.phaseStarts,
      carryOverBetweenPhases: before.carryOverBetweenPhases,
      carryOverDiscount: '0.9',
      penaltyRule: before.penaltyRule,
      gwp: { ...before.gwp, CH4: '28' },
      gwpSource: 'IPCC AR5 100-year',
    });
    await setCycle(reg.mee, year + 1, { reportDeadline: `${year + 2}-03-31`, surrenderDeadline: `${year + 2}-11-30` });

    const history = await policyHistory(reg.regulators.HB);
    expect(history.map((h) => ({ action: h.action, year: h.year, actor: h.actorUserId, changes: h.changes }))).toEqual([
      { action: 'compliance.cycle.set', year: year + 1, actor: reg.mee.userId, changes: [{ field: 'surrenderDeadline', before: `${year + 2}-12-31`, after: `${year + 2}-11-30` }] },
      {
        action: 'compliance.policy.update',
        year: null,
        actor: reg.mee.userId,
        changes: [
          { field: 'carryOverDiscount', before: '1', after: '0.9' },
          { field: 'gwp', gas: 'CH4', before: '25', after: '28' },
          { field: 'gwpSource', before: before.gwpSource, after: 'IPCC AR5 100-year' },
        ],
      },
    ]);
    expect(Number(history[0]!.id)).toBeGreaterThan(Number(history[1]!.id));
    const next = (await recentCycles(reg.regulators.GD)).find((c) => c.year === year + 1);
    expect(next).toMatchObject({ surrenderDeadline: `${year + 2}-11-30`, set: true, closed: false });
  });

  it('marks a year closed once penalties are recorded for it', async () => {
    await db().penalty.create({
      data: {
        organisationId: entity.organisationId, year: year - 2, rule: 'INTERIM_2024', shortfall: 10n, averagePrice: '50.00', fineMin: '2500.00', fineMax: '5000.00', fine: '2500.00', basis: 'test',
        createdById: reg.mee.userId,
      },
    });
    const cycles = await recentCycles(reg.mee);
    expect(cycles.find((c) => c.year === year - 2)).toMatchObject({ closed: true });
    expect(cycles.filter((c) => c.closed).map((c) => c.year)).toEqual([year - 2]);
  });
});
