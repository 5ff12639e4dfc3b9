import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET as me } from '@/app/api/v1/me/route';
import { DELETE as revokeToken } from '@/app/api/v1/me/tokens/[id]/route';
import { actorCacheStats, stopActorCache } from '@/server/identity/actorCache';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';

/**
 * The per-process cache of a bearer token's actor (issue 14 §1), on a real database: a request
 * reads the token once and then not again for a few seconds; anything that changes who the token
 * stands for — a revocation through the API, a role, organisation or disabled flag changed
 * straight in SQL by anyone (another process, an operator's script) — reaches this process through
 * PostgreSQL's `actor_changed` notification at its commit, and the next request sees it.
 */
let reg: Registry;
let trader: Participant;
let token = '';
let before: string | undefined;

/** Waits until `check` holds (a notification arrives within milliseconds). */
async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not within the time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  before = process.env.ACTOR_CACHE_MS;
  process.env.ACTOR_CACHE_MS = '60000';
  reg = await bootstrapRegistry();
  trader = await createParticipant(reg, { province: 'GD', name: 'Cached Trader' });
  token = await tokenFor(trader.actor);
  // The first request starts listening; once it listens, actors are kept.
  await call(me, { token });
  await eventually(async () => actorCacheStats().listening);
});

afterAll(async () => {
  await stopActorCache();
  process.env.ACTOR_CACHE_MS = before;
});

describe('the actor of a bearer token, kept per process', () => {
  it('answers from memory: the same actor, and no new read of the token', async () => {
    const first = await call(me, { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ user: { id: trader.actor.userId }, roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] });
    const { hits, loads } = actorCacheStats();
    const again = await call(me, { token });
    expect(again.body).toEqual(first.body);
    expect(actorCacheStats()).toMatchObject({ hits: hits + 1, loads });
  });

  it('never keeps an unknown token', async () => {
    const { loads } = actorCacheStats();
    expect((await call(me, { token: 'cax_unknown' })).status).toBe(401);
    expect((await call(me, { token: 'cax_unknown' })).status).toBe(401);
    expect(actorCacheStats().loads).toBe(loads + 2);
  });

  it('sees a role changed straight in SQL (as by another process) at its commit', async () => {
    await db().$executeRaw`UPDATE app_user SET roles = ARRAY['ENTITY_TRADER']::"Role"[] WHERE id = ${trader.actor.userId}`;
    await eventually(async () => (await call(me, { token })).body.roles.length === 1);
    expect((await call(me, { token })).body.roles).toEqual(['ENTITY_TRADER']);
  });

  it('refuses a token of a user disabled in SQL, and a token revoked through the API at once', async () => {
    await db().$executeRaw`UPDATE app_user SET disabled = true WHERE id = ${trader.actor.userId}`;
    await eventually(async () => (await call(me, { token })).status === 401);
    await db().$executeRaw`UPDATE app_user SET disabled = false WHERE id = ${trader.actor.userId}`;
    await eventually(async () => (await call(me, { token })).status === 200);

    const tokenId = (await db().apiToken.findFirstOrThrow({ where: { userId: trader.actor.userId }, orderBy: { id: 'desc' } })).id;
    expect((await call(me, { token })).status).toBe(200);
    expect((await call(revokeToken, { method: 'DELETE', params: { id: String(tokenId) }, token })).status).toBe(200);
    // The same process: no wait.
    expect((await call(me, { token })).status).toBe(401);
  });
});
