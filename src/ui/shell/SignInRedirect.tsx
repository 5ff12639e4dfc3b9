'use client';

import { redirect, usePathname, useSearchParams } from 'next/navigation';
import { loginHref } from '../callback';

/**
 * Rendered instead of a signed-in page when there is no session: sends the visitor to the
 * sign-in page with `callbackUrl` set to the page they asked for (path and query), so they land
 * there after signing in. `reason: 'idle'` (a privileged user's session ended for inactivity)
 * makes the sign-in page say why. Server components do not know the request path; this component does,
 * on the server (a 307 during the first render) and in the browser (client navigation).
 */
export function SignInRedirect({ reason }: { reason?: 'idle' | null }): never {
  const pathname = usePathname();
  const search = useSearchParams();
  const query = search?.toString();
  const href = loginHref(`${pathname ?? '/'}${query ? `?${query}` : ''}`);
  // A session ended for inactivity: the sign-in page says so (its `error` SessionIdle).
  redirect(reason === 'idle' ? `${href}${href.includes('?') ? '&' : '?'}error=SessionIdle` : href);
}
