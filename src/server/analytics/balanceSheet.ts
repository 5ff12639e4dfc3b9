import Decimal from 'decimal.js';
import { db } from '@/db/client';
import { daysBetween } from '@/domain/trading/calendar';
import { problem } from '@/domain/problems';
import { coverLiabilities, forecastEmissions, type CoveredLiability, type EmissionForecast, type Liability } from '@/domain/compliance/balanceSheet';
import type { ForecastCommand } from '@/schemas/analytics';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';
import { cycleOf, marketDate, policyOf } from '../compliance/cycle';
import { ccerLotsOf } from '../registry/ccerProjects';

/**
 * The carbon balance sheet of a covered entity (DOMAIN §7a): its allowances and CCER by vintage,
 * valued at the market close (the instrument's last close, else the newest CEA close); its open
 * obligations as liabilities — each compliance year whose surrender deadline has not passed, and
 * the running year — verified, else reported, else forecast; the net position in tonnes and CNY;
 * the cost of closing the gap at today's price and at a price the reader gives; the deadline. The
 * entity sees its own; regulators an entity in their scope (`organisationId`). Read-only.
 */

export interface AssetLine {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  symbol: string;
  available: number;
  locked: number;
  pledged: number;
  frozen: number;
  total: number;
  price: string | null;
  /** Whether the price is the vintage's own close or the newest CEA close (no instrument for the vintage). */
  priceSource: 'OWN' | 'NEWEST_CEA' | 'NONE';
  value: string;
}

export interface LiabilityLine extends CoveredLiability {
  price: string | null;
  value: string;
  daysLeft: number;
  forecast: EmissionForecast | null;
}

export interface BalanceSheet {
  organisationId: number;
  name: string;
  nameZh: string;
  marketDate: string;
  assets: AssetLine[];
  assetsValue: string;
  /** Eligible CCER among the CCER held (projects of covered entities do not count as offsets). */
  eligibleCcer: number;
  liabilities: LiabilityLine[];
  liabilitiesValue: string;
  netTonnes: number;
  netValue: string;
  shortfall: number;
  /** Today's allowance price used for the gap (the close of the nearest year's CEA, else the newest), and the cost. */
  price: string | null;
  costToClose: string | null;
  /** The same at the price asked for (`?price=`). */
  askedPrice: string | null;
  costAtAskedPrice: string | null;
  /** The nearest deadline with something still to surrender. */
  nextDeadline: { year: number; date: string; daysLeft: number } | null;
  /** The running year's monthly figures as entered. */
  monthly: { year: number; months: { month: number; emissions: number }[] };
}

const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

async function entityOf(actor: Actor, organisationId: number | undefined) {
  // A regulator names the entity; an entity reads its own.
  if (organisationId === undefined && actor.organisationKind !== 'COMPLIANCE_ENTITY') {
    authorize(actor, 'balanceSheet.read');
    throw fail('INVALID_INPUT', {}, { 'query.organisationId': problem('FIELD_REQUIRED') });
  }
  const id = organisationId ?? actor.organisationId;
  const org = await db().organisation.findUnique({ where: { id }, select: { id: true, name: true, nameZh: true, kind: true, provinceCode: true } });
  if (!org) throw fail('NOT_FOUND', { what: 'organisation', id });
  authorize(actor, 'balanceSheet.read', { organisationId: org.id, provinceCode: org.provinceCode });
  if (org.kind !== 'COMPLIANCE_ENTITY') throw fail('FORBIDDEN', { reason: 'COVERED_ENTITIES_ONLY' });
  return org;
}

export async function balanceSheet(actor: Actor, opts: { organisationId?: number; price?: string } = {}): Promise<BalanceSheet> {
  const org = await entityOf(actor, opts.organisationId);
  const client = db();
  const today = await marketDate();
  const thisYear = Number(today.slice(0, 4));
  const policy = await policyOf(client);
  const account = await client.registryAccount.findUnique({ where: { organisationId: org.id }, select: { id: true } });

  // Prices: each instrument's last close (else its reference price); the newest CEA's for vintages without one.
  const instruments = await client.tradingInstrument.findMany({ select: { symbol: true, instrument: true, vintage: true, previousClose: true, referencePrice: true } });
  const closeOf = new Map(instruments.map((i) => [i.symbol, i.previousClose ?? i.referencePrice]));
  const newestCea = instruments.filter((i) => i.instrument === 'CEA').sort((a, b) => b.vintage - a.vintage)[0];
  const newestCeaPrice = newestCea ? (newestCea.previousClose ?? newestCea.referencePrice) : null;
  const priceFor = (instrument: 'CEA' | 'CCER', vintage: number): { price: string | null; source: AssetLine['priceSource'] } => {
    const own = closeOf.get(`${instrument}-${vintage}`);
    if (own) return { price: new Decimal(own.toString()).toFixed(2), source: 'OWN' };
    if (instrument === 'CEA' && newestCeaPrice) return { price: new Decimal(newestCeaPrice.toString()).toFixed(2), source: 'NEWEST_CEA' };
    return { price: null, source: 'NONE' };
  };

  const holdings = account ? await client.holding.findMany({ where: { accountId: account.id }, orderBy: [{ instrument: 'asc' }, { vintage: 'asc' }] }) : [];
  const assets: AssetLine[] = holdings
    .map((h) => {
      const [available, locked, pledged, frozen] = [h.available, h.locked, h.pledged, h.frozen].map(Number) as [number, number, number, number];
      const total = available + locked + pledged + frozen;
      const p = priceFor(h.instrument, h.vintage);
      return {
        instrument: h.instrument, vintage: h.vintage, symbol: `${h.instrument}-${h.vintage}`, available, locked, pledged, frozen, total,
        price: p.price, priceSource: p.source, value: p.price ? money(new Decimal(total).times(p.price)) : '0.00',
      };
    })
    .filter((a) => a.total > 0);

  // Open years: covered, deadline not passed; and the running year.
  const coverage = await client.coveredEntity.findMany({ where: { organisationId: org.id }, select: { fromYear: true, toYear: true } });
  const coveredIn = (y: number) => coverage.some((c) => c.fromYear <= y && (c.toYear === null || c.toYear >= y));
  const reports = await client.emissionReport.findMany({ where: { organisationId: org.id }, select: { year: true, reportedCo2e: true, verifiedEmissions: true, status: true } });
  const reportOf = new Map(reports.map((r) => [r.year, r]));
  const candidateYears = [thisYear - 2, thisYear - 1, thisYear];
  const monthlyRows = await client.emissionForecast.findMany({ where: { organisationId: org.id, year: { in: candidateYears } }, orderBy: { month: 'asc' } });
  const liabilities: (Liability & { forecast: EmissionForecast | null })[] = [];
  for (const year of candidateYears) {
    if (!coveredIn(year) && !reportOf.has(year)) continue;
    const cycle = await cycleOf(client, year);
    if (cycle.surrenderDeadline < today) continue;
    const report = reportOf.get(year);
    const surrendered = await client.surrender.aggregate({ where: { organisationId: org.id, year }, _sum: { creditedCea: true, creditedOffset: true } });
    let obligation: number | null;
    let basis: Liability['basis'];
    let forecast: EmissionForecast | null = null;
    if (report?.status === 'VERIFIED' && report.verifiedEmissions !== null) {
      obligation = Number(report.verifiedEmissions);
      basis = 'VERIFIED';
    } else if (report) {
      obligation = Number(report.reportedCo2e);
      basis = 'REPORTED';
    } else {
      const last = reportOf.get(year - 1);
      forecast = forecastEmissions(
        monthlyRows.filter((m) => m.year === year).map((m) => ({ month: m.month, emissions: Number(m.emissions) })),
        last ? Number(last.verifiedEmissions ?? last.reportedCo2e) : null,
      );
      obligation = forecast.emissions;
      basis = forecast.basis;
    }
    liabilities.push({
      year, deadline: cycle.surrenderDeadline, obligation, basis, forecast,
      surrendered: Number(surrendered._sum.creditedCea ?? 0n) + Number(surrendered._sum.creditedOffset ?? 0n),
      offsetsUsed: Number(surrendered._sum.creditedOffset ?? 0n), offsetShare: policy.offsetShare,
    });
  }

  const nearestYear = liabilities.map((l) => l.year).sort()[0] ?? thisYear;
  const lots = account ? await ccerLotsOf(client, account.id, nearestYear) : [];
  const eligibleCcer = lots.filter((l) => l.eligible).reduce((s, l) => s + l.quantity, 0);
  // Usable: what is not pledged or frozen (units locked in open sell listings come back when withdrawn).
  const usable = {
    cea: assets.filter((a) => a.instrument === 'CEA').map((a) => ({ vintage: a.vintage, quantity: a.available + a.locked })),
    eligibleCcer: Math.min(eligibleCcer, assets.filter((a) => a.instrument === 'CCER').reduce((s, a) => s + a.available + a.locked, 0)),
  };
  const position = coverLiabilities(usable, liabilities, policy.banking);
  const lines: LiabilityLine[] = position.liabilities.map((l) => {
    const p = priceFor('CEA', l.year).price;
    return {
      ...l, forecast: liabilities.find((x) => x.year === l.year)?.forecast ?? null, price: p,
      value: p ? money(new Decimal(l.remaining).times(p)) : '0.00', daysLeft: daysBetween(today, l.deadline),
    };
  });
  const assetsValue = assets.reduce((s, a) => s.plus(a.value), new Decimal(0));
  const liabilitiesValue = lines.reduce((s, l) => s.plus(l.value), new Decimal(0));
  const due = lines.filter((l) => l.remaining > 0).sort((a, b) => a.deadline.localeCompare(b.deadline))[0];
  const price = priceFor('CEA', due?.year ?? nearestYear).price;
  return {
    organisationId: org.id, name: org.name, nameZh: org.nameZh, marketDate: today,
    assets, assetsValue: money(assetsValue), eligibleCcer,
    liabilities: lines, liabilitiesValue: money(liabilitiesValue),
    netTonnes: position.net, netValue: money(assetsValue.minus(liabilitiesValue)), shortfall: position.shortfall,
    price, costToClose: price ? money(new Decimal(position.shortfall).times(price)) : null,
    askedPrice: opts.price ? new Decimal(opts.price).toFixed(2) : null,
    costAtAskedPrice: opts.price ? money(new Decimal(position.shortfall).times(opts.price)) : null,
    nextDeadline: due ? { year: due.year, date: due.deadline, daysLeft: due.daysLeft } : null,
    monthly: { year: thisYear, months: monthlyRows.filter((m) => m.year === thisYear).map((m) => ({ month: m.month, emissions: Number(m.emissions) })) },
  };
}

/**
 * Replaces an entity's monthly emission figures of a year (its compliance officer), for months that
 * have begun on the market clock. Audited with the figures before and after.
 */
export async function setEmissionForecast(actor: Actor, year: number, cmd: ForecastCommand): Promise<{ year: number; months: { month: number; emissions: number }[] }> {
  authorize(actor, 'balanceSheet.forecast', { organisationId: actor.organisationId });
  const today = await marketDate();
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const seen = new Set<number>();
  for (const [i, m] of cmd.months.entries()) {
    if (year > ty || (year === ty && m.month > tm)) throw fail('FORECAST_MONTH_AHEAD', { year, month: m.month }, { [`months.${i}.month`]: problem('FORECAST_MONTH_AHEAD', { year, month: m.month }) });
    if (seen.has(m.month)) throw fail('INVALID_INPUT', {}, { [`months.${i}.month`]: problem('FIELD_INVALID') });
    seen.add(m.month);
  }
  return inTransaction(async (tx) => {
    const before = await tx.emissionForecast.findMany({ where: { organisationId: actor.organisationId, year }, orderBy: { month: 'asc' } });
    await tx.emissionForecast.deleteMany({ where: { organisationId: actor.organisationId, year } });
    await tx.emissionForecast.createMany({ data: cmd.months.map((m) => ({ organisationId: actor.organisationId, year, month: m.month, emissions: BigInt(m.emissions), enteredById: actor.userId })) });
    const months = [...cmd.months].sort((a, b) => a.month - b.month);
    await recordAudit(tx, actor, {
      action: 'balanceSheet.forecast', targetType: 'organisation', targetId: actor.organisationId,
      before: { year, months: before.map((m) => ({ month: m.month, emissions: Number(m.emissions) })) }, after: { year, months },
    });
    return { year, months };
  });
}
