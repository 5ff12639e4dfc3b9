import Decimal from 'decimal.js';
import { Prisma, type Instrument, type InstrumentStatus } from '@/generated/prisma/client';
import { BAND_PERCENT, priceBand, isWithinBand, type PriceBand, type TradingMethod } from '@/domain/trading/priceBand';
import { formatMoney } from '@/domain/money';
import type { InstrumentCreateCommand, InstrumentStatusCommand, ReferencePriceCommand } from '@/schemas/trading';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction, type Tx } from '../tx';
import { instrumentLock } from './locks';

export interface InstrumentRow {
  symbol: string;
  instrument: Instrument;
  vintage: number;
  status: InstrumentStatus;
  statusReason: string | null;
  previousClose: Decimal | null;
  referencePrice: Decimal | null;
}

/** The price bands are set from: the previous close, or on the first day the reference price. */
export const bandBase = (i: InstrumentRow): Decimal | null => i.previousClose ?? i.referencePrice;

export function bandsOf(i: InstrumentRow): { listed: PriceBand; block: PriceBand } | null {
  const base = bandBase(i);
  return base ? { listed: priceBand(base, 'LISTED'), block: priceBand(base, 'BLOCK') } : null;
}

export interface InstrumentColumn {
  symbol: string;
  instrument: Instrument;
  vintage: number;
  status: InstrumentStatus;
  status_reason: string | null;
  previous_close: { toString(): string } | null;
  reference_price: { toString(): string } | null;
}
const INSTRUMENT_COLUMNS = Prisma.sql`symbol, instrument, vintage, status, status_reason, previous_close, reference_price`;
const toInstrument = (r: InstrumentColumn): InstrumentRow => ({
  symbol: r.symbol,
  instrument: r.instrument,
  vintage: r.vintage,
  status: r.status,
  statusReason: r.status_reason,
  previousClose: r.previous_close === null ? null : new Decimal(r.previous_close.toString()),
  referencePrice: r.reference_price === null ? null : new Decimal(r.reference_price.toString()),
});

export async function findInstrument(tx: Tx, symbol: string): Promise<InstrumentRow | null> {
  const rows = await tx.$queryRaw<InstrumentColumn[]>`
    SELECT ${INSTRUMENT_COLUMNS} FROM trading_instrument WHERE symbol = ${symbol}`;
  return rows[0] ? toInstrument(rows[0]) : null;
}

export async function allInstruments(tx: Tx): Promise<InstrumentRow[]> {
  const rows = await tx.$queryRaw<InstrumentColumn[]>`
    SELECT ${INSTRUMENT_COLUMNS} FROM trading_instrument ORDER BY instrument, vintage`;
  return rows.map(toInstrument);
}

/**
 * The instrument an order is for, checked for trading: it exists, it is not suspended, it has a
 * price to set bands from, and `price` is inside the band of `method` (422 naming the band).
 */
export async function tradableInstrument(tx: Tx, symbol: string, method: TradingMethod, price: Decimal): Promise<{ instrument: InstrumentRow; band: PriceBand }> {
  return requireTradable(await findInstrument(tx, symbol), symbol, method, price);
}

/** tradableInstrument's checks on an instrument already read (null: not found). */
export function requireTradable(found: InstrumentRow | null, symbol: string, method: TradingMethod, price: Decimal): { instrument: InstrumentRow; band: PriceBand } {
  const { instrument, band } = requireOpen(found, symbol, method);
  if (!isWithinBand(price, band)) {
    const low = formatMoney(band.low);
    const high = formatMoney(band.high);
    throw fail(
      method === 'LISTED' ? 'PRICE_OUTSIDE_LISTED_BAND' : 'PRICE_OUTSIDE_BLOCK_BAND',
      { symbol, price: formatMoney(price), band: BAND_PERCENT[method].toString(), low, high },
      { price: problem('PRICE_BETWEEN', { low, high }) },
    );
  }
  return { instrument, band };
}

/** The instrument, checked for trading (exists, not suspended, has a band base), with its band for `method`. */
export async function openInstrument(tx: Tx, symbol: string, method: TradingMethod): Promise<{ instrument: InstrumentRow; band: PriceBand }> {
  return requireOpen(await findInstrument(tx, symbol), symbol, method);
}

/**
 * openInstrument, reading the instrument in the statement that takes its lock (locks.ts): for the
 * take batch, whose time under the lock counts. A symbol with no instrument takes no lock.
 */
export async function lockOpenInstrument(tx: Tx, symbol: string, method: TradingMethod): Promise<{ instrument: InstrumentRow; band: PriceBand }> {
  const rows = await tx.$queryRaw<InstrumentColumn[]>`
    SELECT ${instrumentLock(symbol)}::text AS locked, ${INSTRUMENT_COLUMNS} FROM trading_instrument WHERE symbol = ${symbol}`;
  return requireOpen(rows[0] ? toInstrument(rows[0]) : null, symbol, method);
}

/** The instrument open for orders of `method`, with that method's price band; refuses a missing or suspended one, or one without a price. */
export function requireOpen(instrument: InstrumentRow | null, symbol: string, method: TradingMethod): { instrument: InstrumentRow; band: PriceBand } {
  if (!instrument) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
  if (instrument.status === 'SUSPENDED') throw fail('INSTRUMENT_SUSPENDED', { symbol, reason: instrument.statusReason });
  const bands = bandsOf(instrument);
  if (!bands) throw fail('NO_REFERENCE_PRICE', { symbol });
  return { instrument, band: method === 'LISTED' ? bands.listed : bands.block };
}

/**
 * The instrument `symbol` as one column of a statement (`AS instrument`, JSON, null when there is
 * none), read with `instrumentFromColumn`: an order reads it with the market state in one round trip.
 */
export const instrumentColumn = (symbol: string): Prisma.Sql => Prisma.sql`(
  SELECT json_build_object('symbol', symbol, 'instrument', instrument, 'vintage', vintage, 'status', status, 'status_reason', status_reason,
                           'previous_close', previous_close::text, 'reference_price', reference_price::text)
    FROM trading_instrument WHERE symbol = ${symbol}) AS instrument`;

export const instrumentFromColumn = (value: InstrumentColumn | null): InstrumentRow | null => (value ? toInstrument(value) : null);

/** The exchange operator lists a new instrument with its first-day reference price. */
export async function createInstrument(actor: Actor, cmd: InstrumentCreateCommand): Promise<{ symbol: string }> {
  authorize(actor, 'market.operate');
  const symbol = `${cmd.instrument}-${cmd.vintage}`;
  return inTransaction(async (tx) => {
    if (await findInstrument(tx, symbol)) throw fail('INSTRUMENT_EXISTS', { symbol }, { vintage: problem('INSTRUMENT_EXISTS', { symbol }) });
    await tx.tradingInstrument.create({ data: { symbol, instrument: cmd.instrument, vintage: cmd.vintage, referencePrice: cmd.referencePrice } });
    await recordAudit(tx, actor, { action: 'instrument.create', targetType: 'trading_instrument', targetId: symbol, after: cmd });
    return { symbol };
  });
}

/** The exchange operator suspends or resumes trading in an instrument (风险警示). */
export async function setInstrumentStatus(actor: Actor, symbol: string, cmd: InstrumentStatusCommand): Promise<{ symbol: string; status: InstrumentStatus }> {
  authorize(actor, 'market.operate');
  return inTransaction(async (tx) => {
    const before = await findInstrument(tx, symbol);
    if (!before) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
    if (before.status === cmd.status) throw fail('NO_CHANGE', { what: 'instrument', name: symbol, suspended: cmd.status === 'SUSPENDED' });
    await tx.tradingInstrument.update({ where: { symbol }, data: { status: cmd.status, statusReason: cmd.status === 'SUSPENDED' ? cmd.reason : null } });
    await recordAudit(tx, actor, {
      action: cmd.status === 'SUSPENDED' ? 'instrument.suspend' : 'instrument.resume', targetType: 'trading_instrument', targetId: symbol,
      before: { status: before.status }, after: cmd,
    });
    return { symbol, status: cmd.status };
  });
}

/** The exchange operator sets the reference price (used for bands until the first close). */
export async function setReferencePrice(actor: Actor, symbol: string, cmd: ReferencePriceCommand): Promise<{ symbol: string; referencePrice: string }> {
  authorize(actor, 'market.operate');
  return inTransaction(async (tx) => {
    const before = await findInstrument(tx, symbol);
    if (!before) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
    await tx.tradingInstrument.update({ where: { symbol }, data: { referencePrice: cmd.referencePrice } });
    await recordAudit(tx, actor, {
      action: 'instrument.reference_price', targetType: 'trading_instrument', targetId: symbol,
      before: { referencePrice: before.referencePrice?.toFixed(2) ?? null }, after: cmd,
    });
    return { symbol, referencePrice: new Decimal(cmd.referencePrice).toFixed(2) };
  });
}
