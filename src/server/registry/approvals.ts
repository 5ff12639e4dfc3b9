import { z } from 'zod';
import { Prisma } from '@/generated/prisma/client';
import { nextAccountStatus } from '@/domain/registry/accountLifecycle';
import type { Permission } from '@/domain/identity/permissions';
import type { QueuedAction } from '@/domain/registry/fourEyes';
import { industryRuleSchema, planSchema, ruleParamsSchema, type IndustryRuleCommand, type PlanCommand } from '@/schemas/allocation';
import { cycleSchema, policySchema, yearSchema, type CycleCommand, type PolicyCommand } from '@/schemas/compliance';
import {
  accountStatusSchema, distributionSchema, freezeSchema, issuanceSchema, pledgeSchema,
  type AccountStatusCommand, type DistributionCommand, type FreezeCommand, type IssuanceCommand, type PledgeCommand,
} from '@/schemas/registry';
import { reversalSchema, type ApprovalSubmitted, type ReversalCommand } from '@/schemas/controls';
import { idSchema } from '@/schemas/registry';
import { closeAuction } from '../auction/auctions';
import { distributePlan, saveIndustryRule, setAllocationPlan } from '../compliance/allocationPolicy';
import { setCycle, updatePolicy } from '../compliance/policy';
import { fail } from '../errors';
import { idempotent } from '../idempotency';
import { loadActor, type Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { inTransaction, joiningTransaction, type Tx } from '../tx';
import { changeAccountStatus, lockAccount, systemAccountId, type AccountRow } from './accounts';
import { closeRequest, lockForDecision, pendingRequestFor, requestApproval, type ApprovalTarget } from './approvalRequests';
import { distributeToProvince, freeze, issue, pledge, releasePledge, unfreeze, type RequestOptions } from './movements';
import { ccerProjectId } from './ccerProjects';
import { reverseEntry, reversibleEntry } from './reversals';
import { settleApprovalNotifications } from './registryNotifications';
import { activateTrustedAccount, rejectTrustedAccount } from './trustedAccounts';

/**
 * The actions under four eyes (the rule set: src/domain/registry/fourEyes.ts). Each states how a
 * request is checked and described when it is made (`prepare`: the requester's authorization, the
 * target, and early refusals such as an impossible status change), and what the approval carries
 * out (`execute`, as the requester, inside the approval's transaction). The API and the screens
 * submit these actions here; the services they execute stay the one place of each rule.
 */
interface ActionSpec<P> {
  prepare: (tx: Tx, actor: Actor, payload: P) => Promise<ApprovalTarget>;
  execute: (requester: Actor, payload: P, approver: Actor, approvalId: number) => Promise<unknown>;
  reject?: (tx: Tx, approver: Actor, payload: P) => Promise<void>;
  /** Parses a stored payload again before it is carried out. */
  schema?: z.ZodType<P>;
}

async function accountTarget(tx: Tx, accountId: number): Promise<ApprovalTarget> {
  return targetOf(await lockAccount(tx, accountId));
}

const targetOf = (account: AccountRow): ApprovalTarget => ({
  targetType: 'registry_account', targetId: account.id, affectedOrganisationId: account.organisation_id, provinceCode: account.province_code,
});

async function encumbranceTarget(tx: Tx, kind: 'freeze' | 'pledge', id: number): Promise<ApprovalTarget> {
  const rows = kind === 'freeze'
    ? await tx.$queryRaw<{ account_id: number; status: string }[]>`SELECT account_id, status::text AS status FROM "freeze" WHERE id = ${id}`
    : await tx.$queryRaw<{ account_id: number; status: string }[]>`SELECT account_id, status::text AS status FROM pledge WHERE id = ${id}`;
  const row = rows[0];
  if (!row) throw fail('NOT_FOUND', { what: 'encumbrance', id });
  if (row.status !== 'ACTIVE') throw fail('ALREADY_RELEASED', { what: kind, id });
  return { ...(await accountTarget(tx, row.account_id)), targetType: kind, targetId: id };
}

/** A freeze or a pledge: by the registry operator, on a participant's account. */
async function encumbering(tx: Tx, actor: Actor, p: { accountId: number }): Promise<ApprovalTarget> {
  authorize(actor, 'encumbrances.manage');
  return accountTarget(tx, p.accountId);
}

/** The release of an active freeze or pledge. */
const releasing = (kind: 'freeze' | 'pledge') => async (tx: Tx, actor: Actor, p: ReleasePayload): Promise<ApprovalTarget> => {
  authorize(actor, 'encumbrances.manage');
  return encumbranceTarget(tx, kind, p.id);
};

type StatusPayload = AccountStatusCommand & { accountId: number };
type ReleasePayload = { id: number; reason: string };
type YearPayload = { year: number };
type RulePayload = IndustryRuleCommand & { year: number; code: string; create: boolean };

interface Payloads {
  'account.status': StatusPayload;
  freeze: FreezeCommand;
  pledge: PledgeCommand;
  unfreeze: ReleasePayload;
  pledgeRelease: ReleasePayload;
  reversal: ReversalCommand;
  issuance: IssuanceCommand;
  distribution: DistributionCommand;
  'trustedAccount.add': { accountId: number; entryId: number };
  'compliance.policy': PolicyCommand;
  'compliance.cycle': CycleCommand & YearPayload;
  'allocation.plan': PlanCommand & YearPayload;
  'allocation.distribute': YearPayload;
  'allocation.rule': RulePayload;
  'auction.settlement': { auctionId: number };
}
export type PayloadOf<A extends QueuedAction> = Payloads[A];

/**
 * A change of policy, rules or a settlement under four eyes: the requester's service is rehearsed
 * when the request is made — run inside a savepoint as the requester, then rolled back — so that
 * what it would refuse (authorization, validation, state) is refused at once, by the service that
 * owns the rule, and the approval then runs the same service for real. One request per target
 * waits at a time.
 */
function rehearsedChange<A extends QueuedAction>(
  action: A, permission: Permission, target: (p: Payloads[A]) => { targetType: string; targetId: string | number },
  run: (actor: Actor, p: Payloads[A]) => Promise<unknown>, schema: z.ZodType<Payloads[A]>,
): ActionSpec<Payloads[A]> {
  return {
    prepare: async (tx, actor, p) => {
      authorize(actor, permission);
      const { targetType, targetId } = target(p);
      const pending = await pendingRequestFor(tx, action, targetType, targetId);
      if (pending !== null) throw fail('APPROVAL_ALREADY_REQUESTED', { action, id: pending });
      await rehearse(tx, () => run(actor, p));
      return { targetType, targetId, affectedOrganisationId: null, provinceCode: null };
    },
    execute: (requester, p) => run(requester, p),
    schema,
  };
}

/** Runs a use case inside `tx` and undoes everything it wrote; its refusal, if any, is thrown. */
async function rehearse(tx: Tx, run: () => Promise<unknown>): Promise<void> {
  await tx.$executeRaw`SAVEPOINT rehearsal`;
  try {
    await joiningTransaction(tx, run);
  } finally {
    await tx.$executeRaw`ROLLBACK TO SAVEPOINT rehearsal`;
  }
}

const yearPayload = z.object({ year: yearSchema });

const ACTIONS: { [A in QueuedAction]: ActionSpec<PayloadOf<A>> } = {
  'account.status': {
    prepare: async (tx, actor, p: StatusPayload) => {
      authorize(actor, 'accounts.manage');
      const account = await lockAccount(tx, p.accountId);
      if (account.type !== 'PARTICIPANT') throw fail('SYSTEM_ACCOUNT', { account: account.number });
      // Refuse at once what cannot apply now (closing's balances are checked when it is carried out).
      if (p.action !== 'close') {
        const next = nextAccountStatus(account.status, p.action);
        if (!next.ok) throw fail('INVALID_TRANSITION', { status: account.status, action: p.action });
      }
      const pending = await pendingRequestFor(tx, 'account.status', 'registry_account', p.accountId);
      if (pending !== null) throw fail('APPROVAL_ALREADY_REQUESTED', { action: 'account.status', id: pending });
      return targetOf(account);
    },
    execute: (requester, p: StatusPayload) => changeAccountStatus(requester, p.accountId, { action: p.action, reason: p.reason }),
    schema: accountStatusSchema.extend({ accountId: z.number().int() }),
  },
  freeze: { prepare: encumbering, execute: (requester, p) => freeze(requester, p), schema: freezeSchema },
  pledge: { prepare: encumbering, execute: (requester, p) => pledge(requester, p), schema: pledgeSchema },
  unfreeze: { prepare: releasing('freeze'), execute: (requester, p) => unfreeze(requester, p.id, p.reason) },
  pledgeRelease: { prepare: releasing('pledge'), execute: (requester, p) => releasePledge(requester, p.id, p.reason) },
  issuance: {
    prepare: async (tx, actor, p: IssuanceCommand) => {
      authorize(actor, 'registry.issue');
      if (p.project) await ccerProjectId(tx, p.project);
      return { targetType: 'issuance', targetId: `${p.instrument}-${p.vintage}`, affectedOrganisationId: null, provinceCode: null };
    },
    execute: (requester, p) => issue(requester, p),
    schema: issuanceSchema,
  },
  distribution: {
    prepare: async (tx, actor, p: DistributionCommand) => {
      authorize(actor, 'registry.distribute');
      await systemAccountId(tx, 'PROVINCE_ALLOCATION', p.provinceCode);
      return { targetType: 'province', targetId: p.provinceCode, affectedOrganisationId: null, provinceCode: p.provinceCode };
    },
    execute: (requester, p) => distributeToProvince(requester, p),
    schema: distributionSchema,
  },
  reversal: {
    prepare: async (tx, actor, p: ReversalCommand) => {
      authorize(actor, 'registry.reverse');
      await reversibleEntry(tx, p.entryId);
      const pending = await pendingRequestFor(tx, 'reversal', 'journal_entry', p.entryId);
      if (pending !== null) throw fail('APPROVAL_ALREADY_REQUESTED', { action: 'reversal', id: pending });
      return { targetType: 'journal_entry', targetId: p.entryId, affectedOrganisationId: null, provinceCode: null };
    },
    execute: (requester, p: ReversalCommand, _approver, approvalId) => reverseEntry(requester, p, approvalId),
    schema: reversalSchema,
  },
  'compliance.policy': rehearsedChange('compliance.policy', 'compliance.policySet', () => ({ targetType: 'compliance_policy', targetId: 1 }),
    (actor, p) => updatePolicy(actor, p), policySchema),
  'compliance.cycle': rehearsedChange('compliance.cycle', 'compliance.policySet', (p) => ({ targetType: 'compliance_cycle', targetId: p.year }),
    (actor, { year, ...cmd }) => setCycle(actor, year, cmd), cycleSchema.safeExtend(yearPayload.shape)),
  'allocation.plan': rehearsedChange('allocation.plan', 'allocation.plan', (p) => ({ targetType: 'allocation_plan', targetId: p.year }),
    (actor, { year, ...cmd }) => setAllocationPlan(actor, year, cmd), planSchema.safeExtend(yearPayload.shape)),
  'allocation.distribute': rehearsedChange('allocation.distribute', 'allocation.plan', (p) => ({ targetType: 'allocation_plan', targetId: p.year }),
    (actor, { year }) => distributePlan(actor, year), yearPayload),
  'allocation.rule': rehearsedChange('allocation.rule', 'allocation.rulesSet', (p) => ({ targetType: 'industry_rule', targetId: `${p.year}-${p.code}` }),
    (actor, { year, code, create, ...cmd }) => saveIndustryRule(actor, year, code, cmd, { create }),
    industryRuleSchema.safeExtend({ ...ruleParamsSchema.shape, create: z.boolean() })),
  'auction.settlement': rehearsedChange('auction.settlement', 'auctions.run', (p) => ({ targetType: 'auction', targetId: p.auctionId }),
    (actor, p) => closeAuction(actor, p.auctionId), z.object({ auctionId: idSchema })),
  'trustedAccount.add': {
    // Requested through requestTrustedAccount (./trustedAccounts.ts), which stores the entry first.
    prepare: async () => {
      throw new Error('trustedAccount.add is requested through requestTrustedAccount');
    },
    execute: (_requester, p: { accountId: number; entryId: number }, approver) => activateTrustedAccount(approver, p),
    reject: (tx, approver, p) => rejectTrustedAccount(tx, approver, p),
  },
};

/**
 * Submits an action that needs a second person: checked now as far as it can be, stored as a
 * request (HTTP 202), carried out when approved. With an Idempotency-Key, a repeated submission
 * answers the first request.
 */
export async function submitForApproval<A extends Exclude<QueuedAction, 'trustedAccount.add'>>(
  actor: Actor, action: A, payload: PayloadOf<A>, opts: RequestOptions = {},
): Promise<ApprovalSubmitted> {
  const spec = ACTIONS[action] as unknown as ActionSpec<PayloadOf<A>>;
  return inTransaction((tx) =>
    idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `approval-${action}`, request: payload }, async () => {
      const target = await spec.prepare(tx, actor, payload);
      return requestApproval(tx, actor, action, payload as object, target);
    }),
  );
}

export interface ApprovalDecision {
  approvalId: number;
  status: 'APPROVED' | 'REJECTED';
  result: unknown;
}

/**
 * An approver decides a request. Approving carries the action out as the requester (whose
 * authorization is checked again) in the same transaction as the decision: both commit or
 * neither. The row lock serialises two approvers: the second finds the request closed (409).
 * A refusal of the action itself (e.g. the units are no longer there) leaves the request pending.
 */
export async function decideApproval(actor: Actor, id: number, decision: 'approve' | 'reject', note?: string, opts: RequestOptions = {}): Promise<ApprovalDecision> {
  return inTransaction((tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: `approval-${decision}`, request: { id, note } }, async () => {
    const row = await lockForDecision(tx, actor, id);
    const spec = ACTIONS[row.action as QueuedAction] as unknown as ActionSpec<unknown>;
    const payload = spec.schema ? spec.schema.parse(row.payload) : row.payload;
    let result: unknown = null;
    if (decision === 'approve') {
      // Through the decision's own transaction: another pooled connection while it holds locks could exhaust the pool.
      const requester = await loadActor(row.requestedById, tx);
      result = await joiningTransaction(tx, () => spec.execute(requester, payload, actor, row.id));
    } else if (spec.reject) {
      await spec.reject(tx, actor, payload);
    }
    const status = decision === 'approve' ? 'APPROVED' : 'REJECTED';
    await closeRequest(tx, actor, row, status, note, result);
    return { approvalId: id, status, result };
  }));
}

/** A pending request past its expiry (SQL condition on approval_request). */
const APPROVAL_EXPIRED = Prisma.sql`status = 'PENDING' AND expires_at <= market_now()`;
export const approvalsDue = Prisma.sql`EXISTS (SELECT 1 FROM approval_request WHERE ${APPROVAL_EXPIRED})`;

/**
 * Scheduled work: requests past their expiry are closed as EXPIRED (they already read as expired),
 * their notifications settled; a trusted-account addition whose request expired is rejected with it.
 */
export async function expireApprovals(): Promise<number> {
  return inTransaction(async (tx) => {
    const expired = await tx.$queryRaw<{ id: number; action: string; target_id: string | null }[]>`
      UPDATE approval_request SET status = 'EXPIRED' WHERE ${APPROVAL_EXPIRED} RETURNING id, action, target_id`;
    const entries = expired.filter((r) => r.action === 'trustedAccount.add' && r.target_id !== null).map((r) => Number(r.target_id));
    if (entries.length > 0) await tx.trustedAccount.updateMany({ where: { id: { in: entries }, status: 'PENDING_APPROVAL' }, data: { status: 'REJECTED' } });
    // Nobody needs to act on an expired request any more.
    for (const r of expired) await settleApprovalNotifications(tx, r.id);
    return expired.length;
  });
}
