/**
 * Is an AUTH_SECRET good enough to sign production sessions? Production (APP_MODE=production)
 * refuses to start with a short secret or a placeholder copied from an example: anyone who knows
 * the secret can forge a session cookie for any user.
 *
 * Pure: no environment access; src/config/env.ts applies it.
 */
export const AUTH_SECRET_MIN_LENGTH = 32;

/**
 * Words that only placeholders and examples contain (compared without case, '-', '_' or spaces):
 * docker-compose.yml's old default "change-me-to-a-random-secret-of-32-chars-or-more", the
 * Dockerfile's build-time "build-time-placeholder-secret-not-used-at-run-time", "changeme",
 * "your-secret-here", "example", ... Words of six letters or more, so that a random value
 * contains one by chance about once in a billion.
 */
const PLACEHOLDER_WORDS = ['changeme', 'replaceme', 'secret', 'placeholder', 'example', 'password', 'notused', 'default'];

/** Fewer distinct characters than this in 32 or more is not a random value. */
const MIN_DISTINCT_CHARACTERS = 8;

/** Why `secret` must not sign production sessions, or undefined when it may. */
export function weakAuthSecretReason(secret: string): string | undefined {
  if (secret.length < AUTH_SECRET_MIN_LENGTH) return `must be at least ${AUTH_SECRET_MIN_LENGTH} characters`;
  const folded = secret.toLowerCase().replace(/[\s_-]+/g, '');
  const word = PLACEHOLDER_WORDS.find((w) => folded.includes(w));
  if (word) return `looks like a placeholder (contains "${word}"): use a random value, e.g. openssl rand -base64 32`;
  // One character or a short pattern repeated ("aaaa…", "abcabc…", "0123456701234567…").
  if (/^(.{1,16})\1+$/s.test(secret) || new Set(secret).size < MIN_DISTINCT_CHARACTERS) {
    return 'is a repeated pattern, not a random value: use e.g. openssl rand -base64 32';
  }
  return undefined;
}
