import type { OrganisationKind, Role } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { loadActor, type Actor } from '@/server/identity/actor';
import { hashPassword } from '@/server/identity/credentials';
import { ensureSystemAccounts, openLinkedAccounts } from '@/server/registry/accounts';
import { allocate, depositCash, distributeToProvince, issue } from '@/server/registry/movements';
import { createInstrument } from '@/server/trading/instruments';
import { getClock } from '@/server/trading/market';
import { controlClock } from '@/server/schedule/dueWork';
import { inTransaction } from '@/server/tx';

/**
 * The market the load runs against, built through the real services (journal, balances and audit
 * agree, as in tests/support/fixtures.ts): provinces and system accounts, a national regulator, the
 * Guangdong regulator, an exchange operator, N traders each allocated `unitsPerTrader` t of the
 * vintage (issued once in bulk, distributed to the province, allocated per trader) and deposited
 * `cashPerTrader` CNY, the instrument with its reference price, no position limits, and the
 * listed session open on the demo clock.
 */
export interface BenchTrader {
  email: string;
  accountId: number;
}

export interface BenchMarket {
  symbol: string;
  referencePrice: string;
  password: string;
  operatorEmail: string;
  traders: BenchTrader[];
  marketTime: string;
  tradingDay: string;
}

export const BENCH_PASSWORD = 'bench-password-1';

export async function createMarket(opts: {
  traders: number;
  vintage: number;
  unitsPerTrader: number;
  cashPerTrader: string;
  referencePrice: string;
  say: (line: string) => void;
}): Promise<BenchMarket> {
  const existing = await db().organisation.count();
  if (existing > 0) throw new Error(`The benchmark database already holds ${existing} organisations: give it a fresh, empty database.`);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  let seq = 0;
  const org = async (kind: OrganisationKind, province: string | null, roles: Role[], label: string): Promise<Actor> => {
    seq += 1;
    const o = await db().organisation.create({
      data: { name: `Bench ${label}`, nameZh: `压测${label}`, creditCode: makeCreditCode(`91440100${String(seq).padStart(9, '0')}`), kind, provinceCode: province },
    });
    const u = await db().user.create({
      data: { email: `${label.toLowerCase().replace(/\s+/g, '-')}@bench.test`, name: `Bench ${label}`, passwordHash, organisationId: o.id, roles },
    });
    return loadActor(u.id);
  };

  await db().province.createMany({ data: [{ code: 'GD', name: 'Guangdong', nameZh: '广东省' }, { code: 'HB', name: 'Hubei', nameZh: '湖北省' }], skipDuplicates: true });
  await inTransaction((tx) => ensureSystemAccounts(tx));
  const mee = await org('REGULATOR', null, ['NATIONAL_REGULATOR'], 'MEE');
  const gd = await org('REGULATOR', 'GD', ['PROVINCIAL_REGULATOR'], 'GD regulator');
  const exchange = await org('EXCHANGE_OPERATOR', null, ['EXCHANGE_OPERATOR'], 'Exchange operator');

  const total = opts.traders * opts.unitsPerTrader;
  await issue(mee, { instrument: 'CEA', vintage: opts.vintage, quantity: total, legalBasis: 'benchmark issuance' });
  await distributeToProvince(mee, { provinceCode: 'GD', vintage: opts.vintage, quantity: total, legalBasis: 'benchmark distribution' });

  const traders: BenchTrader[] = [];
  for (let i = 1; i <= opts.traders; i += 1) {
    const actor = await org('COMPLIANCE_ENTITY', 'GD', ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'], `Trader ${String(i).padStart(3, '0')}`);
    const o = await db().organisation.findUniqueOrThrow({ where: { id: actor.organisationId } });
    const account = await db().registryAccount.create({
      data: { number: `RA-${o.creditCode}`, type: 'PARTICIPANT', status: 'ACTIVE', name: o.name, organisationId: o.id },
    });
    await inTransaction((tx) => openLinkedAccounts(tx, account.id, account.number));
    traders.push({ email: actor.email, accountId: account.id });
  }
  // Allocations and deposits, a few at a time (they all touch the province's and the bank's rows).
  for (let i = 0; i < traders.length; i += 8) {
    await Promise.all(
      traders.slice(i, i + 8).map(async (t) => {
        await allocate(gd, { accountId: t.accountId, instrument: 'CEA', vintage: opts.vintage, quantity: opts.unitsPerTrader, legalBasis: 'benchmark allocation' });
        await depositCash(exchange, { accountId: t.accountId, amount: opts.cashPerTrader, reference: 'benchmark deposit' });
      }),
    );
  }

  const { symbol } = await createInstrument(exchange, { instrument: 'CEA', vintage: opts.vintage, referencePrice: opts.referencePrice });
  // Position limits and large-holder reports must not get in the way of the load.
  await db().marketSettings.update({ where: { id: 1 }, data: { entityPositionLimit: null, investorPositionLimit: null, largeHolderThreshold: null } });
  let clock = await getClock();
  for (let attempt = 0; !clock.listedOpen && attempt < 3; attempt += 1) clock = await controlClock(exchange, { action: 'open-session' });
  if (!clock.listedOpen) throw new Error(`Could not open the listed session (market time ${clock.marketTime}, ${clock.phase}).`);
  opts.say(`market: ${opts.traders} traders × ${opts.unitsPerTrader.toLocaleString('en')} t ${symbol} and ${Number(opts.cashPerTrader).toLocaleString('en')} CNY; reference price ${opts.referencePrice}; session open at ${clock.marketTime} (trading day ${clock.tradingDay})`);
  return { symbol, referencePrice: opts.referencePrice, password: BENCH_PASSWORD, operatorEmail: exchange.email, traders, marketTime: clock.marketTime, tradingDay: clock.tradingDay };
}
