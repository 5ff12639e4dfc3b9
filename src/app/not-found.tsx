import { currentActor } from '@/server/identity/session';
import { AppShell } from '@/ui/shell/AppShell';
import { LanguageSwitch } from '@/ui/shell/LanguageSwitch';
import { NotFoundState } from '@/ui/states';

/**
 * Unknown URLs (404). A signed-in user sees the message inside the usual shell, with their
 * navigation; anyone else a plain page with a link to sign-in. `notFound()` thrown by a
 * signed-in page is handled by src/app/(app)/not-found.tsx, also inside the shell.
 */
export default async function NotFound() {
  const actor = await currentActor();
  if (actor) {
    return (
      <AppShell actor={actor}>
        <NotFoundState />
      </AppShell>
    );
  }
  return (
    <div className="login-panel" style={{ position: 'relative', minHeight: '100vh' }}>
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <NotFoundState signedOut />
    </div>
  );
}
