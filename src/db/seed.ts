import type { OrganisationKind, Role } from '@/generated/prisma/client';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { loadActor, type Actor } from '@/server/identity/actor';
import { hashPassword } from '@/server/identity/credentials';
import { ensureSystemAccounts, openLinkedAccounts } from '@/server/registry/accounts';
import { allocate, cancelVoluntarily, depositCash, issue, requestNonTradeTransfer } from '@/server/registry/movements';
import { decideApproval, submitForApproval } from '@/server/registry/approvals';
import { seedControls, seedControlsHistory, type ControlsActors } from './seedControls';
import { registerCcerProject } from '@/server/registry/ccerProjects';
import { inTransaction } from '@/server/tx';
import { db } from './client';
import { denseHistoryStart, seedMarket, seedMarketSetup } from './seedMarket';
import { seedSurrenders2025, type ComplianceActors } from './seedCompliance';
import { seedAllocationRuns, type AllocationActors } from './seedAllocation';
import { seedAuctions } from './seedAuctions';
import { HISTORY_START, seedHistory } from './seedHistory';
import { seedAnalysisInputs } from './seedAnalysis';
import { seedSandbox } from './seedSandbox';

/**
 * Demo data: two provinces (Guangdong, Hubei) each with a regulator; the national regulator; the
 * registry and exchange operators; ten compliance entities in power, cement and steel; two
 * investors; three years of allocation, compliance and trading (2024 to the demo day, seedHistory):
 * CEA of vintages 2023 to 2026, some CCER, cash, paid-allocation auctions, the 2023 and 2024
 * compliance years closed and 2025 in progress. Everything that moves units or cash goes through
 * the real services, on the demo clock, so the journal, balances and audit trail are consistent.
 */

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  organisation: string;
}

export const DEMO_PASSWORD = 'demo1234';

interface OrgSeed {
  key: string;
  name: string;
  nameZh: string;
  kind: OrganisationKind;
  province: 'GD' | 'HB' | null;
  division: string;
  industry?: string;
  group?: string;
  users: { email: string; name: string; roles: Role[] }[];
  /** CCER 2023 held (from which project), cash deposited (CNY) when the registry opens. */
  ccer?: { project: string; quantity: number };
  cash?: string;
  status?: 'ACTIVE' | 'PENDING' | 'RESTRICTED';
}

const ORGS: OrgSeed[] = [
  { key: 'mee', name: 'Ministry of Ecology and Environment', nameZh: '生态环境部', kind: 'REGULATOR', province: null, division: '110000',
    users: [{ email: 'mee@demo.cn', name: 'Wang Lei', roles: ['NATIONAL_REGULATOR'] }, { email: 'mee2@demo.cn', name: 'Liu Yang', roles: ['NATIONAL_REGULATOR'] }] },
  { key: 'gd-dee', name: 'Guangdong Department of Ecology and Environment', nameZh: '广东省生态环境厅', kind: 'REGULATOR', province: 'GD', division: '440000',
    users: [{ email: 'gd.regulator@demo.cn', name: 'Chen Hua', roles: ['PROVINCIAL_REGULATOR'] }, { email: 'gd.regulator2@demo.cn', name: 'Zhang Min', roles: ['PROVINCIAL_REGULATOR'] }] },
  { key: 'hb-dee', name: 'Hubei Department of Ecology and Environment', nameZh: '湖北省生态环境厅', kind: 'REGULATOR', province: 'HB', division: '420000',
    users: [{ email: 'hb.regulator@demo.cn', name: 'Li Na', roles: ['PROVINCIAL_REGULATOR'] }, { email: 'hb.regulator2@demo.cn', name: 'Wu Gang', roles: ['PROVINCIAL_REGULATOR'] }] },
  { key: 'registry', name: 'National Carbon Emission Registry', nameZh: '全国碳排放权注册登记机构', kind: 'REGISTRY_OPERATOR', province: null, division: '420100',
    users: [
      { email: 'registry@demo.cn', name: 'Zhao Min', roles: ['REGISTRY_OPERATOR'] },
      { email: 'registry2@demo.cn', name: 'Sun Jie', roles: ['REGISTRY_OPERATOR'] },
      { email: 'admin@demo.cn', name: 'Platform Admin', roles: ['ADMIN'] },
    ] },
  { key: 'exchange', name: 'National Carbon Trading Exchange', nameZh: '全国碳排放权交易机构', kind: 'EXCHANGE_OPERATOR', province: null, division: '310000',
    users: [{ email: 'exchange@demo.cn', name: 'Zhou Yan', roles: ['EXCHANGE_OPERATOR'] }, { email: 'exchange2@demo.cn', name: 'Xu Ting', roles: ['EXCHANGE_OPERATOR'] }] },
  // Guangdong compliance entities
  { key: 'gd-power-1', name: 'Guangzhou Pearl River Power Co., Ltd.', nameZh: '广州珠江电力有限公司', kind: 'COMPLIANCE_ENTITY', province: 'GD', division: '440100', industry: 'POWER', group: 'Pearl River Energy Group',
    users: [{ email: 'gd.power@demo.cn', name: 'Huang Wei', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }, { email: 'gd.power2@demo.cn', name: 'Qian Yu', roles: ['ENTITY_TRADER'] }], ccer: { project: 'CCER-GD-2023-0003', quantity: 40_000 }, cash: '80000000.00' },
  { key: 'gd-power-2', name: 'Shenzhen Mawan Power Co., Ltd.', nameZh: '深圳妈湾电力有限公司', kind: 'COMPLIANCE_ENTITY', province: 'GD', division: '440300', industry: 'POWER', group: 'Pearl River Energy Group',
    users: [{ email: 'sz.power@demo.cn', name: 'Lin Tao', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '60000000.00' },
  { key: 'gd-power-3', name: 'Zhuhai Jinwan Power Co., Ltd.', nameZh: '珠海金湾发电有限公司', kind: 'COMPLIANCE_ENTITY', province: 'GD', division: '440400', industry: 'POWER',
    users: [{ email: 'zh.power@demo.cn', name: 'He Jun', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '35000000.00' },
  { key: 'gd-cement', name: 'Yingde Lingnan Cement Co., Ltd.', nameZh: '英德岭南水泥有限公司', kind: 'COMPLIANCE_ENTITY', province: 'GD', division: '441800', industry: 'CEMENT',
    users: [{ email: 'gd.cement@demo.cn', name: 'Xu Fang', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '20000000.00' },
  { key: 'gd-steel', name: 'Shaoguan Iron and Steel Co., Ltd.', nameZh: '韶关钢铁有限公司', kind: 'COMPLIANCE_ENTITY', province: 'GD', division: '440200', industry: 'STEEL',
    users: [{ email: 'gd.steel@demo.cn', name: 'Guo Qiang', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '45000000.00' },
  // Hubei compliance entities
  { key: 'hb-power-1', name: 'Wuhan Qingshan Thermal Power Co., Ltd.', nameZh: '武汉青山热电有限公司', kind: 'COMPLIANCE_ENTITY', province: 'HB', division: '420100', industry: 'POWER',
    users: [{ email: 'hb.power@demo.cn', name: 'Liu Yang', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], ccer: { project: 'CCER-HB-2023-0001', quantity: 25_000 }, cash: '55000000.00' },
  { key: 'hb-power-2', name: 'Xiangyang Hanshui Power Co., Ltd.', nameZh: '襄阳汉水发电有限公司', kind: 'COMPLIANCE_ENTITY', province: 'HB', division: '420600', industry: 'POWER',
    users: [{ email: 'xy.power@demo.cn', name: 'Ma Rui', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '30000000.00' },
  { key: 'hb-cement-1', name: 'Huangshi Jingchu Cement Co., Ltd.', nameZh: '黄石荆楚水泥有限公司', kind: 'COMPLIANCE_ENTITY', province: 'HB', division: '420200', industry: 'CEMENT', group: 'Jingchu Building Materials Group',
    users: [{ email: 'hb.cement@demo.cn', name: 'Tang Li', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '18000000.00' },
  { key: 'hb-cement-2', name: 'Jingmen Jingchu Cement Co., Ltd.', nameZh: '荆门荆楚水泥有限公司', kind: 'COMPLIANCE_ENTITY', province: 'HB', division: '420800', industry: 'CEMENT', group: 'Jingchu Building Materials Group',
    users: [{ email: 'jm.cement@demo.cn', name: 'Feng Bo', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '12000000.00' },
  { key: 'hb-steel', name: 'Wuhan Changjiang Iron and Steel Co., Ltd.', nameZh: '武汉长江钢铁有限公司', kind: 'COMPLIANCE_ENTITY', province: 'HB', division: '420100', industry: 'STEEL',
    users: [{ email: 'hb.steel@demo.cn', name: 'Deng Kai', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }], cash: '50000000.00', status: 'RESTRICTED' },
  // Investors
  { key: 'gd-investor', name: 'Guangzhou Green Carbon Capital Co., Ltd.', nameZh: '广州绿碳资本有限公司', kind: 'INVESTOR', province: 'GD', division: '440100',
    users: [{ email: 'investor@demo.cn', name: 'Ye Qing', roles: ['INVESTOR'] }], ccer: { project: 'CCER-GD-2023-0002', quantity: 150_000 }, cash: '120000000.00' },
  { key: 'hb-investor', name: 'Wuhan Carbon Asset Management Co., Ltd.', nameZh: '武汉碳资产管理有限公司', kind: 'INVESTOR', province: 'HB', division: '420100',
    users: [{ email: 'hb.investor@demo.cn', name: 'Pan Hao', roles: ['INVESTOR'] }], ccer: { project: 'CCER-HB-2023-0001', quantity: 80_000 }, cash: '90000000.00' },
  // An application waiting for the registry operator
  { key: 'gd-pending', name: 'Foshan Nanhai Ceramics Power Co., Ltd.', nameZh: '佛山南海陶瓷电力有限公司', kind: 'COMPLIANCE_ENTITY', province: 'GD', division: '440600', industry: 'POWER',
    users: [], status: 'PENDING' },
];

/**
 * CCER projects of 2023 (1,000,000 t issued in all). Pearl River Power's solar plant belongs to a
 * covered entity: its CCER trade like any other but are not eligible offsets.
 */
const CCER_PROJECTS = [
  { code: 'CCER-HB-2023-0001', name: 'Shennongjia forestry carbon sink', nameZh: '神农架林业碳汇项目', category: 'FORESTRY', province: 'HB', owner: 'hb-investor', issued: 500_000 },
  { code: 'CCER-GD-2023-0002', name: 'Yangjiang Nanpeng Island offshore wind farm', nameZh: '阳江南鹏岛海上风电项目', category: 'WIND', province: 'GD', owner: 'gd-investor', issued: 350_000 },
  { code: 'CCER-GD-2023-0003', name: 'Pearl River Power Conghua photovoltaic plant', nameZh: '珠江电力从化光伏电站', category: 'SOLAR', province: 'GD', owner: 'gd-power-1', issued: 150_000 },
] as const;

const LOGIN_ROLES: Record<string, string> = {
  'gd.power@demo.cn': 'Compliance entity (trader + compliance officer), Guangdong',
  'gd.power2@demo.cn': 'Compliance entity, Guangdong (second representative: approves trusted accounts)',
  'hb.power@demo.cn': 'Compliance entity (trader + compliance officer), Hubei',
  'investor@demo.cn': 'Investor',
  'gd.regulator@demo.cn': 'Provincial regulator, Guangdong',
  'gd.regulator2@demo.cn': 'Provincial regulator, Guangdong (second, confirms allocation runs)',
  'hb.regulator@demo.cn': 'Provincial regulator, Hubei',
  'mee@demo.cn': 'National regulator',
  'mee2@demo.cn': 'National regulator (second: approves policy, rules, cap and distribution)',
  'registry@demo.cn': 'Registry operator',
  'registry2@demo.cn': 'Registry operator (second approver)',
  'exchange@demo.cn': 'Exchange operator',
  'exchange2@demo.cn': 'Exchange operator (second: approves auction settlements)',
  'admin@demo.cn': 'Administrator',
};

export const DEMO_LOGINS: DemoLogin[] = Object.entries(LOGIN_ROLES).map(([email, role]) => ({
  role,
  email,
  password: DEMO_PASSWORD,
  organisation: ORGS.find((o) => o.users.some((u) => u.email === email))!.name,
}));

/** An organisation code for the demo credit codes: 9 characters from the key, deterministic. */
function orgCodeFor(key: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 9; i++) {
    out += alphabet[h % 31];
    h = Math.floor(h / 31) + (i + 7) * 1_000_003;
  }
  return out;
}

/**
 * The day the demo scenario is written for: the 2023 and 2024 compliance years closed, 2025 part-way
 * (deadline 31 December 2026), CEA-2026 auctions ahead. A fresh demo starts its clock on 2 January
 * 2024 and moves it to this day whatever the real date, so the demo (and every test that seeds it)
 * looks the same on any day. DEMO_DATE moves it (from December 2026 on: the history's events are
 * dated; a later day adds weeks of trading before the last three).
 */
export const DEMO_SCENARIO_DATE = '2026-12-07';

export async function seedDemoData({ demoDate = DEMO_SCENARIO_DATE }: { demoDate?: string } = {}): Promise<void> {
  if (demoDate < '2026-12-01') throw new Error(`The demo is written for a demo day from 1 December 2026 on (DEMO_DATE=${demoDate}).`);
  const client = db();
  // The calendar, the trading settings and the demo clock first: everything is stamped on it.
  await seedMarketSetup(HISTORY_START);
  await client.province.createMany({
    data: [
      { code: 'GD', name: 'Guangdong', nameZh: '广东省' },
      { code: 'HB', name: 'Hubei', nameZh: '湖北省' },
    ],
    skipDuplicates: true,
  });
  await inTransaction((tx) => ensureSystemAccounts(tx));

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accountOf = new Map<string, number>();
  const organisationOf = new Map<string, number>();
  const firstUser = new Map<string, number>();
  for (const o of ORGS) {
    const org = await client.organisation.create({
      data: {
        name: o.name, nameZh: o.nameZh, kind: o.kind, provinceCode: o.province, industry: o.industry ?? null, groupName: o.group ?? null,
        creditCode: makeCreditCode(`91${o.division}${orgCodeFor(o.key)}`),
        // The registry sits in Wuhan (division 4201) but, a national body, belongs to no province.
        address: o.province === 'GD' ? 'Guangdong, China' : o.province === 'HB' || o.division.startsWith('42') ? 'Hubei, China' : 'Beijing, China',
      },
    });
    organisationOf.set(o.key, org.id);
    for (const u of o.users) {
      const user = await client.user.create({ data: { email: u.email, name: u.name, roles: u.roles, organisationId: org.id, passwordHash } });
      if (!firstUser.has(o.key)) firstUser.set(o.key, user.id);
    }
    if (o.kind === 'COMPLIANCE_ENTITY' || o.kind === 'INVESTOR') {
      const account = await client.registryAccount.create({
        data: { number: `RA-${org.creditCode}`, type: 'PARTICIPANT', status: o.status === 'PENDING' ? 'PENDING' : 'ACTIVE', name: o.name, organisationId: org.id },
      });
      accountOf.set(o.key, account.id);
      if (o.status !== 'PENDING') {
        await client.accountStatusChange.create({ data: { accountId: account.id, fromStatus: 'PENDING', toStatus: 'ACTIVE', reason: 'Application documents verified' } });
        await inTransaction((tx) => openLinkedAccounts(tx, account.id, account.number));
      }
    }
  }

  const actors = new Map<string, Actor>();
  const actor = async (key: string): Promise<Actor> => {
    if (!actors.has(key)) actors.set(key, await loadActor(firstUser.get(key)!));
    return actors.get(key)!;
  };
  const mee = await actor('mee');
  const registry = await actor('registry');
  const exchange = await actor('exchange');
  const regulators = { GD: await actor('gd-dee'), HB: await actor('hb-dee') };
  const second = async (email: string) => loadActor((await client.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id);
  const secondRegulators = { GD: await second('gd.regulator2@demo.cn'), HB: await second('hb.regulator2@demo.cn') };
  const registry2 = await second('registry2@demo.cn');
  const numbers = new Map((await client.registryAccount.findMany({ where: { type: 'PARTICIPANT' }, select: { id: true, number: true } })).map((r) => [r.id, r.number]));
  const controlsActors: ControlsActors = { actor, byEmail: second, accountOf: (key) => accountOf.get(key)!, numberOf: (key) => numbers.get(accountOf.get(key)!)! };

  // CCER of 2023 to their projects' owners (or the accounts they designated), and cash.
  const participants = ORGS.filter((o) => o.ccer || o.cash);
  for (const p of CCER_PROJECTS) {
    await registerCcerProject(registry, { code: p.code, name: p.name, nameZh: p.nameZh, category: p.category, provinceCode: p.province, ownerOrganisationId: organisationOf.get(p.owner)! });
    await issue(registry, { instrument: 'CCER', vintage: 2023, quantity: p.issued, legalBasis: `CCER issuance 2023: ${p.name}`, project: p.code });
  }
  for (const o of participants) {
    if (!o.ccer) continue;
    const { project, quantity } = o.ccer;
    const owner = CCER_PROJECTS.find((p) => p.code === project)!.owner;
    await allocate(registry, {
      accountId: accountOf.get(o.key)!, instrument: 'CCER', vintage: 2023, quantity, project,
      legalBasis: owner === o.key ? `CCER of ${project} to its owner` : `CCER of ${project} to the account its owner designated (forward sale)`,
    });
  }
  for (const o of participants) {
    if (!o.cash) continue;
    await depositCash(exchange, { accountId: accountOf.get(o.key)!, amount: o.cash, reference: `Bank transfer ${o.key.toUpperCase()}-0001` });
  }

  // A few registry events just before the last weeks, so every screen has something to show.
  const registryEvents = async () => {
    await cancelVoluntarily(await actor('gd-power-1'), { instrument: 'CEA', vintage: 2023, quantity: 5_000, reason: 'Carbon-neutral annual shareholders meeting' });
    // Four eyes: the registry operator asks, the second operator approves.
    const approve = async (r: { approvalId: number }) => decideApproval(registry2, r.approvalId, 'approve', 'Documents checked');
    await approve(await submitForApproval(registry, 'freeze', {
      accountId: accountOf.get('gd-steel')!, instrument: 'CEA', vintage: 2023, quantity: 50_000,
      authority: 'Shaoguan Intermediate People’s Court', orderReference: '(2026) Yue 02 Zhi Bao No. 118', reason: 'Property preservation order in a contract dispute',
    }));
    await approve(await submitForApproval(registry, 'pledge', {
      accountId: accountOf.get('hb-power-1')!, instrument: 'CEA', vintage: 2024, quantity: 200_000,
      pledgee: 'Bank of Hubei, Wuhan Branch', securedAmount: '8000000.00', contractReference: 'HBB-CEA-PLG-2026-031',
    }));
    await requestNonTradeTransfer(await actor('hb-cement-1'), {
      toAccountId: accountOf.get('hb-cement-2')!, instrument: 'CEA', vintage: 2024, quantity: 30_000, kind: 'SPLIT',
      reason: 'Grinding line transferred to Jingmen subsidiary after the group restructuring', documentsRef: 'Board resolution JC-2026-17; SAMR filing 4208-2026-0093',
    });
    // One account restricted by the registry operator (registered information out of date).
    for (const o of ORGS.filter((x) => x.status === 'RESTRICTED')) {
      await approve(await submitForApproval(registry, 'account.status', { accountId: accountOf.get(o.key)!, action: 'restrict', reason: 'Registered legal representative no longer matches the business licence' }));
    }
    await seedControlsHistory(controlsActors);
  };

  // Three years of allocation, compliance and trading, up to the last weeks before the demo day.
  const allocationActors: AllocationActors = { mee, regulators, secondRegulators, organisationOf: (key) => organisationOf.get(key)! };
  const complianceActors: ComplianceActors = { entity: actor, regulators, accountOf: (key) => accountOf.get(key)!, organisationOf: (key) => organisationOf.get(key)! };
  const until = denseHistoryStart(demoDate);
  const analysis = seedAnalysisInputs(mee, until);
  await seedHistory({
    mee, exchange, regulators, secondRegulators, actor, accountOf: (key) => accountOf.get(key)!, organisationOf: (key) => organisationOf.get(key)!,
    participants: ORGS.filter((o) => (o.kind === 'COMPLIANCE_ENTITY' || o.kind === 'INVESTOR') && o.status !== 'PENDING')
      .map((o) => ({ key: o.key, kind: o.kind as 'COMPLIANCE_ENTITY' | 'INVESTOR', group: o.group ?? null })),
    until, registryEvents, analysisSteps: analysis.steps,
  });

  // The last three weeks, traded every day, with the paid-allocation auctions held during them.
  const auctions = seedAuctions({ mee, exchange, trader: actor });
  await seedMarket({ exchange, demoDate, trader: actor, accountOf: (key) => accountOf.get(key)!, onMorning: auctions.onMorning });

  // The demo day: the 2025 surrenders so far, the closure of Jingmen cement and the 2026
  // pre-allocation runs, this month's fuel prices; bids in the open auction, the 2026 paid allocation
  // set aside and its first auction announced.
  await seedSurrenders2025(complianceActors);
  await seedAllocationRuns(allocationActors);
  await analysis.rest();
  await auctions.finish();
  await seedControls(controlsActors);
  await seedSandbox({ mee, gdRegulator: regulators.GD });
}

/** Seeds demo data when the database has no organisations. Returns true if it seeded. */
export async function seedIfEmpty(options: { demoDate?: string } = {}): Promise<boolean> {
  const count = await db().organisation.count();
  if (count > 0) return false;
  await seedDemoData(options);
  return true;
}
