import type { ReactNode } from 'react';
import { currentActor } from '@/server/identity/session';
import { AppShell } from '@/ui/shell/AppShell';
import { PublicShell } from '@/ui/shell/PublicShell';

/**
 * The market page is public (outside the signed-in (app) group, so no sign-in redirect): a
 * signed-in user sees it inside the usual shell with their navigation, anyone else in a light
 * public frame with a sign-in link.
 */
export default async function MarketLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (actor) return <AppShell actor={actor}>{children}</AppShell>;
  return <PublicShell>{children}</PublicShell>;
}
