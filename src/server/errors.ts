/**
 * Typed domain errors with a stable `code`. One mapper (src/server/http/respond.ts) turns them
 * into the HTTP status and JSON error shape of API.md; the UI shows `message` and `fields`.
 */
export type ErrorKind = 'INVALID' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RULE' | 'RATE_LIMITED';

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
export const unauthenticated = (message = 'Sign in first.') => new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => new DomainError('FORBIDDEN', 'FORBIDDEN', message);
export const notFound = (what: string) => new DomainError('NOT_FOUND', 'NOT_FOUND', `${what} was not found.`);
export const conflict = (code: string, message: string, fields?: Record<string, string>) =>
  new DomainError('CONFLICT', code, message, fields);
export const ruleViolation = (code: string, message: string, fields?: Record<string, string>) =>
  new DomainError('RULE', code, message, fields);
export const rateLimited = (message = 'Too many attempts. Try again later.') =>
  new DomainError('RATE_LIMITED', 'RATE_LIMITED', message);
