import { db } from '@/db/client';
import { generateTotpSecret, totpUri } from '@/domain/identity/totp';
import { forbidden, ruleViolation } from '../errors';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';
import { loadActor, type Actor } from './actor';
import { acceptOneTimeCode, mayUseTwoFactor } from './credentials';

/**
 * Optional TOTP two-factor sign-in for regulators and operators (RFC 6238, any authenticator
 * app). Enrolment: a secret is stored but not enabled until the user proves it with a code.
 */

const wrongCode = () => ruleViolation('OTP_INVALID', 'The one-time code is wrong, expired or already used.', { otp: 'wrong, expired or already used' });

export async function startTotpEnrolment(actor: Actor): Promise<{ secret: string; uri: string }> {
  if (!mayUseTwoFactor(actor)) throw forbidden('Two-factor sign-in is offered to regulators and operators.');
  const secret = generateTotpSecret();
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { totpSecret: secret, totpEnabled: false, totpLastStep: null } });
    await recordAudit(tx, actor, { action: 'auth.totp_enrolment_started', targetType: 'user', targetId: actor.userId });
  });
  return { secret, uri: totpUri(secret, actor.email, 'Carbon Exchange') };
}

export async function confirmTotpEnrolment(actor: Actor, code: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!user.totpSecret) throw ruleViolation('NO_ENROLMENT', 'Start the two-factor set-up first.');
  if (!(await acceptOneTimeCode(user.id, user.totpSecret, code))) throw wrongCode();
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { totpEnabled: true } });
    await recordAudit(tx, actor, { action: 'auth.totp_enabled', targetType: 'user', targetId: actor.userId });
  });
}

export async function disableTotp(actor: Actor, code: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!user.totpEnabled || !user.totpSecret) throw ruleViolation('NOT_ENABLED', 'Two-factor sign-in is not enabled.');
  if (!(await acceptOneTimeCode(user.id, user.totpSecret, code))) throw wrongCode();
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { totpEnabled: false, totpSecret: null, totpLastStep: null } });
    await recordAudit(tx, actor, { action: 'auth.totp_disabled', targetType: 'user', targetId: actor.userId });
  });
}

export async function twoFactorStatus(actor: Actor): Promise<{ offered: boolean; enabled: boolean }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  return { offered: mayUseTwoFactor(await loadActor(actor.userId)), enabled: user.totpEnabled };
}
