import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getDictionary } from '@/i18n/dictionaries';
import { I18nProvider } from '@/i18n/client';
import { getLang } from '@/i18n/server';
import { ToastProvider } from '@/ui/Toast';
import './globals.css';

const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%230f6b4f'/%3E%3Cpath d='M9 17c0-5 4-8 9-8 2 0 4 .5 5 1.5-1 6-5 11-12 12 0 0-2-2-2-5.5z' fill='%232fbf85'/%3E%3C/svg%3E";

export async function generateMetadata(): Promise<Metadata> {
  const t = getDictionary(await getLang());
  return {
    title: { default: t.meta.appName, template: `%s · ${t.meta.appShort}` },
    description: t.meta.appTagline,
    icons: { icon: ICON },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const lang = await getLang();
  const t = getDictionary(lang);
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <body>
        <I18nProvider lang={lang} t={t}>
          <ToastProvider>{children}</ToastProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
