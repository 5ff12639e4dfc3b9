import { defineProblems, none } from './define';

/**
 * Codes every context uses: authentication, authorization, not found, input and idempotency; and the
 * generic field problems that name why one field of a request was refused.
 */
export const COMMON_PROBLEMS = defineProblems({
  INVALID_INPUT: { kind: 'INVALID', params: none },
  INVALID_JSON: { kind: 'INVALID', params: none },
  /** Not signed in: no session or token, a malformed Authorization header, an unknown or expired token, a session no longer valid; a wrong email or password at sign-in. */
  UNAUTHENTICATED: { kind: 'UNAUTHENTICATED', params: {} as { reason: 'SIGN_IN' | 'BAD_HEADER' | 'UNKNOWN_TOKEN' | 'SESSION_EXPIRED' | 'SESSION_IDLE' | 'WRONG_CREDENTIALS' } },
  /**
   * Not allowed; `reason` says why where it helps: outside the actor's province (provincial
   * regulators act in theirs only), one's own request (four eyes), another organisation's account,
   * something only covered entities do.
   */
  FORBIDDEN: { kind: 'FORBIDDEN', params: {} as { reason?: 'OUTSIDE_PROVINCE' | 'OWN_REQUEST' | 'OTHER_ACCOUNT' | 'COVERED_ENTITIES_ONLY' | 'NOT_OWNER'; province?: string | null } },
  NOT_FOUND: { kind: 'NOT_FOUND', params: {} as { what: 'account' | 'organisation' | 'instrument' | 'listing' | 'proposal' | 'auction' | 'bid' | 'report' | 'run' | 'rule' | 'transfer' | 'encumbrance' | 'project' | 'alert' | 'user' | 'holiday' | 'entry' | 'cashAccount' | 'province' | 'token' | 'session' | 'approval' | 'trustedAccount' | 'endpoint' | 'scenario'; id: string | number | null } },
  RATE_LIMITED: { kind: 'RATE_LIMITED', params: none },
  /** The database does not answer (restarting, or out of reach): nothing was changed; try again shortly. */
  DATABASE_UNAVAILABLE: { kind: 'UNAVAILABLE', params: none },
  IDEMPOTENCY_KEY_REUSED: { kind: 'RULE', params: none },
  IDEMPOTENCY_KEY_IN_USE: { kind: 'CONFLICT', params: none },
  /** A row with the same unique key exists (a concurrent identical creation won the race). */
  ALREADY_EXISTS: { kind: 'CONFLICT', params: none },
  /** A figure too large for what the database holds (a sum beyond NUMERIC(18,2) …). */
  OUT_OF_RANGE: { kind: 'RULE', params: none },
  /** A request body above the size limit (413). */
  BODY_TOO_LARGE: { kind: 'TOO_LARGE', params: {} as { maxBytes: number } },
  /** A request body not sent as application/json (415). */
  UNSUPPORTED_MEDIA_TYPE: { kind: 'UNSUPPORTED_MEDIA_TYPE', params: none },
  /** An /api/v1 path served, but not with this method (405, with an Allow header). */
  METHOD_NOT_ALLOWED: { kind: 'METHOD_NOT_ALLOWED', params: {} as { method: string; allowed: readonly string[] } },

  // Field problems: why one field was refused (under `fields` of an error, beside the field in a form).
  FIELD_REQUIRED: { kind: 'INVALID', params: none },
  FIELD_INVALID: { kind: 'INVALID', params: none },
  FIELD_NOT_A_DATE: { kind: 'INVALID', params: none },
  FIELD_NOT_A_DATE_TIME: { kind: 'INVALID', params: none },
  FIELD_WHOLE_NUMBER: { kind: 'INVALID', params: none },
  FIELD_AT_LEAST: { kind: 'INVALID', params: {} as { min: number | string } },
  FIELD_AT_MOST: { kind: 'INVALID', params: {} as { max: number | string } },
  FIELD_ABOVE: { kind: 'INVALID', params: {} as { min: number | string } },
  FIELD_BELOW: { kind: 'INVALID', params: {} as { max: number | string } },
  FIELD_MIN_LENGTH: { kind: 'INVALID', params: {} as { min: number } },
  FIELD_MAX_LENGTH: { kind: 'INVALID', params: {} as { max: number } },
  FIELD_ONE_OF: { kind: 'INVALID', params: {} as { options: readonly string[] } },
  FIELD_PRICE: { kind: 'INVALID', params: none },
  FIELD_YEAR: { kind: 'INVALID', params: none },
  FIELD_EMAIL: { kind: 'INVALID', params: none },
  FIELD_UNKNOWN: { kind: 'INVALID', params: none },
  /** A NUL character or a lone UTF-16 surrogate in a text. */
  FIELD_CONTROL_CHARACTER: { kind: 'INVALID', params: none },
});
