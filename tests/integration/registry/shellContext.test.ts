import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { loadActor } from '@/server/identity/actor';
import { shellContext } from '@/server/identity/session';
import { bootstrapRegistry, createParticipant, type Registry } from '../../support/fixtures';

/** The shell's line under the organisation name: a province only for organisations that belong to one. */
let reg: Registry;
const provinceOf = async (actor: Parameters<typeof shellContext>[0]) => (await shellContext(actor)).organisation.provinceName;

beforeAll(async () => {
  reg = await bootstrapRegistry();
});

describe('shell context', () => {
  it('shows the province of an entity and of a provincial regulator', async () => {
    const entity = await createParticipant(reg, { province: 'HB' });
    expect(await provinceOf(entity.actor)).toBe('Hubei');
    expect(await shellContext(reg.regulators.GD)).toMatchObject({ organisation: { provinceCode: 'GD', provinceName: 'Guangdong', provinceNameZh: '广东省' } });
  });

  it('shows none for the national regulator and the operators, even where the organisation record names the province it sits in', async () => {
    expect(await provinceOf(reg.mee)).toBeNull();
    for (const operator of [reg.registry, reg.exchange]) {
      await db().organisation.update({ where: { id: operator.organisationId }, data: { provinceCode: 'HB' } });
      expect(await shellContext(await loadActor(operator.userId))).toMatchObject({ organisation: { provinceCode: null, provinceName: null, provinceNameZh: null } });
    }
  });
});
