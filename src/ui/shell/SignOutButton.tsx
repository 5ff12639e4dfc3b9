'use client';

import { signOut } from 'next-auth/react';
import { useI18n } from '@/i18n/client';

export function SignOutButton() {
  const { t } = useI18n();
  return (
    <button type="button" className="btn sm" onClick={() => void signOut({ callbackUrl: '/login' })} data-testid="sign-out">
      {t.common.signOut}
    </button>
  );
}
