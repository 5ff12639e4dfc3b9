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

/**
 * The reversing legs: the same accounts and assets, each amount negated. What the original took out
 * of a LOCKED bucket (a non-trade transfer moves the units its request locked) comes back AVAILABLE:
 * the request that locked it is over, and nothing would ever release it again.
 */
export function reversingLegs<L extends { bucket: string; quantity: bigint }>(legs: readonly L[]): L[];
export function reversingLegs<L extends { bucket: string; amount: { negated(): unknown } }>(legs: readonly L[]): L[];
export function reversingLegs(legs: readonly ({ bucket: string } & ({ quantity: bigint } | { amount: { negated(): unknown } }))[]): unknown[] {
  return legs.map((l) => {
    const bucket = l.bucket === 'LOCKED' ? 'AVAILABLE' : l.bucket;
    return 'quantity' in l ? { ...l, bucket, quantity: -l.quantity } : { ...l, bucket, amount: l.amount.negated() };
  });
}
