import type { OrganisationKind, Role } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { loadActor, type Actor } from '@/server/identity/actor';
import { issueApiToken } from '@/server/identity/credentials';
import { ensureSystemAccounts, openLinkedAccounts } from '@/server/registry/accounts';
import { registerCcerProject } from '@/server/registry/ccerProjects';
import { allocate, depositCash, distributeToProvince, issue } from '@/server/registry/movements';
import { inTransaction } from '@/server/tx';

/**
 * Test fixtures built through the real services (so journal, balances and audit agree).
 * Each integration test file has its own database (tests/setup/integrationDb.ts).
 */

// bcrypt hash of "password" (10 rounds), so fixtures need not hash.
export const TEST_PASSWORD = 'password';
const TEST_PASSWORD_HASH = '$2b$10$25.TWW7iXnHV8yzqU7fusegf0bUxU0aYFm0VIPmZXjEApt5XGA3Zu';

let counter = 0;
const nextCode = () => {
  counter += 1;
  return makeCreditCode(`91440100${String(Date.now() % 1e5).padStart(5, '0')}${String(counter).padStart(4, '0')}`);
};

async function createOrgWithUser(opts: { kind: OrganisationKind; province: string | null; roles: Role[]; name?: string; email?: string }): Promise<Actor> {
  const org = await db().organisation.create({
    data: { name: opts.name ?? `Org ${counter + 1}`, nameZh: `机构${counter + 1}`, creditCode: nextCode(), kind: opts.kind, provinceCode: opts.province },
  });
  const user = await db().user.create({
    data: { email: opts.email ?? `user${counter}-${org.id}@test.cn`, name: `User ${org.id}`, passwordHash: TEST_PASSWORD_HASH, organisationId: org.id, roles: opts.roles },
  });
  return loadActor(user.id);
}

/** Another user of the same organisation with one role. */
async function secondUser(first: Actor, role: Role): Promise<Actor> {
  const user = await db().user.create({
    data: { email: `second-${first.userId}@test.cn`, name: `Second ${role.toLowerCase()}`, passwordHash: TEST_PASSWORD_HASH, organisationId: first.organisationId, roles: [role] },
  });
  return loadActor(user.id);
}

export interface Registry {
  mee: Actor;
  /** A second national regulator of the same ministry: approves the first one's policy and rule changes (four eyes). */
  mee2: Actor;
  registry: Actor;
  registry2: Actor;
  exchange: Actor;
  /** A second exchange operator: approves auction settlements (four eyes). */
  exchange2: Actor;
  regulators: { GD: Actor; HB: Actor };
}

/** Provinces GD and HB, the system accounts, and one user per authority. */
export async function bootstrapRegistry(): Promise<Registry> {
  await db().province.createMany({ data: [{ code: 'GD', name: 'Guangdong', nameZh: '广东省' }, { code: 'HB', name: 'Hubei', nameZh: '湖北省' }], skipDuplicates: true });
  await inTransaction((tx) => ensureSystemAccounts(tx));
  const registry = await createOrgWithUser({ kind: 'REGISTRY_OPERATOR', province: null, roles: ['REGISTRY_OPERATOR'] });
  const registry2User = await db().user.create({
    data: { email: `registry2-${registry.organisationId}@test.cn`, name: 'Second operator', passwordHash: TEST_PASSWORD_HASH, organisationId: registry.organisationId, roles: ['REGISTRY_OPERATOR'] },
  });
  const mee = await createOrgWithUser({ kind: 'REGULATOR', province: null, roles: ['NATIONAL_REGULATOR'] });
  const exchange = await createOrgWithUser({ kind: 'EXCHANGE_OPERATOR', province: null, roles: ['EXCHANGE_OPERATOR'] });
  return {
    mee,
    mee2: await secondUser(mee, 'NATIONAL_REGULATOR'),
    registry,
    registry2: await loadActor(registry2User.id),
    exchange,
    exchange2: await secondUser(exchange, 'EXCHANGE_OPERATOR'),
    regulators: {
      GD: await createOrgWithUser({ kind: 'REGULATOR', province: 'GD', roles: ['PROVINCIAL_REGULATOR'] }),
      HB: await createOrgWithUser({ kind: 'REGULATOR', province: 'HB', roles: ['PROVINCIAL_REGULATOR'] }),
    },
  };
}

export interface Participant {
  actor: Actor;
  accountId: number;
  organisationId: number;
}

/**
 * An ACTIVE participant (entity by default) with linked trading and cash accounts, holding
 * `cea` tonnes per vintage (issued, distributed and allocated for real) and `cash` CNY.
 */
export async function createParticipant(
  reg: Registry,
  opts: { province?: 'GD' | 'HB'; kind?: 'COMPLIANCE_ENTITY' | 'INVESTOR'; roles?: Role[]; cea?: Record<number, number>; ccer?: Record<number, number>; ccerProject?: string; cash?: string; name?: string } = {},
): Promise<Participant> {
  const province = opts.province ?? 'GD';
  const kind = opts.kind ?? 'COMPLIANCE_ENTITY';
  const actor = await createOrgWithUser({ kind, province, roles: opts.roles ?? (kind === 'INVESTOR' ? ['INVESTOR'] : ['ENTITY_TRADER', 'COMPLIANCE_OFFICER']), name: opts.name });
  const org = await db().organisation.findUniqueOrThrow({ where: { id: actor.organisationId } });
  const account = await db().registryAccount.create({
    data: { number: `RA-${org.creditCode}`, type: 'PARTICIPANT', status: 'ACTIVE', name: org.name, organisationId: org.id },
  });
  await inTransaction((tx) => openLinkedAccounts(tx, account.id, account.number));
  for (const [vintage, quantity] of Object.entries(opts.cea ?? {})) {
    const v = Number(vintage);
    await issue(reg.mee, { instrument: 'CEA', vintage: v, quantity, legalBasis: 'test issuance' });
    await distributeToProvince(reg.mee, { provinceCode: province, vintage: v, quantity, legalBasis: 'test distribution' });
    await allocate(reg.regulators[province], { accountId: account.id, instrument: 'CEA', vintage: v, quantity, legalBasis: 'test allocation' });
  }
  for (const [vintage, quantity] of Object.entries(opts.ccer ?? {})) {
    const project = opts.ccerProject ?? (await independentCcerProject(reg));
    await issue(reg.registry, { instrument: 'CCER', vintage: Number(vintage), quantity, legalBasis: 'test CCER issuance', project });
    await allocate(reg.registry, { accountId: account.id, instrument: 'CCER', vintage: Number(vintage), quantity, legalBasis: 'test CCER', project });
  }
  if (opts.cash) await depositCash(reg.exchange, { accountId: account.id, amount: opts.cash, reference: 'test deposit' });
  return { actor, accountId: account.id, organisationId: org.id };
}

/** A CCER project of an independent developer (no covered owner): its CCER are eligible offsets. */
export async function independentCcerProject(reg: Registry): Promise<string> {
  const code = 'TEST-CCER-WIND-0001';
  if (!(await db().ccerProject.findUnique({ where: { code } }))) {
    await registerCcerProject(reg.registry, { code, name: 'Test wind farm', nameZh: '测试风电场', category: 'WIND' });
  }
  return code;
}

export async function tokenFor(actor: Actor): Promise<string> {
  return (await issueApiToken(actor)).token;
}

export async function holdingOf(accountId: number, vintage: number, instrument: 'CEA' | 'CCER' = 'CEA') {
  const h = await db().holding.findUnique({ where: { accountId_instrument_vintage: { accountId, instrument, vintage } } });
  return { available: Number(h?.available ?? 0n), locked: Number(h?.locked ?? 0n), pledged: Number(h?.pledged ?? 0n), frozen: Number(h?.frozen ?? 0n) };
}
