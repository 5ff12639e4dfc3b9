/**
 * Trading fees (手续费): a configurable rate per side per trade, charged in cash rounded half-up to
 * the fen. A listing is filled in parts, so the lister's fee is rounded CUMULATIVELY: the fee of a
 * fill is fee(all filled so far) − fee(filled before), so the fees of all its fills add up to the
 * fee of the filled total and never exceed what the listing locked for them.
 */
import Decimal from 'decimal.js';
import { MoneyDecimal, priceTimesTonnes, roundCash } from '../money';

/** Fee on a trade value. */
export function feeOn(amount: Decimal, rate: Decimal): Decimal {
  return roundCash(new MoneyDecimal(amount).times(rate));
}

/** Fee the taker (or either side of a block trade) pays on one trade. */
export function tradeFee(price: Decimal, quantity: bigint, rate: Decimal): Decimal {
  return feeOn(priceTimesTonnes(price, quantity), rate);
}

/** The lister's fee for one fill of `fill` t after `filledBefore` t of the same listing. */
export function listerFeeForFill(price: Decimal, filledBefore: bigint, fill: bigint, rate: Decimal): Decimal {
  return tradeFee(price, filledBefore + fill, rate).minus(tradeFee(price, filledBefore, rate));
}

/** Cash a buyer locks for `quantity` t at `price`: the value plus the fee on it. */
export function buyerLock(price: Decimal, quantity: bigint, rate: Decimal): Decimal {
  const value = priceTimesTonnes(price, quantity);
  return value.plus(feeOn(value, rate));
}

/** The share of fee income set aside in the risk reserve (风险准备金), rounded to the fen. */
export function riskReserveShare(fees: Decimal, share: Decimal): Decimal {
  return roundCash(new MoneyDecimal(fees).times(share));
}
