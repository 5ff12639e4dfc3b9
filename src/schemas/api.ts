import { z } from 'zod';
import { ACCOUNT_STATUSES } from '@/domain/registry/accountLifecycle';
import { RequestStatus } from '@/generated/prisma/enums';
import { movementTypeSchema } from './enums';
import { idSchema, instrumentSchema, movementsQuerySchema, pageQuerySchema, participantKindSchema, yearBetween } from './registry';

/**
 * Schemas of the public HTTP API that are not registry commands: path parameters, list filters,
 * and the response bodies documented in the OpenAPI document (src/server/http/openapi.ts).
 * Request schemas of use cases stay beside their context (registry.ts, ...); these only describe
 * the HTTP surface. Integration tests parse real responses with the response schemas, so the
 * document cannot drift from what the routes return.
 */

// ---------- path parameters and list filters ----------

export const idParamsSchema = z.object({ id: idSchema.describe('Numeric id') });

export const accountStatuses = ACCOUNT_STATUSES;
export const accountListQuerySchema = pageQuerySchema.extend({
  status: z.enum(accountStatuses).optional(),
  kind: participantKindSchema.optional().describe('Only the accounts of compliance entities or of investors'),
  q: z.string().trim().min(1).max(100).optional().describe('Search: the account ID, or part of its number or of its organisation\'s name (English or Chinese), any case'),
});

export const requestStatuses = Object.values(RequestStatus);
export const transferListQuerySchema = pageQuerySchema.extend({ status: z.enum(requestStatuses).optional() });

export const auditQuerySchema = pageQuerySchema.extend({
  action: z.string().trim().min(1).max(100).optional().describe('Prefix of the action, e.g. "movement." or "account.approve"'),
  from: movementsQuerySchema.shape.from.describe('YYYY-MM-DD (Beijing), inclusive: records written from that day'),
  to: movementsQuerySchema.shape.to.describe('YYYY-MM-DD (Beijing), inclusive: records written up to the end of that day'),
});

export const provinceQuerySchema = z.object({
  province: z.string().trim().min(2).max(8).optional().describe('Province code, e.g. GD; provincial regulators may only ask for their own'),
});

// ---------- responses ----------

const money = z.string().regex(/^-?\d+\.\d{2}$/).describe('CNY with two decimals, as a string');
export const isoDateTime = z.iso.datetime({ offset: true });
const tonnes = z.number().int();

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable SNAKE_CASE code, e.g. INVALID_INPUT, INSUFFICIENT_HOLDING'),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('Offending field (body path, "query.x", "path.x" or a header name) → why'),
    }),
  })
  .describe('Error');

export const healthResponseSchema = z.object({ status: z.enum(['ok', 'error']), db: z.enum(['ok', 'down']) });

export const tokenResponseSchema = z.object({ token: z.string(), expiresAt: isoDateTime });

/** One of the caller's API tokens: never the secret (only its hash is stored). */
export const apiTokenViewSchema = z.object({
  id: z.number().int(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  revokedAt: isoDateTime.nullable().describe('When it was revoked; a revoked token answers 401 at once'),
});
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenViewSchema) });
export const sessionViewSchema = z.object({
  id: z.string().describe('The session id (the browser cookie carries it)'),
  createdAt: isoDateTime.describe('Sign-in (wall clock)'),
  lastSeenAt: isoDateTime.describe('Last request, to within 30 s (wall clock)'),
  endedAt: isoDateTime.nullable().describe('When it ended; an ended session answers 401 at once'),
  endedReason: z.string().nullable().describe('SIGNED_OUT, ENDED_BY_USER, ENDED_BY_OPERATOR or IDLE'),
  current: z.boolean().describe('The session of this request'),
});
export const sessionListSchema = z.object({ sessions: z.array(sessionViewSchema) });
export const sessionParamsSchema = z.object({ id: z.uuid().describe('A session id') });
export const sessionsEndedSchema = z.object({
  userId: z.number().int(),
  sessionsEnded: z.number().int().describe('Browser sessions ended'),
  tokensRevoked: z.number().int().describe('API tokens revoked'),
});

export const twoFactorStatusSchema = z.object({
  offered: z.boolean().describe('Two-factor sign-in is offered to regulators and operators'),
  enabled: z.boolean(),
});
export const twoFactorEnrolmentSchema = z.object({
  secret: z.string().describe('Base32 secret to enter in an authenticator app'),
  uri: z.string().describe('otpauth:// URI with the same secret'),
});

export const meResponseSchema = z.object({
  user: z.object({ id: z.number().int(), email: z.string(), name: z.string(), locale: z.string(), totpEnabled: z.boolean() }),
  organisation: z.object({
    id: z.number().int(),
    name: z.string(),
    nameZh: z.string(),
    kind: z.string(),
    provinceCode: z.string().nullable(),
    creditCode: z.string(),
  }),
  roles: z.array(z.string()),
  accounts: z.object({
    registryAccountId: z.number().int().nullable(),
    tradingAccountId: z.number().int().nullable(),
    cashAccountId: z.number().int().nullable(),
  }),
});

export const holdingsResponseSchema = z.object({
  accountId: z.number().int(),
  number: z.string(),
  name: z.string(),
  status: z.enum(accountStatuses),
  items: z.array(
    z.object({
      instrument: instrumentSchema,
      vintage: z.number().int(),
      available: tonnes,
      locked: tonnes,
      pledged: tonnes,
      frozen: tonnes,
      total: tonnes,
    }),
  ),
  ccerProjects: z
    .array(z.object({
      vintage: z.number().int(), projectId: z.number().int(), code: z.string(), name: z.string(), nameZh: z.string(), quantity: tonnes,
      eligible: z.boolean().describe('Counts as an offset this year: the project owner is not a covered entity'),
    }))
    .describe('CCER by vintage and the project they come from'),
});

export const movementLineSchema = z.object({
  entryId: z.string(),
  type: movementTypeSchema,
  createdAt: isoDateTime,
  memo: z.string().nullable(),
  reference: z.string().nullable(),
  legalBasis: z.string().nullable(),
  instrument: instrumentSchema,
  vintage: z.number().int(),
  available: tonnes.describe('Net change of the available bucket of this account'),
  locked: tonnes,
  pledged: tonnes,
  frozen: tonnes,
  counterparties: z.array(z.string()).describe('Numbers of the other accounts of the entry that the reader may see: system accounts, and for a participant only a counterparty the rules name (a directed block trade’s, a non-trade transfer’s other side)'),
  anonymousCounterparty: z.boolean().describe('True when the entry has a participant counterparty that is not shown (a listed trade: the market is anonymous)'),
});

export const movementsPageSchema = z.object({ items: z.array(movementLineSchema), nextCursor: z.string().nullable() });

export const cashResponseSchema = z.object({
  accountId: z.number().int(),
  cashAccountId: z.number().int(),
  number: z.string(),
  currency: z.literal('CNY'),
  available: money,
  locked: money,
  total: money,
});

export const movementResultSchema = z.object({
  entryId: z.string(),
  type: movementTypeSchema,
  instrument: instrumentSchema,
  vintage: z.number().int(),
  quantity: tonnes,
  fromAccountId: z.number().int(),
  toAccountId: z.number().int(),
});

export const freezeResultSchema = movementResultSchema.extend({ freezeId: z.number().int() });
export const pledgeResultSchema = movementResultSchema.extend({ pledgeId: z.number().int() });

export const accountApplicationResultSchema = z.object({
  accountId: z.number().int(),
  organisationId: z.number().int(),
  number: z.string(),
  status: z.enum(accountStatuses),
});

export const accountStatusResultSchema = z.object({ accountId: z.number().int(), status: z.enum(accountStatuses) });

export const organisationUpdateResultSchema = z.object({ changeId: z.number().int(), changed: z.array(z.string()) });

export const transferRequestResultSchema = z.object({ requestId: z.number().int(), status: z.literal('PENDING') });

export const transferDecisionResultSchema = z.object({
  requestId: z.number().int(),
  status: z.enum(['APPROVED', 'REJECTED', 'DELAYED']),
  entryId: z.string().nullable().describe('The journal entry; null while a transfer to an account outside the trusted list waits its delay'),
  executesAt: isoDateTime.nullable().describe('When a DELAYED transfer moves (market time), unless cancelled before'),
});

export const cashDepositResultSchema = z.object({ entryId: z.string(), cashAccountId: z.number().int(), amount: money });

/** Lists that are not paged yet still use the page shape, so that clients loop the same way. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const looseObject = z.looseObject({});

export const cashBalanceListSchema = listOf(
  cashResponseSchema.extend({ accountNumber: z.string(), accountStatus: z.enum(accountStatuses), name: z.string(), nameZh: z.string() }),
);
export const accountListResponseSchema = listOf(
  z.looseObject({ id: z.number().int(), number: z.string(), status: z.enum(accountStatuses), name: z.string(), organisationId: z.number().int().nullable() }),
);
export const transferListResponseSchema = listOf(
  z.looseObject({
    id: z.number().int(),
    fromAccountId: z.number().int(),
    toAccountId: z.number().int(),
    instrument: instrumentSchema,
    vintage: z.number().int(),
    quantity: tonnes,
    status: z.enum(requestStatuses),
  }),
);
export const encumbranceListResponseSchema = listOf(
  z.looseObject({ id: z.number().int(), accountId: z.number().int(), instrument: instrumentSchema, vintage: z.number().int(), quantity: tonnes, status: z.string() }),
);
export const auditPageSchema = listOf(
  z.looseObject({ id: z.string(), seq: z.string().nullable(), at: isoDateTime, action: z.string(), targetType: z.string(), targetId: z.string(), hash: z.string().nullable() }),
);
export const provinceOverviewResponseSchema = listOf(
  z.looseObject({
    organisationId: z.number().int(),
    name: z.string(),
    provinceCode: z.string().nullable(),
    accountId: z.number().int().nullable(),
    cea: tonnes,
    ccer: tonnes,
  }),
);
export const provinceListResponseSchema = listOf(z.looseObject({ code: z.string(), name: z.string(), nameZh: z.string() }));
export const ledgerReportSchema = z.looseObject({
  ok: z.boolean(), checkedAt: isoDateTime, holdingsChecked: z.number().int(), auditChain: looseObject,
  checkpoint: z
    .object({ id: z.number().int(), throughEntryId: z.string(), auditSeq: z.number().int(), takenAt: isoDateTime.describe('Wall clock (for auditors)') })
    .nullable()
    .describe('The checkpoint the journal was checked from (its sums plus the entries after it); null: every entry from the first'),
});
export const verifyQuerySchema = z.object({
  full: z.enum(['true', 'false']).optional().describe('true: check every entry and audit record from the first, not from the latest checkpoint'),
});

export const ccerProjectQuerySchema = z.object({
  year: yearBetween(z.coerce.number().int()).optional().describe('Eligibility as offsets is shown for this compliance year (default: the market clock’s year)'),
});
export const ccerProjectResponseSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameZh: z.string(),
  category: z.string(),
  provinceCode: z.string().nullable(),
  owner: z.object({ organisationId: z.number().int(), name: z.string(), nameZh: z.string() }).nullable(),
  ownerCovered: z.boolean().describe('The owner is a covered entity in `year`: the project’s CCER are not eligible offsets that year'),
  year: z.number().int(),
  issued: tonnes,
  cancelled: tonnes,
  registeredAt: isoDateTime,
});
export const ccerProjectListSchema = z.object({ items: z.array(ccerProjectResponseSchema) });
