/**
 * Bid guarantee (保证金) of a one-way buying auction (DOMAIN.md §4): the cash frozen when one bid is
 * placed, set by the auction's announcement.
 *
 * - `FULL`: the full bid value, price × quantity. Prices have at most 2 dp and quantities are whole
 *   tonnes, so the value is exact in fen: no rounding.
 * - `PERCENT`: `percent` is a FRACTION of the bid value, `'0.10'` = 10 %, with 0 < percent ≤ 1.
 *   The exact product value × percent is rounded UP (towards +∞) to the next 0.01 CNY, so the frozen
 *   guarantee is never short of the stated share: 10 % of 150.03 = 15.003 → 15.01; a whole number
 *   of fen stays as it is (10 % of 5,000.00 = 500.00). Arithmetic is exact (64 significant digits).
 *
 * Returned as a 2-dp string ("15.01"). Malformed input (price not on the 0.01 tick or ≤ 0, quantity
 * not a whole number of tonnes > 0, percent outside (0, 1]) throws `AuctionInputError`.
 */
import Decimal from 'decimal.js';
import { MoneyDecimal, money } from '../money';
import { AuctionInputError, formatCents, priceToCents } from './clearing';

export type GuaranteeRule = { kind: 'FULL' } | { kind: 'PERCENT'; percent: string };

export function bidGuarantee(rule: GuaranteeRule, price: string, quantity: number): string {
  const cents = priceToCents(price, 'price');
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new AuctionInputError('quantity', `quantity must be a whole number of tonnes > 0: ${String(quantity)}`);
  }
  const valueCents = BigInt(cents) * BigInt(quantity);
  if (rule?.kind === 'FULL') return formatCents(valueCents);
  if (rule?.kind !== 'PERCENT') throw new AuctionInputError('rule.kind', `unknown guarantee rule: ${String((rule as { kind?: unknown } | null)?.kind)}`);

  let share: Decimal;
  try {
    share = money(rule.percent);
  } catch {
    throw new AuctionInputError('rule.percent', `invalid percent "${String(rule.percent)}" (a fraction, e.g. "0.10")`);
  }
  if (share.lte(0) || share.gt(1)) throw new AuctionInputError('rule.percent', `percent must be a fraction in (0, 1]: "${rule.percent}"`);
  const guaranteeCents = new MoneyDecimal(valueCents.toString()).times(share).toDecimalPlaces(0, Decimal.ROUND_CEIL);
  return formatCents(BigInt(guaranteeCents.toFixed(0)));
}
