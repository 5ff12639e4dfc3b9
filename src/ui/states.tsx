import Link from 'next/link';
import { getI18n } from '@/i18n/server';

/** Full-page states for server components: not for this role, no account, not found. */
export async function NoAccess() {
  const { t } = await getI18n();
  return (
    <div className="state" data-testid="no-access">
      <h1>{t.states.forbiddenTitle}</h1>
      <p>{t.states.forbiddenBody}</p>
      <Link className="btn primary" href="/">
        {t.states.goHome}
      </Link>
    </div>
  );
}

export async function NoAccount() {
  const { t } = await getI18n();
  return (
    <div className="state" data-testid="no-account">
      <h1>{t.states.noAccountTitle}</h1>
      <p>{t.states.noAccountBody}</p>
    </div>
  );
}

/** `signedOut`: the link leads to sign-in instead of the (missing) home page. */
export async function NotFoundState({ signedOut }: { signedOut?: boolean } = {}) {
  const { t } = await getI18n();
  return (
    <div className="state" data-testid="not-found">
      <h1>{t.states.notFoundTitle}</h1>
      <p>{t.states.notFoundBody}</p>
      <Link className="btn primary" href={signedOut ? '/login' : '/'}>
        {signedOut ? t.states.goSignIn : t.states.goHome}
      </Link>
    </div>
  );
}
