import type { Actor } from '@/server/identity/actor';
import { holdingsOfAccounts, listAccounts, type HoldingLine } from '@/server/registry/queries';
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
  holdings: HoldingOption[];
}

/**
 * Participant accounts in the actor's scope, with what each has available, for the account
 * pickers of operator forms (freeze, pledge, court-ordered transfer, deposit). The services
 * check the scope (listAccounts, getHoldings).
 */
export async function participantOptions(actor: Actor, opts: { withHoldings?: boolean } = {}): Promise<AccountOption[]> {
  const accounts = (await listAccounts(actor)).items.filter((a) => a.status !== 'CLOSED');
  const holdings = opts.withHoldings ? await holdingsOfAccounts(actor, accounts.map((a) => a.id)) : new Map<number, HoldingLine[]>();
  return accounts.map((a) => ({
    id: a.id,
    number: a.number,
    name: a.organisation?.name ?? a.name,
    nameZh: a.organisation?.nameZh ?? a.name,
    status: a.status,
    holdings: holdingOptions(holdings.get(a.id) ?? []),
  }));
}
