import { en, type Dictionary } from './en';
import { fmt, type Lang } from './index';
import { zh } from './zh';

/**
 * The dictionaries, on the server only: a page or an action takes its user's language; the browser
 * gets that one dictionary from the root layout (never both).
 */
export function getDictionary(lang: Lang): Dictionary {
  return lang === 'zh' ? zh : en;
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
