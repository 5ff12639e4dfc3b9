/**
 * RFC 6238 TOTP (HMAC-SHA1, 30 s step, 6 digits) with RFC 4648 base32
 * secrets. Pure computation on node:crypto; the caller supplies the time.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

export interface TotpOptions {
  /** Code length, 6-8 (default 6). */
  digits?: number;
  /** Time step in seconds (default 30). */
  stepSeconds?: number;
}

/** RFC 4648 base32 encode, upper-case, without '=' padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/**
 * RFC 4648 base32 decode. Case-insensitive; ignores whitespace and trailing
 * '=' padding. Rule: any other character throws `RangeError`.
 */
export function base32Decode(input: string): Uint8Array {
  const clean = input.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of clean) {
    const v = BASE32_ALPHABET.indexOf(c);
    if (v < 0) throw new RangeError(`invalid base32 character: "${c}"`);
    buffer = ((buffer << 5) | v) & 0xfff; // keep at most 12 bits
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** A new random secret: 20 bytes (160 bits, RFC 4226 recommendation) as base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** Time-step counter for a Unix time in milliseconds. */
export function totpStep(timeMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(timeMs / 1000 / stepSeconds);
}

/** RFC 4226 HOTP value for a counter (dynamic truncation). */
function hotp(key: Uint8Array, counter: number, digits: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

function resolve(options: TotpOptions): { digits: number; stepSeconds: number } {
  const digits = options.digits ?? TOTP_DIGITS;
  const stepSeconds = options.stepSeconds ?? TOTP_STEP_SECONDS;
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new RangeError('digits must be 6-8');
  if (!Number.isInteger(stepSeconds) || stepSeconds <= 0) throw new RangeError('stepSeconds must be > 0');
  return { digits, stepSeconds };
}

/** The TOTP code for `timeMs` (Unix ms). */
export function totpAt(secretBase32: string, timeMs: number, options: TotpOptions = {}): string {
  const { digits, stepSeconds } = resolve(options);
  return hotp(base32Decode(secretBase32), totpStep(timeMs, stepSeconds), digits);
}

/**
 * Finds the time step (within ±window of `timeMs`) whose code matches, or
 * null. Callers can store the matched step to reject replays. All candidate
 * steps are compared in constant time, without early exit.
 */
export function findTotpStep(
  secretBase32: string,
  code: string,
  timeMs: number,
  window = 1,
  options: TotpOptions = {},
): number | null {
  const { digits, stepSeconds } = resolve(options);
  if (!Number.isInteger(window) || window < 0) throw new RangeError('window must be a non-negative integer');
  const candidate = code.replace(/\s+/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(candidate)) return null;
  const key = base32Decode(secretBase32);
  const given = Buffer.from(candidate);
  const now = totpStep(timeMs, stepSeconds);
  let matched: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step, digits)), given) && matched === null) matched = step;
  }
  return matched;
}

/** Rule: accepts a code valid for any step within ±window (default 1 = ±30 s). */
export function verifyTotp(secretBase32: string, code: string, timeMs: number, window = 1): boolean {
  return findTotpStep(secretBase32, code, timeMs, window) !== null;
}

/** Key URI for authenticator apps: otpauth://totp/Issuer:account?secret=…&issuer=…. */
export function totpUri(secret: string, account: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = [
    `secret=${secret}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_STEP_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}
