import { kindOf, type ParamsOf, type Problem, type ProblemCode, type ProblemKind } from '@/domain/problems';
import { renderFields, renderProblem } from '@/i18n/problems';

/**
 * Typed domain errors: a problem `{ code, params }` from the one registry (src/domain/problems),
 * whose kind fixes the HTTP status, and field problems per input field. The edge renders them in
 * the reader's language (the API wrapper by Accept-Language, server actions by the user's
 * language); `message` and `fields` hold the English rendering for logs and tests.
 *
 * Raise them with `fail(code, params, fields)`.
 */
export type ErrorKind = ProblemKind;

const STATUS: Record<ErrorKind, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RULE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
};

export class DomainError extends Error {
  readonly code: ProblemCode;
  /** The English rendering of the field problems, for logs and tests. */
  readonly fields?: Record<string, string>;
  constructor(
    /** The problem as data: the edge renders it in the reader's language. */
    readonly problem: Problem,
    readonly fieldProblems?: Readonly<Record<string, Problem>>,
    /** Its kind, which fixes the HTTP status: the code's, unless a use case answers it otherwise. */
    readonly kind: ErrorKind = kindOf(problem.code),
  ) {
    super(renderProblem(problem, 'en'));
    this.name = 'DomainError';
    this.code = problem.code;
    this.fields = fieldProblems ? renderFields(fieldProblems, 'en') : undefined;
  }
  get status(): number {
    return STATUS[this.kind];
  }
}

/**
 * The error of a problem: fail('SESSION_CLOSED', { method: 'LISTED', marketTime, phase }), with
 * field problems where the request named the field: { quantity: problem('FIELD_AT_MOST', { max }) }.
 */
export function fail<C extends ProblemCode>(code: C, params: ParamsOf<C>, fields?: Readonly<Record<string, Problem>>): DomainError {
  return new DomainError({ code, params } as Problem, fields);
}
