import type { LedgerReport } from '../../src/server/registry/verify';
import type { BenchMarket } from './market';
import { randomInt, seededRandom } from './stats';

/**
 * The order flow: N traders, each a closed loop over HTTP (one request in flight per trader, no
 * think time), each step a listing (random side, price a few cents on its own side of the
 * reference price, 100–2,000 t) or a take (random side, limit price crossing the whole book of the
 * other side, 50–1,000 t). Listings add about twice the tonnage takes remove, so the book stays
 * populated on both sides. SELL listings and SELL takes draw on each trader's large initial
 * allocation, never on units bought today (T+1).
 */

export interface Flow {
  baseUrl: string;
  symbol: string;
  referencePrice: string;
  /** Share of steps that are takes (the rest are listings). */
  takeShare: number;
  /** Listings are priced 0.01 … spread CNY away from the reference price; takes cross by spread + 0.10. */
  spreadCents: number;
  seed: number;
}

export interface Outcome {
  listings: number;
  takes: number;
  trades: number;
  tradedTonnes: number;
  listingMs: number[];
  takeMs: number[];
  /** "<status> <code>" → count, for every answer that was not a success (network failures as "NETWORK <name>"). */
  errors: Record<string, number>;
  /** Settled trades per whole second of the window. */
  tradesPerSecond: number[];
  elapsedMs: number;
}

interface Answer {
  status: number;
  body: unknown;
}

async function post(baseUrl: string, path: string, token: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

const errorCode = (a: Answer) => {
  const code = (a.body as { error?: { code?: string } } | null)?.error?.code;
  return `${a.status} ${code ?? 'UNKNOWN'}`;
};

export function emptyOutcome(): Outcome {
  return { listings: 0, takes: 0, trades: 0, tradedTonnes: 0, listingMs: [], takeMs: [], errors: {}, tradesPerSecond: [], elapsedMs: 0 };
}

/** One step of one trader: returns what happened (the caller records it). */
async function step(flow: Flow, token: string, random: () => number, out: Outcome, started: number): Promise<void> {
  const ref = Math.round(Number(flow.referencePrice) * 100);
  const side = random() < 0.5 ? 'BUY' : 'SELL';
  const isTake = random() < flow.takeShare;
  const t0 = performance.now();
  let answer: Answer;
  try {
    if (isTake) {
      const limit = side === 'BUY' ? ref + flow.spreadCents + 10 : ref - flow.spreadCents - 10;
      answer = await post(flow.baseUrl, '/api/v1/takes', token, { symbol: flow.symbol, side, limitPrice: (limit / 100).toFixed(2), quantity: randomInt(random, 50, 1_000) });
    } else {
      const offset = randomInt(random, 1, flow.spreadCents);
      const price = side === 'SELL' ? ref + offset : ref - offset;
      answer = await post(flow.baseUrl, '/api/v1/orders', token, { symbol: flow.symbol, side, price: (price / 100).toFixed(2), quantity: randomInt(random, 100, 2_000) });
    }
  } catch (error) {
    const key = `NETWORK ${(error as Error).name}`;
    out.errors[key] = (out.errors[key] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  const t1 = performance.now();
  if (answer.status !== 201) {
    const key = errorCode(answer);
    out.errors[key] = (out.errors[key] ?? 0) + 1;
    return;
  }
  if (isTake) {
    out.takes += 1;
    out.takeMs.push(t1 - t0);
    const trades = (answer.body as { trades?: { quantity: number }[] }).trades ?? [];
    out.trades += trades.length;
    out.tradedTonnes += trades.reduce((s, t) => s + t.quantity, 0);
    const second = Math.floor((t1 - started) / 1000);
    while (out.tradesPerSecond.length <= second) out.tradesPerSecond.push(0);
    out.tradesPerSecond[second] = (out.tradesPerSecond[second] ?? 0) + trades.length;
  } else {
    out.listings += 1;
    out.listingMs.push(t1 - t0);
  }
}

/** Runs every trader's loop until `durationMs` has passed; requests in flight at the deadline finish and count. */
export async function runFlow(flow: Flow, tokens: string[], durationMs: number, seedOffset: number): Promise<Outcome> {
  const out = emptyOutcome();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    tokens.map(async (token, i) => {
      const random = seededRandom(flow.seed + seedOffset + i * 7919);
      while (performance.now() < deadline) await step(flow, token, random, out, started);
    }),
  );
  out.elapsedMs = performance.now() - started;
  // The last second is usually partial: drop it from the per-second series.
  if (out.tradesPerSecond.length > Math.floor(out.elapsedMs / 1000)) out.tradesPerSecond.length = Math.floor(out.elapsedMs / 1000);
  return out;
}

/** Seeds the book: every trader places one buy and one sell listing. */
export async function seedBook(flow: Flow, tokens: string[]): Promise<Outcome> {
  const out = emptyOutcome();
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token, i) => {
      const random = seededRandom(flow.seed + 1_000_003 + i);
      for (let k = 0; k < 2; k += 1) await step({ ...flow, takeShare: 0 }, token, random, out, started);
    }),
  );
  out.elapsedMs = performance.now() - started;
  return out;
}

/** `count` requests of one kind, one after another, by one trader: what a request costs without queueing. */
export async function sequential(flow: Flow, token: string, kind: 'listing' | 'take', count: number, seed: number): Promise<Outcome> {
  const out = emptyOutcome();
  const random = seededRandom(flow.seed + seed);
  const started = performance.now();
  for (let i = 0; i < count; i += 1) await step({ ...flow, takeShare: kind === 'take' ? 1 : 0 }, token, random, out, started);
  out.elapsedMs = performance.now() - started;
  return out;
}

export async function tokenFor(baseUrl: string, email: string, password: string, index: number): Promise<string> {
  // Each simulated client comes from its own address (198.18.0.0/15 is reserved for benchmarks):
  // the token endpoint limits attempts per email and per address.
  const address = `198.18.${Math.floor(index / 250)}.${(index % 250) + 1}`;
  const res = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { token?: string; error?: { code: string; message: string } };
  if (!res.ok || !body.token) throw new Error(`POST /api/v1/auth/token for ${email}: ${res.status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`);
  return body.token;
}

/** API tokens of the market's traders and its exchange operator, issued by the app at `baseUrl`. */
export async function tokensFor(baseUrl: string, market: BenchMarket): Promise<{ traders: string[]; operator: string }> {
  const traders: string[] = new Array<string>(market.traders.length);
  for (let i = 0; i < market.traders.length; i += 4) {
    await Promise.all(market.traders.slice(i, i + 4).map(async (t, k) => (traders[i + k] = await tokenFor(baseUrl, t.email, market.password, i + k))));
  }
  return { traders, operator: await tokenFor(baseUrl, market.operatorEmail, market.password, market.traders.length) };
}

/** The app's own ledger verification, over HTTP. */
export async function verifyOverHttp(baseUrl: string, token: string): Promise<LedgerReport> {
  const res = await fetch(`${baseUrl}/api/v1/registry/verify`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300_000) });
  if (!res.ok) throw new Error(`GET /api/v1/registry/verify: ${res.status} ${await res.text()}`);
  return (await res.json()) as LedgerReport;
}
