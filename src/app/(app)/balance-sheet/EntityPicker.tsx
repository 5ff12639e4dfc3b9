'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/i18n/client';
import { AccountSearch } from '@/ui/forms/AccountSearch';

/**
 * A regulator's choice of the entity whose balance sheet it reads: it searches the compliance
 * entities' accounts in its scope (`searchPath`, thousands at national scale) and the page opens
 * the picked one's balance sheet.
 */
export function EntityPicker({ searchPath }: { searchPath: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [accountId, setAccountId] = useState('');
  return (
    <div className="btn-row" data-testid="entity-picker">
      <label htmlFor="f-organisationId" className="muted">{t.balanceSheet.entity}</label>
      <AccountSearch
        field={{ id: 'f-organisationId', name: 'organisationId', value: accountId, onChange: () => {}, onBlur: () => {}, 'aria-invalid': undefined, 'aria-describedby': undefined }}
        onPick={(id, account) => {
          setAccountId(id);
          if (account?.organisationId) router.push(`?${new URLSearchParams({ organisationId: String(account.organisationId) })}`);
        }}
        searchPath={searchPath}
        kind="COMPLIANCE_ENTITY"
        testId="entity-search"
      />
    </div>
  );
}
