import type { ReactNode } from 'react';
import { currentActor, signedOutReason } from '@/server/identity/session';
import { AppShell } from '@/ui/shell/AppShell';
import { SignInRedirect } from '@/ui/shell/SignInRedirect';

/**
 * The signed-in area. Without a session, the visitor is sent to the sign-in page with the page
 * they asked for as `callbackUrl`; pages do the same (client navigations skip this layout).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) return <SignInRedirect reason={await signedOutReason()} />;
  return <AppShell actor={actor}>{children}</AppShell>;
}
