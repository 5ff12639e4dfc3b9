'use server';

import { z } from 'zod';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/server/identity/twoFactor';
import { runAction } from './run';
import { otpCodeSchema } from '@/schemas/registry';

const PATHS = ['/security'];

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
      // A wrong code or a missing set-up is refused with the problem beside the code field (the service names it).
      await confirmTotpEnrolment(actor, otp);
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
      await disableTotp(actor, otp);
      return { message: t.security.disabledDone };
    },
    PATHS,
  );
}
