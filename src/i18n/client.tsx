'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { getDictionary, type Dictionary, type Lang } from './index';

const I18nContext = createContext<{ lang: Lang; t: Dictionary }>({ lang: 'en', t: getDictionary('en') });

/** Gives client components the user's language; the root layout sets it from the cookie. */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <I18nContext.Provider value={{ lang, t: getDictionary(lang) }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { lang: Lang; t: Dictionary } {
  return useContext(I18nContext);
}
