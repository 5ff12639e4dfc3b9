import { ANALYSIS_PROBLEMS } from './analysis';
import { AUCTION_PROBLEMS } from './auction';
import { COMMON_PROBLEMS } from './common';
import { COMPLIANCE_PROBLEMS } from './compliance';
import { CONTROLS_PROBLEMS } from './controls';
import { IDENTITY_PROBLEMS } from './identity';
import { NOTIFICATION_PROBLEMS } from './notifications';
import { REGISTRY_PROBLEMS } from './registry';
import { TRADING_PROBLEMS } from './trading';
import type { ProblemKind, ProblemOf } from './define';

export type { ParamValue, ProblemDefinition, ProblemKind, ProblemParams } from './define';

/**
 * The one registry of problem codes: code → kind and parameters. Each context's codes live in its
 * own file here and are merged below; a code appears once (the type check refuses a duplicate).
 */
export const PROBLEMS = {
  ...COMMON_PROBLEMS,
  ...IDENTITY_PROBLEMS,
  ...REGISTRY_PROBLEMS,
  ...TRADING_PROBLEMS,
  ...AUCTION_PROBLEMS,
  ...COMPLIANCE_PROBLEMS,
  ...ANALYSIS_PROBLEMS,
  ...NOTIFICATION_PROBLEMS,
  ...CONTROLS_PROBLEMS,
} as const;

export type Problems = typeof PROBLEMS;
export type ProblemCode = keyof Problems;
export type ParamsOf<C extends ProblemCode> = Problems[C]['params'];
/** A problem: its code and the parameters its texts need. */
export type Problem<C extends ProblemCode = ProblemCode> = ProblemOf<Problems, C>;

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEMS, code);
export const kindOf = (code: ProblemCode): ProblemKind => PROBLEMS[code].kind;

/** Builds a problem value: problem('FIELD_AT_MOST', { max: 99_999 }). */
export function problem<C extends ProblemCode>(code: C, ...params: keyof ParamsOf<C> extends never ? [] : [ParamsOf<C>]): Problem<C> {
  return { code, params: (params[0] ?? {}) } as Problem<C>;
}
