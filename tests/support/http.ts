import { NextRequest } from 'next/server';

/**
 * Calls a Next.js route handler in-process with a real NextRequest, as Next would: the same
 * parsing, authentication, validation and error mapping as over the network.
 */
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  body?: unknown;
  rawBody?: string;
  token?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

// Tests read arbitrary JSON response shapes; `any` keeps them terse.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(handler: Handler, opts: CallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  // A test may send another media type on purpose (415).
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const req = new NextRequest(new URL(opts.path ?? '/', 'http://localhost:3000'), { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  // JSON answers are parsed; CSV and other text answers come back as their text.
  const isJson = (res.headers.get('content-type') ?? 'application/json').includes('json');
  return { status: res.status, body: !text ? null : isJson ? JSON.parse(text) : text, headers: res.headers };
}
