import { kindOf, type ParamsOf, type Problem, type ProblemCode, type ProblemKind } from '@/domain/problems';
import { renderFields, renderProblem } from '@/i18n/problems';

/**
 * Typed domain errors: a problem `{ code, params }` from the one registry (src/domain/problems),
 * whose kind fixes the HTTP status, and field problems per input field. The edge renders them in
 * the reader's language (the API wrapper by Accept-Language, server actions by the user's
 * language); `message` and `fields` hold the English rendering for logs and tests.
 *
 * Raise them with `fail(code, params, fields)`. The older factories below (conflict, ruleViolation
 * with an English sentence) are being retired context by context.
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
};

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** The problem as data (absent only on errors raised the older way, with an English sentence). */
    readonly problem?: Problem,
    readonly fieldProblems?: Readonly<Record<string, Problem>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
  get status(): number {
    return STATUS[this.kind];
  }
}

export const invalidInput = (fields: Record<string, string>, message = 'The request is invalid.') =>
  new DomainError('INVALID', 'INVALID_INPUT', message, fields);
export const unauthenticated = (message?: string) =>
  message === undefined ? fail('UNAUTHENTICATED', { reason: 'SIGN_IN' }) : new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);
export const forbidden = (message?: string) => (message === undefined ? fail('FORBIDDEN', {}) : new DomainError('FORBIDDEN', 'FORBIDDEN', message));
export const notFound = (what: string) => new DomainError('NOT_FOUND', 'NOT_FOUND', `${what} was not found.`);
export const conflict = (code: string, message: string, fields?: Record<string, string>) =>
  new DomainError('CONFLICT', code, message, fields);
export const ruleViolation = (code: string, message: string, fields?: Record<string, string>) =>
  new DomainError('RULE', code, message, fields);
export const rateLimited = (message = 'Too many attempts. Try again later.') =>
  new DomainError('RATE_LIMITED', 'RATE_LIMITED', message);

/**
 * The error of a problem: fail('SESSION_CLOSED', { method: 'LISTED', marketTime, phase }), with
 * field problems where the request named the field: { quantity: problem('FIELD_AT_MOST', { max }) }.
 */
export function fail<C extends ProblemCode>(code: C, params: ParamsOf<C>, fields?: Readonly<Record<string, Problem>>): DomainError {
  const p = { code, params } as Problem;
  return new DomainError(kindOf(code), code, renderProblem(p, 'en'), fields ? renderFields(fields, 'en') : undefined, p, fields);
}
