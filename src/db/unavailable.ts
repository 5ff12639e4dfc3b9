/**
 * Whether an error says the database is out of reach — not answering, restarting, or the
 * connection broken — rather than that a request was wrong: the API then answers 503 (try again)
 * instead of 500, and the driver's pool reconnects by itself once PostgreSQL is back.
 *
 * Recognised: Prisma's driver-adapter kinds (DatabaseNotReachable, ConnectionClosed…), Prisma's
 * connection codes (P1001, P1002, P1017), PostgreSQL's connection and shutdown SQLSTATEs (class 08,
 * 57P01–57P03), Node's socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE) and node-postgres'
 * messages for a lost connection.
 */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'DatabaseDoesNotExist', 'SocketTimeout', 'TooManyConnections']);
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017']);
const SQLSTATES = /^(08\d{3}|57P0[123])$/;
/** node-postgres' own messages for a connection lost or never made (the hot path uses the driver directly). */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.code === 'string' && (PRISMA_CODES.has(e.code) || SQLSTATES.test(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (error instanceof Error && (ADAPTER_KINDS.has(error.message) || PG_MESSAGES.test(error.message))) return true;
  return isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}
