import { defineProblems, none } from './define';

/** A bucket of a holding (the ledger's Bucket). */
type Bucket = 'AVAILABLE' | 'LOCKED' | 'PLEDGED' | 'FROZEN';
/** A registry account's status (AccountStatus). */
type AccountStatus = import('@/domain/registry/accountLifecycle').AccountStatus;
type AccountAction = import('@/domain/registry/accountLifecycle').AccountAction;

/**
 * The registry context's problem codes (texts: src/i18n/problems/registry.ts): the ledger's
 * refusals (which trading, auctions and compliance meet too), accounts, movements, encumbrances,
 * non-trade transfers and CCER projects. Accounts are named by their number (`account`) where the
 * service has it, else by id (`accountId`).
 */
export const REGISTRY_PROBLEMS = defineProblems({
  // The ledger: a bucket or cash would go negative, or CCER lack the required provenance.
  /** Not enough units of an asset in one bucket of an account (`accountId` null: the caller's own). */
  INSUFFICIENT_HOLDING: {
    kind: 'CONFLICT',
    params: {} as { accountId: number | null; instrument: string; vintage: number; bucket: Bucket; available: number; needed: number },
  },
  /** Not enough cash (`available`, `needed` as decimal strings "52.30"; `needed` null when not known). */
  INSUFFICIENT_CASH: { kind: 'CONFLICT', params: {} as { cashAccountId: number | null; available: string; needed: string | null } },
  /** The account holds `held` t of CCER-`vintage` from the projects the movement may use; `needed` t are needed. */
  CCER_PROJECTS_SHORT: { kind: 'CONFLICT', params: {} as { accountId: number; vintage: number; held: number; needed: number } },

  // Accounts
  /** The account's status does not allow the movement: `action` is what it cannot do. */
  ACCOUNT_NOT_ACTIVE: {
    kind: 'CONFLICT',
    params: {} as { account: string; status: AccountStatus; action: 'send' | 'receive' | 'trade' | 'surrender' },
  },
  /** The action does not apply to an account in this status. */
  INVALID_TRANSITION: {
    kind: 'RULE',
    params: {} as { status: AccountStatus; action: AccountAction },
  },
  /** An account closes only empty: it still holds allowances, cash, or its balances are unknown. */
  ACCOUNT_NOT_EMPTY: { kind: 'CONFLICT', params: {} as { reason: 'HOLDINGS' | 'CASH' | 'UNKNOWN'; holdings: number; cash: string } },
  /** System accounts (issuance, reserve, province allocation…) have no lifecycle. */
  SYSTEM_ACCOUNT: { kind: 'RULE', params: {} as { account: string } },
  DUPLICATE_CREDIT_CODE: { kind: 'CONFLICT', params: {} as { creditCode: string } },
  /** Allocations, pledges and transfers go to participant accounts only. */
  NOT_A_PARTICIPANT_ACCOUNT: { kind: 'RULE', params: {} as { account: string; use: 'allocation' | 'pledge' } },
  /** A CEA allocation comes from the account's province allocation account: the account has no province. */
  NO_PROVINCE: { kind: 'RULE', params: {} as { account: string } },

  // Encumbrances and non-trade transfers
  ALREADY_RELEASED: { kind: 'CONFLICT', params: {} as { what: 'freeze' | 'pledge'; id: number } },
  ALREADY_DECIDED: { kind: 'CONFLICT', params: {} as { id: number; status: 'APPROVED' | 'REJECTED' } },
  SAME_ACCOUNT: { kind: 'RULE', params: none },
  UNKNOWN_DESTINATION: { kind: 'RULE', params: {} as { accountId: number } },

  // CCER projects
  UNKNOWN_ORGANISATION: { kind: 'RULE', params: {} as { id: number } },
  UNKNOWN_PROVINCE: { kind: 'RULE', params: {} as { code: string } },
  CCER_PROJECT_EXISTS: { kind: 'CONFLICT', params: {} as { code: string } },
  UNKNOWN_CCER_PROJECT: { kind: 'RULE', params: {} as { code: string } },

  // Field problems of the registry's forms and requests
  /** Only this much is in the bucket. */
  FIELD_HOLDING_SHORT: { kind: 'INVALID', params: {} as { available: number; bucket: Bucket } },
  /** Only this much cash is available ("52.30"). */
  FIELD_CASH_SHORT: { kind: 'INVALID', params: {} as { available: string } },
  /** Only `held` t come from the projects the movement may use. */
  FIELD_CCER_PROJECTS_SHORT: { kind: 'INVALID', params: {} as { held: number } },
  /** The account named is not in a status that allows this. */
  FIELD_ACCOUNT_NOT_ACTIVE: { kind: 'INVALID', params: {} as { status: AccountStatus } },
  FIELD_NOT_A_PARTICIPANT_ACCOUNT: { kind: 'INVALID', params: none },
  FIELD_SAME_AS_SOURCE: { kind: 'INVALID', params: none },
  /** Nothing of this kind is registered under the value given. */
  FIELD_NO_SUCH: { kind: 'INVALID', params: {} as { what: 'organisation' | 'province' | 'project' } },
  FIELD_ALREADY_REGISTERED: { kind: 'INVALID', params: none },
  /** A change of registered information that changes nothing. */
  FIELD_NOTHING_CHANGED: { kind: 'INVALID', params: none },
  /** An amount of CNY: positive, at most two decimals, e.g. "52.30". */
  FIELD_CNY_AMOUNT: { kind: 'INVALID', params: none },
  /** A unified social credit code (GB 32100-2015) refused, and why. */
  FIELD_CREDIT_CODE: { kind: 'INVALID', params: {} as { reason: 'LENGTH' | 'CHARACTER' | 'DIVISION' | 'CHECK_DIGIT' } },
  /** A CCER project code: 3–40 letters, digits and hyphens, like CCER-GD-2023-0001. */
  FIELD_CCER_PROJECT_CODE: { kind: 'INVALID', params: none },
  /** CCER name the project they come from; CEA come from none. */
  FIELD_PROJECT_FOR_CCER: { kind: 'INVALID', params: {} as { instrument: 'CEA' | 'CCER' } },
  /** A cursor that did not come from a previous page. */
  FIELD_CURSOR: { kind: 'INVALID', params: none },
});
