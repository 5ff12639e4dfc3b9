import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_WEIGHTS,
  creditCodeCheckChar,
  isValidCreditCode,
  makeCreditCode,
  validateCreditCode,
} from '../../../../src/domain/registry/creditCode';

const VALID = ['91350100M000100Y43', '91110000600037341L', '91110108551385082Q', '91440300708461136T'];

const alphaChar = fc.constantFrom(...CREDIT_CODE_ALPHABET.split(''));
const digitChar = fc.constantFrom(...'0123456789'.split(''));
/** Arbitrary well-formed 17-char body: 2 alphabet chars, 6 digits, 9 alphabet chars. */
const body17 = fc
  .tuple(fc.array(alphaChar, { minLength: 2, maxLength: 2 }), fc.array(digitChar, { minLength: 6, maxLength: 6 }), fc.array(alphaChar, { minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => [...a, ...b, ...c].join(''));

describe('credit code constants', () => {
  it('weights are 3^(i-1) mod 31', () => {
    expect(CREDIT_CODE_WEIGHTS).toHaveLength(17);
    CREDIT_CODE_WEIGHTS.forEach((w, i) => expect(w).toBe(3 ** i % 31));
  });
  it('alphabet has 31 chars and excludes I, O, Z, S, V', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const c of 'IOZSV') expect(CREDIT_CODE_ALPHABET).not.toContain(c);
  });
});

describe('validateCreditCode', () => {
  it.each(VALID)('accepts real code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('trims and upper-cases input', () => {
    expect(validateCreditCode('  91350100m000100y43 \n')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(isValidCreditCode('91110000600037341l')).toBe(true);
  });

  it.each([
    ['', 'LENGTH'],
    ['91350100M000100Y4', 'LENGTH'],
    ['91350100M000100Y433', 'LENGTH'],
    ['91350100M000100I43', 'CHARACTER'],
    ['91350100M0001O0Y43', 'CHARACTER'],
    ['9135010-M000100Y43', 'CHARACTER'],
    ['S1350100M000100Y43', 'CHARACTER'],
    ['913501A0M000100Y43', 'DIVISION'],
    ['91A50100M000100Y43', 'DIVISION'],
    ['91350100M000100Y44', 'CHECK_DIGIT'],
    ['91110000600037341K', 'CHECK_DIGIT'],
  ] as const)('rejects %j with %s', (input, reason) => {
    expect(validateCreditCode(input)).toEqual({ ok: false, reason });
    expect(isValidCreditCode(input)).toBe(false);
  });

  it('rejects a division code containing letters even with a matching check char', () => {
    const code = makeCreditCode('91A50100M000100Y4');
    expect(validateCreditCode(code)).toEqual({ ok: false, reason: 'DIVISION' });
  });
});

describe('creditCodeCheckChar / makeCreditCode', () => {
  it('computes the check char of known codes', () => {
    for (const code of VALID) expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code.slice(17));
  });
  it('check value 0 maps to "0"', () => {
    // sum ≡ 0 (mod 31) → (31 - 0) mod 31 = 0
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });
  it('normalises case', () => {
    expect(makeCreditCode('91350100m000100y4')).toBe('91350100M000100Y43');
  });
  it('throws on bad body length or characters', () => {
    expect(() => creditCodeCheckChar('123')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('9135010OM000100Y4')).toThrow(RangeError);
  });

  it('property: makeCreditCode always validates', () => {
    fc.assert(
      fc.property(body17, (b) => {
        const code = makeCreditCode(b);
        expect(validateCreditCode(code)).toEqual({ ok: true, code });
      }),
    );
  });

  it('property: changing any single character to another alphabet char invalidates', () => {
    fc.assert(
      fc.property(body17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (b, pos, shift) => {
        const code = makeCreditCode(b);
        const old = CREDIT_CODE_ALPHABET.indexOf(code.charAt(pos));
        const replacement = CREDIT_CODE_ALPHABET.charAt((old + shift) % 31);
        const mutated = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(mutated).not.toBe(code);
        expect(isValidCreditCode(mutated)).toBe(false);
      }),
    );
  });
});
