import pg from 'pg';
import { Prisma } from '@/generated/prisma/client';
import { pool } from './client';

/**
 * Transactions on node-postgres directly, for the trading hot path: a statement through Prisma's
 * raw-query API costs ~0.3 ms of the app server's CPU against ~0.1 ms straight on the driver, and
 * the take batch runs over a dozen while it holds its instrument's lock.
 *
 * `inPgTransaction` hands its function a `Tx` that offers the raw-query methods only — `$queryRaw`,
 * `$executeRaw` and their `Unsafe` forms — and answers them as Prisma would: int8 as bigint,
 * numeric as Prisma.Decimal, date as a Date at UTC midnight (the rest as node-postgres gives them:
 * timestamptz as Date, json parsed, int4 as number). Code run inside must use nothing else of the
 * Prisma client: a model method there is undefined and fails loudly in the tests that run it.
 */

const parseDecimal = (v: string) => new Prisma.Decimal(v);
const parseBigInt = (v: string) => BigInt(v);

/** Parses a one-dimensional array of numbers as PostgreSQL writes it: {1,2,NULL}. */
const arrayOf = (parse: (v: string) => unknown) => (v: string) =>
  v === '{}' ? [] : v.slice(1, -1).split(',').map((x) => (x === 'NULL' ? null : parse(x)));

const PARSERS: Record<number, (v: string) => unknown> = {
  20: parseBigInt, // int8
  1016: arrayOf(parseBigInt), // int8[]
  1700: parseDecimal, // numeric
  1231: arrayOf(parseDecimal), // numeric[]
  1082: (v) => new Date(`${v}T00:00:00Z`), // date
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** A parameter as Prisma would send it. */
function param(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(param);
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
    // Decimal values (Prisma's and decimal.js's) and the like print themselves; plain objects travel as JSON.
    return Object.getPrototypeOf(v) === Object.prototype ? JSON.stringify(v) : String(v);
  }
  return v;
}

function sqlOf(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
}

/** A parameter (as `param` makes it) in PostgreSQL's text form: an array as an array literal. */
function textOf(v: unknown): string {
  if (Array.isArray(v)) return `{${v.map((e) => (e === null ? 'NULL' : Array.isArray(e) ? textOf(e) : `"${textOf(e).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** `text` with its $n placeholders replaced by the values as SQL literals, quoted by the driver. */
function inline(client: pg.PoolClient, text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_m, n: string) => {
    const v = param(values[Number(n) - 1]);
    return v === null ? 'NULL' : client.escapeLiteral(textOf(v));
  });
}

/**
 * What a transaction of inPgTransaction offers: the raw-query methods, and the last statement of
 * the transaction sent together with its COMMIT.
 */
export type PgTx = Prisma.TransactionClient & {
  /** Runs the statement and commits in ONE round trip; nothing may run in the transaction after it. */
  $queryRawAndCommit: <T = unknown>(query: Prisma.Sql) => Promise<T>;
};

function pgTx(client: pg.PoolClient) {
  let begun = false;
  let committed = false;
  // BEGIN travels with the first statement and COMMIT with the one that asks for it, in one
  // round trip each (a simple query of several statements, the values inlined as literals): a
  // round trip waits its turn on a busy event loop, and the transaction holds its locks meanwhile.
  const run = async (text: string, values: readonly unknown[], commit = false) => {
    if (committed) throw new Error('This transaction has committed.');
    if (begun && !commit) return client.query({ text, values: values.map(param), types });
    const statements = [...(begun ? [] : ['BEGIN']), inline(client, text, values), ...(commit ? ['COMMIT'] : [])];
    const at = begun ? 0 : 1;
    begun = true;
    committed = commit;
    const results = (await client.query({ text: statements.join(';\n'), types })) as unknown as pg.QueryResult[];
    return results[at]!;
  };
  return {
    $queryRaw: async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const sql = sqlOf(query, values);
      return (await run(sql.text, sql.values)).rows;
    },
    $executeRaw: async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const sql = sqlOf(query, values);
      return (await run(sql.text, sql.values)).rowCount ?? 0;
    },
    $queryRawUnsafe: async (text: string, ...values: unknown[]) => (await run(text, values)).rows,
    $executeRawUnsafe: async (text: string, ...values: unknown[]) => (await run(text, values)).rowCount ?? 0,
    $queryRawAndCommit: async (query: Prisma.Sql) => (await run(query.text, query.values, true)).rows,
    state: () => ({ begun, committed }),
  };
}

/**
 * Runs `fn` in ONE transaction (READ COMMITTED) on a pooled connection; see above for what `tx`
 * offers. The transaction begins with `fn`'s first statement and commits when `fn` returns, unless
 * its last statement committed already ($queryRawAndCommit).
 */
export async function inPgTransaction<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  const tx = pgTx(client);
  let broken = false;
  try {
    const result = await fn(tx as unknown as PgTx);
    const { begun, committed } = tx.state();
    if (begun && !committed) await client.query('COMMIT');
    return result;
  } catch (error) {
    if (tx.state().begun) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
