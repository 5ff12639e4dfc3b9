import { marketYear } from '@/server/compliance/cycle';
import type { Actor } from '@/server/identity/actor';
import { decideApproval, submitForApproval } from '@/server/registry/approvals';
import { decideNonTradeTransfer, depositCash, requestNonTradeTransfer } from '@/server/registry/movements';
import { requestTrustedAccount } from '@/server/registry/trustedAccounts';

/**
 * The registry controls in the demo (DOMAIN §7b), on the demo day: what each kind of approver finds
 * waiting, a delayed transfer that can still be cancelled, and the trusted account list at work.
 * - Pearl River Power (gd.power) trusts Shenzhen Mawan Power since the history (seedControlsHistory);
 *   today it asks to trust Zhuhai Jinwan Power: its second representative gd.power2 approves.
 * - Its donation to Yingde Lingnan Cement (not trusted) was approved by the registry and waits 26 h;
 *   its transfer to Mawan (trusted) moved at once.
 * - registry2 has a pledge to approve; admin a reversal of a deposit booked twice.
 * - mee asked to set the deadlines of the year after next: mee2 approves (a policy change).
 */
export interface ControlsActors {
  actor: (key: string) => Promise<Actor>;
  byEmail: (email: string) => Promise<Actor>;
  accountOf: (key: string) => number;
  numberOf: (key: string) => string;
}

/** In the history (weeks before the demo day): Pearl River Power's trusted list gets Mawan, approved by its second representative. */
export async function seedControlsHistory(a: ControlsActors): Promise<void> {
  const gdPower = await a.actor('gd-power-1');
  const entry = await requestTrustedAccount(gdPower, a.accountOf('gd-power-1'), { accountNumber: a.numberOf('gd-power-2'), description: 'Group sister company: routine transfers' });
  await decideApproval(await a.byEmail('gd.power2@demo.cn'), entry.approvalId!, 'approve', 'Checked with the group treasury');
}

/** On the demo day. */
export async function seedControls(a: ControlsActors): Promise<void> {
  const gdPower = await a.actor('gd-power-1');
  const registry = await a.byEmail('registry@demo.cn');
  const registry2 = await a.byEmail('registry2@demo.cn');

  await requestTrustedAccount(gdPower, a.accountOf('gd-power-1'), { accountNumber: a.numberOf('gd-power-3'), description: 'Zhuhai unit of the group' });

  const donation = await requestNonTradeTransfer(gdPower, {
    toAccountId: a.accountOf('gd-cement'), instrument: 'CEA', vintage: 2025, quantity: 10_000, kind: 'DONATION',
    reason: 'Donation to the cement plant’s waste-heat pilot', documentsRef: 'Donation agreement PRP-DON-2026-04',
  });
  await decideNonTradeTransfer(registry2, donation.requestId, 'approve', 'Donation agreement and board approval checked');
  const toSister = await requestNonTradeTransfer(gdPower, {
    toAccountId: a.accountOf('gd-power-2'), instrument: 'CEA', vintage: 2025, quantity: 20_000, kind: 'MERGER',
    reason: 'Units of the merged Huangpu unit to the sister company', documentsRef: 'Merger agreement PRP-M-2026-02',
  });
  await decideNonTradeTransfer(registry2, toSister.requestId, 'approve', 'Merger filing checked');

  await submitForApproval(registry, 'pledge', {
    accountId: a.accountOf('gd-steel'), instrument: 'CEA', vintage: 2024, quantity: 80_000,
    pledgee: 'China Construction Bank, Shaoguan Branch', securedAmount: '4000000.00', contractReference: 'CCB-SG-CEA-PLG-2026-007',
  });
  const exchange = await a.byEmail('exchange@demo.cn');
  const twice = await depositCash(exchange, { accountId: a.accountOf('gd-investor'), amount: '500000.00', reference: 'Bank transfer GD-INVESTOR-0042 (booked twice)' });
  await submitForApproval(registry, 'reversal', { entryId: twice.entryId, reason: 'Deposit GD-INVESTOR-0042 was booked twice by the settlement bank' });

  const year = (await marketYear()) + 2;
  await submitForApproval(await a.byEmail('mee@demo.cn'), 'compliance.cycle', { year, reportDeadline: `${year + 1}-03-31`, surrenderDeadline: `${year + 1}-12-31` });
}
