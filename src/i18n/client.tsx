'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { Dictionary, Lang } from './index';

const I18nContext = createContext<{ lang: Lang; t: Dictionary } | null>(null);

/**
 * Gives client components the user's language and its dictionary. The root layout loads the one
 * dictionary on the server and hands it down: the browser never receives the other language.
 */
export function I18nProvider({ lang, t, children }: { lang: Lang; t: Dictionary; children: ReactNode }) {
  return <I18nContext.Provider value={{ lang, t }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { lang: Lang; t: Dictionary } {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside the I18nProvider of the root layout');
  return value;
}
