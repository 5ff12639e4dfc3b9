import { defineProblems, none } from './define';

/**
 * The identity context's problem codes (texts: src/i18n/problems/identity.ts): the one-time code
 * of two-factor sign-in. A wrong password is the common UNAUTHENTICATED (reason WRONG_CREDENTIALS).
 */
export const IDENTITY_PROBLEMS = defineProblems({
  /** The user enabled two-factor sign-in: the sign-in needs the code from the authenticator app. */
  OTP_REQUIRED: { kind: 'UNAUTHENTICATED', params: none },
  /**
   * The code is wrong, expired or already used. A failed sign-in (401); when a signed-in user
   * confirms or turns off two-factor sign-in, the service answers it as a rule (422).
   */
  OTP_INVALID: { kind: 'UNAUTHENTICATED', params: none },
  /** Confirming two-factor sign-in before starting its set-up. */
  NO_ENROLMENT: { kind: 'RULE', params: none },
  /** Turning off two-factor sign-in that is not on. */
  NOT_ENABLED: { kind: 'RULE', params: none },

  /**
   * Transaction signing: the user has two-factor, so this change needs a fresh one-time code
   * (header X-Signature-Code, or the form's code field `signatureCode`).
   */
  SIGNATURE_REQUIRED: { kind: 'FORBIDDEN', params: none },
  /** The signature code is wrong, expired, malformed or already used (a code is accepted once). */
  SIGNATURE_INVALID: { kind: 'FORBIDDEN', params: none },
  /** Production: a regulator or operator must turn on two-factor (on /security) before anything else. */
  TWO_FACTOR_ENROLMENT_REQUIRED: { kind: 'FORBIDDEN', params: none },

  // Field problems
  /** A one-time code has 6 digits. */
  FIELD_OTP_FORMAT: { kind: 'INVALID', params: none },
});
