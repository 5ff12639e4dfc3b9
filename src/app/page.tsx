import { redirect } from 'next/navigation';
import { currentActor } from '@/server/identity/session';
import { homeFor } from '@/ui/nav';

/** `/` sends a signed-in user to their role's home page, everyone else to sign-in. */
export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? homeFor(actor.roles) : '/login');
}
