import Link from 'next/link';
import type { ReactNode } from 'react';
import { getI18n } from '@/i18n/server';
import { LanguageSwitch } from './LanguageSwitch';
import '../trading/trading.css';

/** The light frame of public pages (the market page) for visitors without a session. */
export async function PublicShell({ children }: { children: ReactNode }) {
  const { t } = await getI18n();
  return (
    <div style={{ minHeight: '100vh' }}>
      <header className="public-top" data-testid="public-header">
        <Link href="/market" className="logo" style={{ textDecoration: 'none' }}>
          <span className="logo-mark">CEA</span>
          <span>{t.market.publicBrand}</span>
        </Link>
        <span className="spacer" />
        <Link className="btn" href="/public/compliance" data-testid="public-compliance-link">
          {t.publicCompliance.title}
        </Link>
        <LanguageSwitch />
        <Link className="btn primary" href="/login?callbackUrl=%2Fmarket" data-testid="public-sign-in">
          {t.market.signIn}
        </Link>
      </header>
      <main className="public-main">{children}</main>
    </div>
  );
}
