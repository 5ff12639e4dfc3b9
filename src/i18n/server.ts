import { cookies, headers } from 'next/headers';
import { getDictionary } from './dictionaries';
import { isLang, LANG_COOKIE, type Dictionary, type Lang } from './index';

/**
 * The user's language: the `lang` cookie (set by the switch in the top bar), else the browser's
 * Accept-Language (zh* → Chinese), else English.
 */
export async function getLang(): Promise<Lang> {
  const fromCookie = (await cookies()).get(LANG_COOKIE)?.value;
  if (isLang(fromCookie)) return fromCookie;
  const accept = (await headers()).get('accept-language') ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh' : 'en';
}

export async function getI18n(): Promise<{ lang: Lang; t: Dictionary }> {
  const lang = await getLang();
  return { lang, t: getDictionary(lang) };
}
