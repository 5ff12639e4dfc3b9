import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  base32Decode,
  base32Encode,
  findTotpStep,
  generateTotpSecret,
  totpAt,
  totpStep,
  totpUri,
  verifyTotp,
} from '../../../../src/domain/identity/totp';

const RFC_SECRET = base32Encode(new TextEncoder().encode('12345678901234567890'));

// RFC 6238 Appendix B, SHA1 column (8 digits); 6-digit codes are the last 6 digits.
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('RFC 4648 test vector %j -> %j', (plain, encoded) => {
    expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
    expect(new TextDecoder().decode(base32Decode(encoded))).toBe(plain);
  });

  it('encodes the RFC 6238 secret', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('decodes lower case, whitespace and padding', () => {
    expect(new TextDecoder().decode(base32Decode('mzxw 6ytb oi======'))).toBe('foobar');
  });

  it('rejects invalid characters', () => {
    expect(() => base32Decode('MZXW1')).toThrow(RangeError);
    expect(() => base32Decode('MZ=XW')).toThrow(RangeError);
  });

  it('property: decode(encode(bytes)) roundtrips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = base32Encode(bytes);
        expect(encoded).toMatch(/^[A-Z2-7]*$/);
        expect(encoded).toHaveLength(Math.ceil((bytes.length * 8) / 5));
        expect(Array.from(base32Decode(encoded))).toEqual(Array.from(bytes));
        expect(Array.from(base32Decode(encoded.toLowerCase()))).toEqual(Array.from(bytes));
      }),
    );
  });
});

describe('totpAt', () => {
  it.each(VECTORS)('RFC 6238 SHA1 vector T=%i (8 digits) -> %s', (t, code) => {
    expect(totpAt(RFC_SECRET, t * 1000, { digits: 8 })).toBe(code);
  });

  it.each(VECTORS)('RFC 6238 SHA1 vector T=%i (6 digits)', (t, code) => {
    expect(totpAt(RFC_SECRET, t * 1000)).toBe(code.slice(-6));
  });

  it('matches the brief 6-digit values', () => {
    expect(totpAt(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpAt(RFC_SECRET, 1111111109_000)).toBe('081804');
    expect(totpAt(RFC_SECRET, 1111111111_000)).toBe('050471');
    expect(totpAt(RFC_SECRET, 1234567890_000)).toBe('005924');
    expect(totpAt(RFC_SECRET, 2000000000_000)).toBe('279037');
  });

  it('is constant within a 30 s step', () => {
    expect(totpAt(RFC_SECRET, 30_000)).toBe(totpAt(RFC_SECRET, 59_999));
    expect(totpStep(59_999)).toBe(1);
    expect(totpStep(60_000)).toBe(2);
  });

  it('rejects bad options', () => {
    expect(() => totpAt(RFC_SECRET, 0, { digits: 5 })).toThrow(RangeError);
    expect(() => totpAt(RFC_SECRET, 0, { digits: 9 })).toThrow(RangeError);
    expect(() => totpAt(RFC_SECRET, 0, { stepSeconds: 0 })).toThrow(RangeError);
  });
});

describe('verifyTotp', () => {
  const t = 1234567890_000; // step 41152263, code 005924
  const step = totpStep(t);

  it('accepts the current code', () => {
    expect(verifyTotp(RFC_SECRET, '005924', t)).toBe(true);
    expect(verifyTotp(RFC_SECRET, ' 005 924 ', t)).toBe(true);
  });

  it('accepts codes from adjacent steps within the window', () => {
    const prev = totpAt(RFC_SECRET, t - 30_000);
    const next = totpAt(RFC_SECRET, t + 30_000);
    expect(verifyTotp(RFC_SECRET, prev, t)).toBe(true);
    expect(verifyTotp(RFC_SECRET, next, t)).toBe(true);
    expect(findTotpStep(RFC_SECRET, prev, t)).toBe(step - 1);
    expect(findTotpStep(RFC_SECRET, next, t)).toBe(step + 1);
  });

  it('rejects codes outside the window', () => {
    const old = totpAt(RFC_SECRET, t - 60_000);
    const future = totpAt(RFC_SECRET, t + 60_000);
    expect(verifyTotp(RFC_SECRET, old, t)).toBe(false);
    expect(verifyTotp(RFC_SECRET, future, t)).toBe(false);
    expect(verifyTotp(RFC_SECRET, old, t, 2)).toBe(true);
    expect(verifyTotp(RFC_SECRET, future, t, 2)).toBe(true);
  });

  it('window 0 accepts only the current step', () => {
    expect(verifyTotp(RFC_SECRET, '005924', t, 0)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t - 30_000), t, 0)).toBe(false);
  });

  it('rejects malformed codes', () => {
    for (const code of ['', '05924', '0059240', 'abcdef', '00592x', '-05924']) {
      expect(verifyTotp(RFC_SECRET, code, t)).toBe(false);
    }
  });

  it('rejects a code for a different secret', () => {
    const other = 'JBSWY3DPEHPK3PXP';
    const code = totpAt(RFC_SECRET, t);
    for (const d of [-1, 0, 1]) expect(totpAt(other, t + d * 30_000)).not.toBe(code);
    expect(verifyTotp(other, code, t)).toBe(false);
  });

  it('rejects a negative window', () => {
    expect(() => verifyTotp(RFC_SECRET, '005924', t, -1)).toThrow(RangeError);
  });

  it('property: totpAt always verifies at the same time', () => {
    const secret = generateTotpSecret();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        expect(verifyTotp(secret, totpAt(secret, ms), ms, 0)).toBe(true);
      }),
    );
  });
});

describe('generateTotpSecret', () => {
  it('produces 20 random bytes as 32 base32 chars', () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).not.toBe(b);
  });
});

describe('totpUri', () => {
  it('builds an otpauth key URI', () => {
    expect(totpUri('JBSWY3DPEHPK3PXP', 'alice@example.com', 'Carbon Exchange')).toBe(
      'otpauth://totp/Carbon%20Exchange:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Carbon%20Exchange&algorithm=SHA1&digits=6&period=30',
    );
  });
  it('encodes non-ASCII issuers and accounts', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', '张三', '碳交易所');
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(decodeURIComponent(url.pathname)).toContain('碳交易所:张三');
    expect(url.searchParams.get('issuer')).toBe('碳交易所');
  });
});
