import { defineProblems, none } from './define';

/**
 * The compliance context's problem codes (texts: src/i18n/problems/compliance.ts): emission reports
 * and their verification, surrender, closing a year, the compliance policy and deadlines, the
 * covered-entity list, allocation policy (cap, budgets, industry rules, installations) and runs.
 * Organisation names are passed in both languages (`name`, `nameZh`); years as numbers, dates as
 * "YYYY-MM-DD", shares as decimal strings ("0.05").
 */

/** What an allocation input is, where a line's calculation lacks it or finds it wrong. */
export type AllocationInput =
  | 'output' | 'designCapacity' | 'outputCapMultiple' | 'benchmark' | 'declineFactor' | 'adjustmentFactor'
  | 'baseEmissions' | 'historicalIntensity' | 'preAllocationShare' | 'paidShare';

export const COMPLIANCE_PROBLEMS = defineProblems({
  // ----- emission reports (排放报告) and verification (核查)
  /** A report covers a finished year. Also the field problem of `year`. */
  YEAR_NOT_ENDED: { kind: 'RULE', params: {} as { year: number } },
  REPORT_DEADLINE_PASSED: { kind: 'CONFLICT', params: {} as { year: number; deadline: string } },
  /** Verified reports no longer change (`verifiedOn` the date, when known). */
  REPORT_ALREADY_VERIFIED: { kind: 'CONFLICT', params: {} as { id: number; year: number; verifiedOn: string | null } },
  /** Field problem (`lines.gas`): the compliance policy's GWP table has no factor for the gas. */
  GAS_NOT_IN_GWP_TABLE: { kind: 'INVALID', params: {} as { gas: string } },
  /** Field problem (`outputs.<code>`): not one of the entity's installations (`installations` its codes; empty: it has none). */
  NOT_OWN_INSTALLATION: { kind: 'INVALID', params: {} as { installations: readonly string[] } },
  /** Field problems of a verification: a correction needs the verified figure and a reason. */
  CORRECTION_NEEDS_FIGURE: { kind: 'INVALID', params: none },
  CORRECTION_NEEDS_REASON: { kind: 'INVALID', params: none },

  // ----- surrender (清缴) and closing a year
  /** No verified emissions yet: the obligation is set when the regulator verifies the report. */
  NO_OBLIGATION: { kind: 'CONFLICT', params: {} as { year: number } },
  FUTURE_VINTAGE: { kind: 'RULE', params: {} as { instrument: 'CEA' | 'CCER'; vintage: number; year: number } },
  /** CEA of an earlier trading phase, and the policy does not carry over between phases. Also a field problem. */
  EARLIER_PHASE: { kind: 'RULE', params: {} as { vintage: number } },
  /** CCER beyond the offset cap (`share` of the obligation); `used` already credited. */
  OFFSET_CAP_EXCEEDED: { kind: 'RULE', params: {} as { cap: number; share: string; obligation: number; used: number } },
  /** Field problem (`items`): at most `left` t of CCER still count. */
  OFFSET_CAP_LEFT: { kind: 'INVALID', params: {} as { left: number } },
  /** Only CCER from projects of entities not covered count as offsets: `eligible` t of the vintage do. */
  CCER_NOT_ELIGIBLE: { kind: 'RULE', params: {} as { vintage: number; year: number; eligible: number } },
  /** Field problem (`items.<i>.quantity`). */
  CCER_ELIGIBLE_AT_MOST: { kind: 'INVALID', params: {} as { vintage: number; eligible: number } },
  DEADLINE_NOT_PASSED: { kind: 'CONFLICT', params: {} as { year: number; deadline: string; today: string } },

  // ----- compliance policy and deadlines
  /** The report deadline of a year falls after it. Also the field problem of `reportDeadline`. */
  DEADLINE_IN_YEAR: { kind: 'RULE', params: {} as { year: number } },
  /** Field problem (`surrenderDeadline`). */
  SURRENDER_BEFORE_REPORT_DEADLINE: { kind: 'INVALID', params: none },
  YEAR_CLOSED: { kind: 'CONFLICT', params: {} as { year: number } },
  /** Field problems of a GWP table (`gwp`, `gwp.<gas>`). */
  GWP_NOT_A_TABLE: { kind: 'INVALID', params: none },
  GWP_TOO_MANY_GASES: { kind: 'INVALID', params: {} as { max: number } },
  GWP_BAD_GAS: { kind: 'INVALID', params: none },
  GWP_BAD_FACTOR: { kind: 'INVALID', params: none },
  GWP_CO2_NOT_ONE: { kind: 'INVALID', params: none },
  GWP_NO_CO2: { kind: 'INVALID', params: none },
  /** Field problem (`gwpSource`): a new table needs its source. */
  GWP_SOURCE_REQUIRED: { kind: 'INVALID', params: none },

  // ----- the covered-entity list (重点排放单位名录)
  /** Only compliance entities are listed or have installations. Also the field problem of `organisationId`. */
  NOT_A_COMPLIANCE_ENTITY: { kind: 'RULE', params: none },
  ALREADY_COVERED: { kind: 'CONFLICT', params: {} as { name: string; nameZh: string; since: number } },
  /** No verified report of the basis year: the regulator gives the emissions. Also the field problem of `annualEmissions`. */
  EMISSIONS_REQUIRED: { kind: 'RULE', params: {} as { year: number } },
  /** The industry has no allocation rules. Also the field problem of `organisationId`. */
  INDUSTRY_NOT_COVERED: { kind: 'RULE', params: {} as { industry: string | null } },
  BELOW_INCLUSION_THRESHOLD: { kind: 'RULE', params: {} as { emissions: number; year: number; threshold: number } },
  NOT_COVERED: { kind: 'CONFLICT', params: {} as { name: string; nameZh: string } },
  BEFORE_COVERAGE: { kind: 'RULE', params: {} as { name: string; nameZh: string; fromYear: number } },
  TRANSITION_IN_PAST: { kind: 'RULE', params: {} as { today: string } },
  /** Field problem: a date after `date`. */
  DATE_AFTER: { kind: 'INVALID', params: {} as { date: string } },
  /** Removal below the threshold needs verified emissions under it in both years. Also the field problem of `reason`. */
  NOT_DUE_FOR_REMOVAL: { kind: 'RULE', params: {} as { previous: number; last: number; threshold: number } },

  // ----- allocation policy: cap, budgets, industry rules, installations
  BUDGETS_EXCEED_CAP: { kind: 'RULE', params: {} as { total: number; cap: number } },
  BUDGET_BELOW_ALLOCATED: { kind: 'RULE', params: {} as { province: string; year: number; allocated: number } },
  CAP_BELOW_ISSUED: { kind: 'RULE', params: {} as { year: number; issued: number } },
  /** Field problem (`budgets`): a province appears twice. */
  PROVINCE_TWICE: { kind: 'INVALID', params: none },
  NO_PLAN: { kind: 'CONFLICT', params: {} as { year: number } },
  RULES_IN_USE: { kind: 'CONFLICT', params: {} as { year: number } },
  /** A new rule's code is taken in the year. Also the field problem of `code`. */
  RULE_EXISTS: { kind: 'CONFLICT', params: {} as { year: number; code: string } },
  /** Field problem of a rule (`benchmark`): the benchmark method needs one. */
  BENCHMARK_REQUIRED: { kind: 'INVALID', params: none },
  /** Also the field problem of `code`. */
  INSTALLATION_CODE_TAKEN: { kind: 'CONFLICT', params: {} as { code: string } },

  // ----- field problems of this context's requests and forms
  /** A non-negative decimal as a string, at most `scale` decimals ("1250.5", "0.8177"). */
  FIELD_DECIMAL: { kind: 'INVALID', params: {} as { scale: number } },
  /** A share from 0 to 1 as a string, at most `scale` decimals ("0.05"). */
  FIELD_SHARE: { kind: 'INVALID', params: {} as { scale: number } },
  /** A factor above 0 and at most 1 as a string, at most `scale` decimals ("0.9"). */
  FIELD_FACTOR: { kind: 'INVALID', params: {} as { scale: number } },
  FIELD_PROVINCE_CODE: { kind: 'INVALID', params: none },
  FIELD_INDUSTRY_CODE: { kind: 'INVALID', params: none },
  FIELD_RULE_CODE: { kind: 'INVALID', params: none },
  FIELD_INSTALLATION_CODE: { kind: 'INVALID', params: none },

  // ----- allocation runs (配额分配)
  NO_BUDGET: { kind: 'CONFLICT', params: {} as { province: string; year: number } },
  TRUE_UP_CONFIRMED: { kind: 'CONFLICT', params: {} as { province: string; year: number; runId: number } },
  /** Four eyes: a run is confirmed by a different regulator from the one who prepared it. */
  FOUR_EYES_REQUIRED: { kind: 'FORBIDDEN', params: none },
  RUN_NOT_OPEN: { kind: 'CONFLICT', params: {} as { runId: number; status: 'PREVIEW' | 'CONFIRMED' | 'DISCARDED' } },
  /** A preview waits for its second regulator as long as the four-eyes rule lets a request wait (then it is prepared again). */
  RUN_EXPIRED: { kind: 'CONFLICT', params: {} as { runId: number; expiredAt: string } },
  NOTHING_TO_MOVE: { kind: 'CONFLICT', params: {} as { runId: number } },
  RUN_STALE: { kind: 'CONFLICT', params: {} as { runId: number } },
  BUDGET_EXCEEDED: { kind: 'CONFLICT', params: {} as { runId: number; province: string; year: number; needed: number; remaining: number } },
  PROVINCE_ACCOUNT_SHORT: { kind: 'CONFLICT', params: {} as { province: string; year: number; held: number; needed: number } },

  // ----- problems on a line of an allocation run (shown with the line; they move nothing)
  ALLOCATION_NO_RULE: { kind: 'RULE', params: {} as { installation: string; rule: string } },
  ALLOCATION_NO_OUTPUT: { kind: 'RULE', params: {} as { installation: string; kind: 'PRE_ALLOCATION' | 'TRUE_UP' } },
  ALLOCATION_INPUT_MISSING: { kind: 'RULE', params: {} as { installation: string; input: AllocationInput } },
  ALLOCATION_INPUT_NEGATIVE: { kind: 'RULE', params: {} as { installation: string; input: AllocationInput } },
  ALLOCATION_SHARE_ABOVE_ONE: { kind: 'RULE', params: {} as { installation: string; input: AllocationInput } },
  ALLOCATION_NO_INSTALLATION: { kind: 'RULE', params: none },
  ALLOCATION_NO_ACCOUNT: { kind: 'RULE', params: none },
  ALLOCATION_ACCOUNT_CANNOT_RECEIVE: { kind: 'RULE', params: {} as { status: string } },
  ALLOCATION_TAKE_BACK_LIMITED: { kind: 'RULE', params: {} as { available: number; due: number } },
});
