import type { ReactNode } from 'react';
import { currentActor } from '@/server/identity/session';
import { AppShell } from '@/ui/shell/AppShell';
import { PublicShell } from '@/ui/shell/PublicShell';

/**
 * Public registry data (no sign-in), like the market page: a signed-in user sees it inside the
 * usual shell, anyone else in the light public frame with a sign-in link.
 */
export default async function PublicLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (actor) return <AppShell actor={actor}>{children}</AppShell>;
  return <PublicShell>{children}</PublicShell>;
}
