'use server';

import QRCode from 'qrcode';
import { z } from 'zod';
import { fmt } from '@/i18n';
import { currentSessionId } from '@/server/identity/session';
import { endMyOtherSessions, endMySession, revokeMyToken } from '@/server/identity/sessions';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/server/identity/twoFactor';
import { runAction } from './run';
import { idSchema, otpCodeSchema } from '@/schemas/registry';

const PATHS = ['/security'];

/** Creates a new (not yet enabled) TOTP secret; the page shows it once, with its otpauth:// URI and that URI's QR code. */
export async function startTwoFactorAction() {
  return runAction(
    z.object({}),
    {},
    async (actor, _cmd, { t }) => {
      const { secret, uri } = await startTotpEnrolment(actor);
      // The QR code of the otpauth:// URI, drawn on the server as SVG (the secret never leaves for a third party).
      const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret, uri, qrSvg, message: t.security.started };
    },
    [],
    { duringEnrolment: true },
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
    { duringEnrolment: true },
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
    { duringEnrolment: true },
  );
}

/** Revokes one of the user's own API tokens. */
export async function revokeTokenAction(input: unknown) {
  return runAction(
    z.object({ id: idSchema }),
    input,
    async (actor, { id }, { t }) => {
      await revokeMyToken(actor, id);
      return { message: fmt(t.security.tokenRevokedDone, { id }) };
    },
    PATHS,
    { duringEnrolment: true },
  );
}

/** Ends one of the user's own browser sessions (not the one of this page: sign out for that). */
export async function endSessionAction(input: unknown) {
  return runAction(
    z.object({ id: z.uuid() }),
    input,
    async (actor, { id }, { t }) => {
      await endMySession(actor, id, await currentSessionId());
      return { message: t.security.sessionEndedDone };
    },
    PATHS,
    { duringEnrolment: true },
  );
}

/** Ends every other browser session of the user (a forgotten computer), keeping this one. */
export async function endOtherSessionsAction() {
  return runAction(
    z.object({}),
    {},
    async (actor, _cmd, { t }) => {
      const { sessionsEnded } = await endMyOtherSessions(actor, await currentSessionId());
      return { message: fmt(t.security.otherSessionsEnded, { n: sessionsEnded }) };
    },
    PATHS,
    { duringEnrolment: true },
  );
}
