import type { Dictionary } from './en';

/**
 * Languages and the placeholder filler. Client-safe and dictionary-free: the dictionaries are
 * loaded on the server (./dictionaries.ts, through ./server.ts); the browser receives only its
 * user's language, handed to the I18nProvider (./client.tsx) by the root layout.
 */
export type Lang = 'en' | 'zh';
export type { Dictionary };

export const LANGS: readonly Lang[] = ['en', 'zh'];
export const LANG_COOKIE = 'lang';

export const isLang = (v: unknown): v is Lang => v === 'en' || v === 'zh';

/** Fills `{name}` placeholders: fmt('Only {n} t available', { n: '1,000' }). */
export function fmt(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
