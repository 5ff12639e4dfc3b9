'use client';

import { redirect, usePathname, useSearchParams } from 'next/navigation';
import { loginHref } from '../callback';

/**
 * Rendered instead of a signed-in page when there is no session: sends the visitor to the
 * sign-in page with `callbackUrl` set to the page they asked for (path and query), so they land
 * there after signing in. Server components do not know the request path; this component does,
 * on the server (a 307 during the first render) and in the browser (client navigation).
 */
export function SignInRedirect(): never {
  const pathname = usePathname();
  const search = useSearchParams();
  const query = search?.toString();
  redirect(loginHref(`${pathname ?? '/'}${query ? `?${query}` : ''}`));
}
