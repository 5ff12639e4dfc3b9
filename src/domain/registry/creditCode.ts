/**
 * Unified social credit code (统一社会信用代码) per GB 32100-2015.
 *
 * Layout (18 chars):
 *  - pos 1: registration authority code (alphabet char)
 *  - pos 2: entity type code (alphabet char)
 *  - pos 3-8: administrative division code (digits only)
 *  - pos 9-17: organisation code body (alphabet chars)
 *  - pos 18: check character
 *
 * Rule: check = ALPHABET[(31 - (Σ value(c_i) × 3^(i-1) mod 31) mod 31) mod 31].
 */

/** The 31-character code alphabet (I, O, Z, S, V are excluded). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights for positions 1..17: 3^(i-1) mod 31. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

export type CreditCodeFailure = 'LENGTH' | 'CHARACTER' | 'DIVISION' | 'CHECK_DIGIT';

export type CreditCodeResult =
  | { ok: true; code: string }
  | { ok: false; reason: CreditCodeFailure };

const DIGITS = /^[0-9]{6}$/;

function charValue(c: string): number {
  return CREDIT_CODE_ALPHABET.indexOf(c);
}

/** Computes the check character for the first 17 characters (already normalised or not). */
export function creditCodeCheckChar(first17: string): string {
  const body = first17.trim().toUpperCase();
  if (body.length !== 17) throw new RangeError('credit code body must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = charValue(body.charAt(i));
    if (v < 0) throw new RangeError(`invalid credit code character at position ${i + 1}`);
    sum += v * (CREDIT_CODE_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET.charAt(check);
}

/** Appends the GB 32100 check character to a 17-character body. */
export function makeCreditCode(first17: string): string {
  const body = first17.trim().toUpperCase();
  return body + creditCodeCheckChar(body);
}

/** Validates a credit code (input is trimmed and upper-cased first). */
export function validateCreditCode(input: string): CreditCodeResult {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: 'LENGTH' };
  for (const c of code) {
    if (charValue(c) < 0) return { ok: false, reason: 'CHARACTER' };
  }
  if (!DIGITS.test(code.slice(2, 8))) return { ok: false, reason: 'DIVISION' };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) {
    return { ok: false, reason: 'CHECK_DIGIT' };
  }
  return { ok: true, code };
}

/** True when `s` is a valid unified social credit code. */
export function isValidCreditCode(s: string): boolean {
  return validateCreditCode(s).ok;
}
