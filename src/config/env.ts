/**
 * Environment variables, validated with zod at the boundary.
 *
 * - serverEnv(): what the running application needs (DATABASE_URL required).
 * - startEnv():  what scripts/start.ts, migrate.ts and seed.ts need before a database exists
 *               (DATABASE_URL optional: without it they start the embedded PostgreSQL).
 */
import { z } from 'zod';
import { weakAuthSecretReason } from './authSecret';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const postgresUrl = z.string().refine((value) => {
  try {
    return ['postgresql:', 'postgres:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be a PostgreSQL URL such as postgresql://user:password@host:5432/database');

const port = z.coerce
  .number({ message: 'must be a port number (1-65535)' })
  .int('must be a port number (1-65535)')
  .min(1, 'must be a port number (1-65535)')
  .max(65_535, 'must be a port number (1-65535)');

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

const trustProxySchema = z.preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false'], { message: 'must be 1, 0, true or false' }).default('0'));

/** Minutes of inactivity after which a privileged user's browser session ends (IDLE_TIMEOUT_MINUTES). */
const idleTimeoutSchema = z.preprocess(
  emptyToUndefined,
  z.coerce.number({ message: 'must be a whole number of minutes (1-1440)' }).int('must be a whole number of minutes (1-1440)').min(1, 'must be a whole number of minutes (1-1440)').max(1440, 'must be a whole number of minutes (1-1440)').default(10),
);

/** SMTP_URL (optional): the SMTP server notifications are mailed through, e.g. smtp://user:pass@mail.example.cn:587 or smtps://…:465. */
const smtpUrlSchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine((value) => {
      try {
        return ['smtp:', 'smtps:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'must be an SMTP URL such as smtp://user:password@mail.example.cn:587 or smtps://…:465')
    .optional(),
);
/** SMTP_FROM: the sender of notification emails. */
const smtpFromSchema = z.preprocess(emptyToUndefined, z.string().min(3, 'must be a sender address such as "CEA Registry <no-reply@example.cn>"').default('CEA Registry <no-reply@cea-registry.local>'));

const serverSchema = z.object({
  DATABASE_URL: postgresUrl,
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (set AUTH_SECRET or NEXTAUTH_SECRET)'),
  NEXTAUTH_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  APP_MODE: z.preprocess(emptyToUndefined, z.enum(['production', 'demo']).default('demo')),
  PORT: z.preprocess(emptyToUndefined, port.default(3000)),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
  SMTP_URL: smtpUrlSchema,
  SMTP_FROM: smtpFromSchema,
  TRUST_PROXY: trustProxySchema,
  IDLE_TIMEOUT_MINUTES: idleTimeoutSchema,
});

const startSchema = z.object({
  DATABASE_URL: z.preprocess(emptyToUndefined, postgresUrl.optional()),
  AUTH_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, 'must be at least 32 characters (set AUTH_SECRET or NEXTAUTH_SECRET, or unset both to generate one)').optional(),
  ),
  NEXTAUTH_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  APP_MODE: z.preprocess(emptyToUndefined, z.enum(['production', 'demo']).default('demo')),
  PORT: z.preprocess(emptyToUndefined, port.default(3000)),
  /** Port of the embedded PostgreSQL (only used when DATABASE_URL is unset). */
  PGPORT: z.preprocess(emptyToUndefined, port.default(5433)),
  /** Where local state lives: the embedded cluster (<DATA_DIR>/pg) and the generated auth secret. */
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
  TRUST_PROXY: trustProxySchema,
  /**
   * The demo day a fresh demo database is seeded for (YYYY-MM-DD, market time): the history ends
   * on it and the demo clock is left in its afternoon session. Default: the demo scenario's day.
   */
  DEMO_DATE: z.preprocess(emptyToUndefined, isoDate.optional()),
  /**
   * App processes `npm start` runs on its port (scripts/cluster.mjs), all against one PostgreSQL;
   * each has its own connection pool of DB_POOL_SIZE. Default 1.
   */
  APP_PROCESSES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(64).default(1)),
});

/**
 * Production refuses a placeholder or guessable AUTH_SECRET (src/config/authSecret.ts): whoever
 * knows the secret can forge anyone's session. Demo mode accepts any secret of 32 characters.
 */
function productionNeedsRealSecret(env: { APP_MODE: string; AUTH_SECRET?: string | undefined }, ctx: z.RefinementCtx): void {
  if (env.APP_MODE !== 'production' || env.AUTH_SECRET === undefined) return;
  const reason = weakAuthSecretReason(env.AUTH_SECRET);
  if (reason) ctx.addIssue({ code: 'custom', path: ['AUTH_SECRET'], message: `${reason} (required with APP_MODE=production)` });
}
const checkedServerSchema = serverSchema.superRefine(productionNeedsRealSecret);
const checkedStartSchema = startSchema.superRefine(productionNeedsRealSecret);

export type ServerEnv = z.infer<typeof serverSchema>;
export type StartEnv = z.infer<typeof startSchema>;
export type AppMode = ServerEnv['APP_MODE'];

export class EnvError extends Error {
  constructor(
    readonly problems: { variable: string; message: string }[],
    context: string,
  ) {
    super(
      `Invalid environment for ${context}:\n` + problems.map((problem) => `  - ${problem.variable}: ${problem.message}`).join('\n'),
    );
    this.name = 'EnvError';
  }
}

type Source = Record<string, string | undefined>;

function pick(source: Source) {
  return {
    DATABASE_URL: source.DATABASE_URL,
    // next-auth v4 reads NEXTAUTH_SECRET; accept either name.
    AUTH_SECRET: source.AUTH_SECRET || source.NEXTAUTH_SECRET || undefined,
    NEXTAUTH_URL: source.NEXTAUTH_URL,
    APP_MODE: source.APP_MODE,
    PORT: source.PORT,
    PGPORT: source.PGPORT,
    DATA_DIR: source.DATA_DIR,
    LOG_LEVEL: source.LOG_LEVEL,
    TRUST_PROXY: source.TRUST_PROXY,
    DEMO_DATE: source.DEMO_DATE,
    APP_PROCESSES: source.APP_PROCESSES,
    SMTP_URL: source.SMTP_URL,
    SMTP_FROM: source.SMTP_FROM,
    IDLE_TIMEOUT_MINUTES: source.IDLE_TIMEOUT_MINUTES,
  };
}

function parse<T extends z.ZodType>(schema: T, source: Source, context: string): z.infer<T> {
  const result = schema.safeParse(pick(source), { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    variable: issue.path.map(String).join('.') || '(environment)',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
  }));
  throw new EnvError(problems, context);
}

let memo: ServerEnv | undefined;

/** The application's validated environment (memoised). Throws EnvError listing every bad variable. */
export function serverEnv(): ServerEnv {
  memo ??= parse(checkedServerSchema, process.env, 'the server');
  return memo;
}

/** Validates an explicit source without memoising (tests). */
export function parseServerEnv(source: Source): ServerEnv {
  return parse(checkedServerSchema, source, 'the server');
}

/** The environment of scripts/start.ts, migrate.ts and seed.ts (DATABASE_URL optional). */
export function startEnv(source: Source = process.env): StartEnv {
  return parse(checkedStartSchema, source, 'npm start / db:migrate / db:seed');
}

/** Forget the memoised value (tests that change process.env). */
export function resetServerEnvForTests(): void {
  memo = undefined;
}

/**
 * The market clock follows APP_MODE: `production` runs on real Beijing time; `demo` (the default)
 * lets the exchange operator move the clock (POST /api/v1/admin/clock). Parsed on its own so that
 * scripts and tests without the full server environment can ask.
 */
export function marketClockMode(source: Source = process.env): 'real' | 'manual' {
  const mode = parse(z.object({ APP_MODE: startSchema.shape.APP_MODE }), source, 'the market clock');
  return mode.APP_MODE === 'production' ? 'real' : 'manual';
}

/**
 * APP_MODE, read on each call (not memoised) so that tests can switch it: `production` makes
 * two-factor mandatory for privileged users; `demo` (the default) keeps it optional.
 */
export function appMode(source: Source = process.env): AppMode {
  return parse(z.object({ APP_MODE: startSchema.shape.APP_MODE }), source, 'the application mode').APP_MODE;
}

/**
 * IDLE_TIMEOUT_MINUTES: a privileged user's browser session that made no request for this long
 * is ended (default 10, as in CITSS). Parsed on each call, like the clock mode.
 */
export function idleTimeoutMinutes(source: Source = process.env): number {
  return parse(z.object({ IDLE_TIMEOUT_MINUTES: idleTimeoutSchema }), source, 'the idle session timeout').IDLE_TIMEOUT_MINUTES;
}

/**
 * TRUST_PROXY=1 when the app runs behind a reverse proxy that sets X-Forwarded-For: only then is
 * the header's first address the client's (anyone can send the header to a bare server). Parsed
 * on its own, like the clock mode, so scripts and tests can ask.
 */
export function trustProxy(source: Source = process.env): boolean {
  const parsed = parse(
    z.object({ TRUST_PROXY: trustProxySchema }),
    source,
    'the client address',
  );
  return parsed.TRUST_PROXY === '1' || parsed.TRUST_PROXY === 'true';
}

const hoursSetting = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number({ message: 'must be a number of hours (0-2000)' }).min(0, 'must be a number of hours (0-2000)').max(2000, 'must be a number of hours (0-2000)').default(fallback));

/**
 * The registry's delays (DOMAIN §7b), read on each call so that tests can change them:
 * TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS (default 96: the EU's 4 working days) before an account
 * added to a trusted list is trusted; TRANSFER_DELAY_HOURS (default 26, as the EU) that a transfer
 * to an account outside the list waits, cancellable.
 */
export function registryDelays(source: Source = process.env): { trustedAccountBusinessHours: number; transferHours: number } {
  const parsed = z
    .object({ TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS: hoursSetting(96), TRANSFER_DELAY_HOURS: hoursSetting(26) })
    .parse({ TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS: source.TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS, TRANSFER_DELAY_HOURS: source.TRANSFER_DELAY_HOURS });
  return { trustedAccountBusinessHours: parsed.TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS, transferHours: parsed.TRANSFER_DELAY_HOURS };
}

/**
 * Where notification emails go: SMTP_URL (unset: no email is sent, the outbox marks them SKIPPED)
 * and the sender SMTP_FROM. Parsed on each call, like the clock mode, so tests can switch it.
 */
export function mailSettings(source: Source = process.env): { url: string | undefined; from: string } {
  const parsed = parse(z.object({ SMTP_URL: smtpUrlSchema, SMTP_FROM: smtpFromSchema }), source, 'notification email');
  return { url: parsed.SMTP_URL, from: parsed.SMTP_FROM };
}
