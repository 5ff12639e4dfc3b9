import type { Actor } from '@/server/identity/actor';
import { listAccounts } from '@/server/registry/queries';
import type { HoldingOption } from '@/ui/forms/HoldingFields';

/** What a form moving units out of an account needs of its holdings (see HoldingFields). */
export const holdingOptions = (items: readonly HoldingOption[]): HoldingOption[] =>
  items.map((h) => ({ instrument: h.instrument, vintage: h.vintage, available: h.available }));

export interface AccountOption {
  id: number;
  number: string;
  name: string;
  nameZh: string;
  status: string;
}

/**
 * Participant accounts in the actor's scope, for the account pickers of operator forms (freeze,
 * pledge, court-ordered transfer). What a picked account holds is read when it is picked
 * (useAccountHoldings), not sent for thousands of accounts. The service checks the scope (listAccounts).
 */
export async function participantOptions(actor: Actor): Promise<AccountOption[]> {
  const accounts = (await listAccounts(actor)).items.filter((a) => a.status !== 'CLOSED');
  return accounts.map((a) => ({ id: a.id, number: a.number, name: a.organisation?.name ?? a.name, nameZh: a.organisation?.nameZh ?? a.name, status: a.status }));
}
