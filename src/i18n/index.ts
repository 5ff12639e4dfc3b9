import { en, type Dictionary } from './en';
import { zh } from './zh';

/**
 * Labels in English and Simplified Chinese. Client-safe: no server imports here
 * (the cookie is read in ./server.ts, the React context lives in ./client.tsx).
 */
export type Lang = 'en' | 'zh';
export type { Dictionary };

export const LANGS: readonly Lang[] = ['en', 'zh'];
export const LANG_COOKIE = 'lang';

export const isLang = (v: unknown): v is Lang => v === 'en' || v === 'zh';

export function getDictionary(lang: Lang): Dictionary {
  return lang === 'zh' ? zh : en;
}

/** Fills `{name}` placeholders: fmt('Only {n} t available', { n: '1,000' }). */
export function fmt(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

/**
 * Translates a validation message of the shared zod schemas (which are written in English) into
 * the user's language. English passes through unchanged; unknown messages fall back to a
 * generic one in Chinese rather than showing English in a Chinese form.
 */
export function translateMessage(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  const v = getDictionary(lang).validation;
  const exact = v.exact[message];
  if (exact) return exact;
  const what = (w: string) => v.what[w] ?? w;
  let m = /^(.+) is required$/.exec(message);
  if (m) return fmt(v.required, { what: what(m[1]!) });
  m = /^(.+) needs at least (\d+) characters$/.exec(message);
  if (m) return fmt(v.min, { what: what(m[1]!), n: m[2]! });
  m = /^(.+) is at most (\d+) characters$/.exec(message);
  if (m) return fmt(v.max, { what: what(m[1]!), n: m[2]! });
  if (/^Invalid option/.test(message)) return v.choose;
  if (/expected number/.test(message)) return v.number;
  return /[\u4e00-\u9fff]/.test(message) ? message : v.invalid;
}

/** A domain error's message in the user's language: by stable code when translated, else as sent. */
export function translateError(code: string | undefined, message: string, lang: Lang): string {
  if (lang === 'en' || !code) return message;
  return getDictionary(lang).errorCodes[code] ?? translateMessage(message, lang);
}
