import type { MovementType } from '@/generated/prisma/enums';

/**
 * Corrections are new entries (DOMAIN §7b; TigerBeetle, UK ETS Registry): an erroneous movement is
 * reversed by a linked entry with every posting negated, never edited. Only movements the registry
 * itself made by mistake are reversed this way: trades and auction settlements are final (the
 * exchange's rules), surrenders, deductions and cancellations are compliance records or permanent,
 * and locks, freezes and pledges have their own release.
 */
export const REVERSIBLE_MOVEMENTS: readonly MovementType[] = ['ISSUANCE', 'DISTRIBUTION', 'ALLOCATION', 'NON_TRADE_TRANSFER', 'CASH_DEPOSIT', 'CASH_WITHDRAWAL'];

export type ReversalRefusal = 'TYPE' | 'ALREADY_REVERSED' | 'IS_REVERSAL';

export function reversalRefusal(entry: { type: MovementType; reversedBy: bigint | null; reverses: bigint | null }): ReversalRefusal | null {
  if (entry.type === 'REVERSAL' || entry.reverses !== null) return 'IS_REVERSAL';
  if (entry.reversedBy !== null) return 'ALREADY_REVERSED';
  if (!REVERSIBLE_MOVEMENTS.includes(entry.type)) return 'TYPE';
  return null;
}

/** The reversing legs: the same accounts, assets and buckets, each amount negated. */
export function reversingLegs<L extends { quantity: bigint }>(legs: readonly L[]): L[];
export function reversingLegs<L extends { amount: { negated(): unknown } }>(legs: readonly L[]): L[];
export function reversingLegs(legs: readonly ({ quantity: bigint } | { amount: { negated(): unknown } })[]): unknown[] {
  return legs.map((l) => ('quantity' in l ? { ...l, quantity: -l.quantity } : { ...l, amount: l.amount.negated() }));
}
