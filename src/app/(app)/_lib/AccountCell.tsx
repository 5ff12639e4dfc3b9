import type { Lang } from '@/i18n';
import { orgName } from '@/ui/format';

/** An account in a table cell: its organisation's name in the user's language over its ID; the account number on hover. */
export function AccountCell({ a, lang }: { a: { id: number; number: string; name: string; nameZh?: string | null } | null; lang: Lang }) {
  if (!a) return null;
  return (
    <div className="cell-stack" title={a.number}>
      <span>{orgName(a, lang)}</span>
      <span className="sub-line">ID {a.id}</span>
    </div>
  );
}
