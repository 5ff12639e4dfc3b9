import { db } from '@/db/client';
import { generateTotpSecret, totpUri } from '@/domain/identity/totp';
import { problem } from '@/domain/problems';
import { DomainError, fail } from '../errors';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';
import { forgetActors } from './actorCache';
import { loadActor, type Actor } from './actor';
import { authorize } from './authorize';
import { acceptOneTimeCode, mayUseTwoFactor } from './credentials';

/**
 * Optional TOTP two-factor sign-in for regulators and operators (RFC 6238, any authenticator
 * app). Enrolment: a secret is stored but not enabled until the user proves it with a code.
 */

/**
 * A wrong code from a signed-in user changing the setting: OTP_INVALID, as at sign-in, but answered
 * as a refused rule (422), not as a failed sign-in (401): the session stays valid.
 */
function wrongCode(): DomainError {
  const e = fail('OTP_INVALID', {}, { otp: problem('OTP_INVALID') });
  return new DomainError(e.problem, e.fieldProblems, 'RULE');
}

export async function startTotpEnrolment(actor: Actor): Promise<{ secret: string; uri: string }> {
  authorize(actor, 'security.twoFactor');
  const secret = generateTotpSecret();
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { totpSecret: secret, totpEnabled: false, totpLastStep: null } });
    await recordAudit(tx, actor, { action: 'auth.totp_enrolment_started', targetType: 'user', targetId: actor.userId });
  });
  return { secret, uri: totpUri(secret, actor.email, 'Carbon Exchange') };
}

export async function confirmTotpEnrolment(actor: Actor, code: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!user.totpSecret) throw fail('NO_ENROLMENT', {}, { otp: problem('NO_ENROLMENT') });
  if (!(await acceptOneTimeCode(user.id, user.totpSecret, code))) throw wrongCode();
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { totpEnabled: true } });
    await recordAudit(tx, actor, { action: 'auth.totp_enabled', targetType: 'user', targetId: actor.userId });
  });
  // The user now signs: this process's next request must not see the kept actor (every process forgets it at the commit).
  forgetActors();
}

export async function disableTotp(actor: Actor, code: string): Promise<void> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!user.totpEnabled || !user.totpSecret) throw fail('NOT_ENABLED', {}, { otp: problem('NOT_ENABLED') });
  if (!(await acceptOneTimeCode(user.id, user.totpSecret, code))) throw wrongCode();
  await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { totpEnabled: false, totpSecret: null, totpLastStep: null } });
    await recordAudit(tx, actor, { action: 'auth.totp_disabled', targetType: 'user', targetId: actor.userId });
  });
  forgetActors();
}

export async function twoFactorStatus(actor: Actor): Promise<{ offered: boolean; enabled: boolean }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  return { offered: mayUseTwoFactor(await loadActor(actor.userId)), enabled: user.totpEnabled };
}
