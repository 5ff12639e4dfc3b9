'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useI18n } from '@/i18n/client';
import type { NavKey } from '../nav';
import { NavIcon } from './icons';

export function NavLinks({ items }: { items: { key: NavKey; href: string }[] }) {
  const pathname = usePathname();
  const { t } = useI18n();
  // The longest matching href is the active item (/exchange/instruments, not also /exchange).
  const matches = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const activeHref = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label={t.nav.menu}>
      {items.map((item) => {
        const active = item.href === activeHref;
        return (
          <Link key={item.key} href={item.href} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined} data-testid={`nav-${item.key}`}>
            <NavIcon name={item.key} />
            {t.nav[item.key]}
          </Link>
        );
      })}
    </nav>
  );
}
