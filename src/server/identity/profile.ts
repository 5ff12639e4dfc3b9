import { db } from '@/db/client';
import type { Actor } from './actor';

/**
 * Who the caller is: the user, the organisation they act for, their roles and the organisation's
 * linked registry, trading and cash accounts (null where the organisation has none, e.g. a
 * regulator, or a participant whose account is still PENDING).
 */
export async function getProfile(actor: Actor) {
  const user = await db().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      id: true, email: true, name: true, locale: true, totpEnabled: true,
      organisation: {
        select: {
          id: true, name: true, nameZh: true, kind: true, provinceCode: true, creditCode: true,
          registryAccount: { select: { id: true, tradingAccount: { select: { id: true, cashAccount: { select: { id: true } } } } } },
        },
      },
    },
  });
  const { registryAccount, ...organisation } = user.organisation;
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale, totpEnabled: user.totpEnabled },
    organisation,
    roles: actor.roles,
    accounts: {
      registryAccountId: registryAccount?.id ?? null,
      tradingAccountId: registryAccount?.tradingAccount?.id ?? null,
      cashAccountId: registryAccount?.tradingAccount?.cashAccount?.id ?? null,
    },
  };
}
