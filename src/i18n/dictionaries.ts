import { en, type Dictionary } from './en';
import type { Lang } from './index';
import { zh } from './zh';

/**
 * The dictionaries, on the server only: a page or an action takes its user's language; the browser
 * gets that one dictionary from the root layout (never both).
 */
export function getDictionary(lang: Lang): Dictionary {
  return lang === 'zh' ? zh : en;
}
