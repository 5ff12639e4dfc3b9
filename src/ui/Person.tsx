import type { Lang } from '@/i18n';

export interface PersonInfo {
  name: string;
  organisation: string;
  organisationZh: string;
}

export const personLabel = (p: PersonInfo | undefined, lang: Lang) => (p ? `${p.name} · ${lang === 'zh' ? p.organisationZh : p.organisation}` : '');

/** A user and their organisation, on two lines. */
export function Person({ p, lang, fallback }: { p: PersonInfo | undefined; lang: Lang; fallback?: string }) {
  if (!p) return <span className="faint">{fallback ?? '—'}</span>;
  return (
    <div className="cell-stack">
      <span>{p.name}</span>
      <span className="sub-line">{lang === 'zh' ? p.organisationZh : p.organisation}</span>
    </div>
  );
}
