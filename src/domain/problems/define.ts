/**
 * Problems as data: every refusal or error a user or API client can meet has a stable code, a kind
 * (which fixes the HTTP status) and typed parameters. Domain and service code raise `{ code, params }`;
 * the English and Chinese texts are rendered at the edge (src/i18n/problems) in the reader's
 * language. This layer is pure: no I/O, no texts.
 *
 * Each bounded context declares its codes in its own file beside this one (trading.ts,
 * registry.ts, …); index.ts merges them into the one registry.
 */
export type ProblemKind = 'INVALID' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'RULE' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED';

/** A parameter value: plain data, formatted for the reader's language when the text is rendered. */
export type ParamValue = string | number | boolean | null | readonly string[] | readonly number[];
export type ProblemParams = Readonly<Record<string, ParamValue>>;

/** One code's definition: its kind, and (as a type only) its parameters. */
export interface ProblemDefinition<P extends ProblemParams = ProblemParams> {
  kind: ProblemKind;
  /** Never read at run time: carries the parameters' type. Write `params: {} as { … }`. */
  params: P;
}

export type ProblemRegistry = Record<string, ProblemDefinition>;

/** Declares a context's codes, checking each definition's shape and keeping the literal keys. */
export const defineProblems = <R extends Record<string, ProblemDefinition<ProblemParams>>>(registry: R): R => registry;

/** No parameters. */
export const none = {} as Record<never, never>;

/** A problem with one code of a registry and its parameters. */
export type ProblemOf<R extends ProblemRegistry, C extends keyof R = keyof R> = {
  [K in C]: { code: K; params: R[K]['params'] };
}[C];
