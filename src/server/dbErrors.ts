import { isDatabaseUnavailable } from '@/db/unavailable';
import { fail, type DomainError } from './errors';

/**
 * Database refusals a request can provoke whatever its validation, as problems rather than 500s:
 * a unique violation (PostgreSQL 23505, Prisma P2002: an identical creation won a race) is 409
 * ALREADY_EXISTS; a numeric overflow (22003, Prisma P2020: a sum beyond NUMERIC(18,2) …) is 422
 * OUT_OF_RANGE; a database out of reach (not answering, restarting, connection broken) is 503
 * DATABASE_UNAVAILABLE — the pool reconnects by itself once it is back. The one mapping for the API
 * wrapper and the server actions.
 */
const UNIQUE = new Set(['P2002', '23505', 'UniqueConstraintViolation']);
const RANGE = new Set(['P2020', '22003', 'ValueOutOfRange']);

/** The codes an error carries, looking into its cause and Prisma's driver-adapter details. */
function codesOf(e: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 4 || e === null || typeof e !== 'object') return out;
  const o = e as Record<string, unknown>;
  for (const key of ['code', 'originalCode', 'kind']) if (typeof o[key] === 'string') out.push(o[key]);
  for (const key of ['cause', 'meta', 'driverAdapterError']) codesOf(o[key], depth + 1, out);
  return out;
}

export function dbProblem(e: unknown): DomainError | undefined {
  if (isDatabaseUnavailable(e)) return fail('DATABASE_UNAVAILABLE', {});
  const codes = codesOf(e);
  if (codes.some((c) => UNIQUE.has(c))) return fail('ALREADY_EXISTS', {});
  if (codes.some((c) => RANGE.has(c))) return fail('OUT_OF_RANGE', {});
  return undefined;
}
