'use client';

import { useI18n } from '@/i18n/client';
import { orgName } from '../format';

/** The options of an account picker: a placeholder, then "ID · organisation" (and its status, if asked). */
export function AccountOptions({
  accounts, placeholder, withStatus,
}: { accounts: readonly { id: number; name: string; nameZh?: string | null; status?: string }[]; placeholder: string; withStatus?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <>
      <option value="">{placeholder}</option>
      {accounts.map((a) => (
        <option key={a.id} value={a.id}>
          {a.id} · {orgName(a, lang)}
          {withStatus ? <> ({t.accountStatus[a.status as keyof typeof t.accountStatus] ?? a.status})</> : null}
        </option>
      ))}
    </>
  );
}
