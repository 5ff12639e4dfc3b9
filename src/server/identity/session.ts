import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { db } from '@/db/client';
import { DomainError } from '../errors';
import { authOptions } from './authOptions';
import type { Actor } from './actor';
import { actorFromSessionToken } from './sessions';

/**
 * The signed-in user of a browser request (server components and server actions). The session
 * cookie carries the user id and the server-side session id (checked on every request); roles and organisation are loaded fresh (once per request,
 * thanks to React's `cache`), so a disabled user or a role change takes effect at once.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: unknown; sessionId?: unknown } | null;
  if (!session) return null;
  try {
    // An ended or missing server-side session is signed out (the page guard redirects to sign-in).
    return await actorFromSessionToken({ uid: session.userId, sid: session.sessionId });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'UNAUTHENTICATED') return null;
    throw e;
  }
});

/** The server-side session id of the browser request (the JWT's `sid`), if any. */
export const currentSessionId = cache(async (): Promise<string | undefined> => {
  const session = (await getServerSession(authOptions)) as { sessionId?: unknown } | null;
  return typeof session?.sessionId === 'string' ? session.sessionId : undefined;
});

/**
 * Why the browser request has no actor: 'idle' when its session was just ended for inactivity (the
 * sign-in page says so), else null. Only meaningful after `currentActor()` returned null.
 */
export const signedOutReason = cache(async (): Promise<'idle' | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: unknown; sessionId?: unknown } | null;
  if (typeof session?.sessionId !== 'string' || typeof session.userId !== 'number') return null;
  const row = await db().userSession.findFirst({ where: { id: session.sessionId, userId: session.userId }, select: { endedReason: true } });
  return row?.endedReason === 'IDLE' ? 'idle' : null;
});

export interface ShellContext {
  organisation: { name: string; nameZh: string; provinceCode: string | null; provinceName: string | null; provinceNameZh: string | null };
  /** The organisation's own registry account (entities and investors), if it has one. */
  account: { id: number; number: string; status: string } | null;
}

/**
 * What the signed-in shell shows about the actor's own organisation. Scoped to the actor. Only
 * entities, investors and provincial regulators belong to a province: the registry and the exchange
 * are national bodies (wherever they sit) and show none, nor does the national regulator.
 */
export const shellContext = cache(async (actor: Actor): Promise<ShellContext> => {
  const org = await db().organisation.findUnique({
    where: { id: actor.organisationId },
    select: {
      name: true, nameZh: true, kind: true, provinceCode: true,
      province: { select: { name: true, nameZh: true } },
      registryAccount: { select: { id: true, number: true, status: true } },
    },
  });
  const province = org && org.kind !== 'REGISTRY_OPERATOR' && org.kind !== 'EXCHANGE_OPERATOR' ? org.province : null;
  return {
    organisation: {
      name: org?.name ?? '', nameZh: org?.nameZh ?? '', provinceCode: province ? (org?.provinceCode ?? null) : null,
      provinceName: province?.name ?? null, provinceNameZh: province?.nameZh ?? null,
    },
    account: org?.registryAccount ?? null,
  };
});

/**
 * Display names of users (audit trail, decisions). Only for screens whose service already
 * checked that the actor may see the records naming these users.
 */
export async function userNames(ids: (number | null)[]): Promise<Map<number, { name: string; organisation: string; organisationZh: string }>> {
  const unique = [...new Set(ids.filter((i): i is number => i !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db().user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, organisation: { select: { name: true, nameZh: true } } } });
  return new Map(rows.map((u) => [u.id, { name: u.name, organisation: u.organisation.name, organisationZh: u.organisation.nameZh }]));
}
