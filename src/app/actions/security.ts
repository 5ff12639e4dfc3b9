'use server';

import { z } from 'zod';
import type { Dictionary } from '@/i18n';
import { DomainError } from '@/server/errors';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/server/identity/twoFactor';
import { runAction } from './run';
import { otpCodeSchema } from '@/schemas/registry';

const PATHS = ['/security'];

type OtpErrorCode = keyof Dictionary['security']['errors'];

/**
 * The two-factor services reject a wrong code (OTP_INVALID) or a missing enrolment with a domain
 * error; the form shows it next to the code field, in the user's language.
 */
async function withCodeErrors<T>(t: Dictionary, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DomainError && e.code in t.security.errors) {
      const text = t.security.errors[e.code as OtpErrorCode];
      throw new DomainError(e.kind, e.code, text, { otp: text });
    }
    throw e;
  }
}

/** Creates a new (not yet enabled) TOTP secret; the page shows it once, with its otpauth:// URI. */
export async function startTwoFactorAction() {
  return runAction(
    z.object({}),
    {},
    async (actor, _cmd, { t }) => {
      const { secret, uri } = await startTotpEnrolment(actor);
      return { secret, uri, message: t.security.started };
    },
    [],
  );
}

/** Enables two-factor sign-in once the user proves the app works with a current code. */
export async function confirmTwoFactorAction(input: unknown) {
  return runAction(
    otpCodeSchema,
    input,
    async (actor, { otp }, { t }) => {
      await withCodeErrors(t, () => confirmTotpEnrolment(actor, otp));
      return { message: t.security.enabledDone };
    },
    PATHS,
  );
}

/** Turns two-factor sign-in off; needs a current code. */
export async function disableTwoFactorAction(input: unknown) {
  return runAction(
    otpCodeSchema,
    input,
    async (actor, { otp }, { t }) => {
      await withCodeErrors(t, () => disableTotp(actor, otp));
      return { message: t.security.disabledDone };
    },
    PATHS,
  );
}
