import { totpAt } from '@/domain/identity/totp';

/**
 * The authenticator app of a browser test: one-time codes of a TOTP key (base32), from the same RFC 6238
 * implementation as the server's. Codes are single use, so `freshCode` gives a code of a later
 * 30-second step than the last one it gave, within ±1 step of now (waiting for the next step if
 * needed); `wrongCode` gives six digits that no step near now has.
 */
export function authenticator() {
  let lastStep = -1;
  return {
    async freshCode(secret: string): Promise<string> {
      for (;;) {
        const current = Math.floor(Date.now() / 30_000);
        const step = [current - 1, current, current + 1].find((s) => s > lastStep);
        if (step !== undefined) {
          lastStep = step;
          return totpAt(secret, step * 30_000 + 15_000);
        }
        await new Promise((r) => setTimeout(r, 1_000));
      }
    },
    wrongCode(secret: string): string {
      const now = Date.now();
      const near = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => totpAt(secret, now + d)));
      for (let n = 123_456; ; n = (n + 111_111) % 1_000_000) {
        const code = String(n).padStart(6, '0');
        if (!near.has(code)) return code;
      }
    },
  };
}
