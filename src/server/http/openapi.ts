import { ruleParams } from '@/i18n/ruleParams';
import { z } from 'zod';
import { formatParamSchema, langParamSchema, type CsvSpec } from './csv';
import { csvSpecs } from './csvSpecs';
import { SIGNATURE_HEADER } from '@/domain/identity/signing';
import { statementQuerySchema } from '@/schemas/statement';
import {
  approvalDecisionSchema, approvalListQuerySchema, approvalListSchema, approvalSubmittedSchema, decisionNoteSchema, reversalSchema, transferCancelResultSchema,
  transferCancelSchema, trustedAccountListSchema, trustedAccountParamsSchema, trustedAccountRequestSchema, trustedAccountViewSchema,
} from '@/schemas/controls';
import {
  accountApplicationSchema, accountStatusSchema, allocationSchema, cancellationSchema, cashDepositSchema, decisionSchema,
  auctionSetAsideSchema, ccerProjectSchema, distributionSchema, freezeSchema, issuanceSchema, movementsQuerySchema, nonTradeTransferSchema, organisationUpdateSchema,
  otpCodeSchema, pageQuerySchema, pledgeSchema, releaseSchema, tokenRequestSchema,
} from '@/schemas/registry';
import {
  twoFactorEnrolmentSchema, twoFactorStatusSchema, apiTokenListSchema, apiTokenViewSchema, sessionsEndedSchema, sessionListSchema, sessionParamsSchema, sessionViewSchema,
  ccerProjectListSchema, ccerProjectQuerySchema, ccerProjectResponseSchema,
  accountApplicationResultSchema, accountListQuerySchema, accountListResponseSchema, auditPageSchema,
  auditQuerySchema, cashBalanceListSchema, cashDepositResultSchema, cashResponseSchema, encumbranceListResponseSchema, errorResponseSchema,
  healthResponseSchema, holdingsResponseSchema, idParamsSchema, ledgerReportSchema, meResponseSchema, verifyQuerySchema,
  movementResultSchema, movementsPageSchema, organisationUpdateResultSchema, provinceListResponseSchema,
  provinceOverviewResponseSchema,
  provinceQuerySchema, tokenResponseSchema, transferDecisionResultSchema, transferListQuerySchema, transferListResponseSchema,
  transferRequestResultSchema,
} from '@/schemas/api';

import {
  alertQuerySchema, alertReviewSchema, bigIdParamsSchema, blockProposalSchema, bookQuerySchema, clockCommandSchema, instrumentCreateSchema,
  instrumentStatusSchema, largeHolderQuerySchema, listingSchema, amendListingSchema, marketSettingsSchema, myListingsQuerySchema,
  myTradesQuerySchema, participantSuspensionSchema, holidaySchema, holidayParamsSchema, holidayQuerySchema, referencePriceSchema, symbolParamsSchema, takeSchema, takeableQuerySchema, tapeQuerySchema,
} from '@/schemas/trading';
import {
  alertPageSchema, alertReviewResultSchema, barsResponseSchema, blockProposalResponseSchema, bookResponseSchema, clockResponseSchema,
  instrumentCreateResultSchema, instrumentListSchema, instrumentStatusResultSchema, largeHolderPageSchema, listingPageSchema,
  listingResponseSchema, marketSettingsResponseSchema, marketSummarySchema, myBlockProposalsSchema, myTradesPageSchema,
  participantListSchema, participantSuspensionResultSchema, referencePriceResultSchema, takeResponseSchema, takeableListResponseSchema,
  tapePageSchema, holidaySchemaOut, holidayListSchema,
  complianceStatusResponseSchema, reportResponseSchema, reportListSchema, surrenderResponseSchema,
} from '@/schemas/tradingApi';
import { closingPreviewSchema, closingQuerySchema, penaltyListSchema, publicReportSchema, yearClosingSchema } from '@/schemas/closingApi';
import {
  coverageAddSchema, coverageParamsSchema, coverageRemoveSchema, industryRuleSchema, installationSchema, organisationQuerySchema, planSchema, ruleParamsSchema,
  runCommandSchema, runParamsSchema,
} from '@/schemas/allocation';
import {
  coverageListSchema, coverageResponseSchema, entityAllocationListSchema, industryRuleListSchema, installationListSchema,
  installationResponseSchema, planResponseSchema, runListSchema, runResponseSchema,
} from '@/schemas/allocationApi';
import { cycleSchema, emissionReportSchema, policySchema, statusQuerySchema, surrenderSchema, verificationSchema, yearIdParamsSchema, yearParamsSchema } from '@/schemas/compliance';
import { complianceOverviewResponseSchema } from '@/schemas/overviewApi';
import { markReadResultSchema, markReadSchema, notificationPageSchema, notificationsQuerySchema, preferencesCommandSchema, preferencesResponseSchema } from '@/schemas/notifications';
import {
  auctionCancelSchema, auctionCreateSchema, auctionListQuerySchema, auctionListSchema, auctionParamsSchema, auctionViewSchema, bidParamsSchema, bidSchema,
  bidViewSchema,
} from '@/schemas/auction';
import { policyResponseSchema } from '@/schemas/allocationApi';
import {
  analysisQuerySchema, auctionRevenueSchema, complianceBehaviourSchema, earmarkParamsSchema, earmarksCommandSchema, fuelPriceSeriesQuerySchema,
  fuelPriceSeriesSchema, fuelPricesCommandSchema, fuelPricesResultSchema, fuelSwitchQuerySchema, fuelSwitchResponseSchema, offsetsResponseSchema,
  periodQuerySchema, primarySecondarySchema, supplyResponseSchema, balanceSheetQuerySchema, balanceSheetResponseSchema, forecastCommandSchema,
  forecastParamsSchema, forecastResultSchema,
} from '@/schemas/analytics';
import { scenarioCreateSchema, scenarioListSchema, scenarioResultSchema, scenarioViewSchema } from '@/schemas/sandbox';

/** Rule values quoted by the descriptions (derived from src/domain). */
const R = ruleParams('en');

/**
 * The route registry of /api/v1 and the OpenAPI 3.1 document generated from it.
 *
 * Every route handler passes its entry to `apiRoute(endpoints.x, handler)`, so the zod schemas
 * that validate a request are the very ones this document describes; nothing is written twice.
 * A test walks src/app/api/v1 and checks that every exported handler has exactly one entry here
 * with the same method and path. To add a route: add an entry, then the route file.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export interface EndpointSpec {
  method: HttpMethod;
  /** OpenAPI path template: `/api/v1/accounts/{id}/holdings` for `app/api/v1/accounts/[id]/holdings`. */
  path: `/api/v1/${string}`;
  summary: string;
  description?: string;
  tag: string;
  /** false: no sign-in needed (the default is true: bearer token or browser session). */
  auth?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The success body, for the document (and for the tests, which parse real responses with it). */
  response?: z.ZodType;
  /** Success status (default 200). */
  status?: number;
  /** Statuses the use case itself can answer with; 400/401/422 for input, sign-in and Idempotency-Key are added. */
  errors?: readonly ErrorStatus[];
  /** Accepts the Idempotency-Key header: a repeat returns the first result and moves nothing again. */
  idempotent?: boolean;
  /** Answers CSV too, for `?format=csv` or `Accept: text/csv` (a list: all its pages); see ./csv.ts. */
  csv?: CsvSpec;
  /** Answers a PDF document (application/pdf) instead of JSON. */
  pdf?: boolean;
  /**
   * Transaction signing: a user with two-factor confirms the change with a fresh one-time code in
   * the X-Signature-Code header (403 SIGNATURE_REQUIRED / SIGNATURE_INVALID); checked by apiRoute.
   */
  signed?: boolean;
  /** Allowed to a regulator or operator who must still enrol in two-factor (production); every other write answers 403 TWO_FACTOR_ENROLMENT_REQUIRED. */
  duringEnrolment?: boolean;
}

type WithAuth<E extends EndpointSpec> = E & { auth: E extends { auth: false } ? false : true };
/** Types an entry (keeping its literal schema types for apiRoute) and makes `auth` explicit. */
const endpoint = <const E extends EndpointSpec>(e: E): WithAuth<E> => ({ ...e, auth: e.auth !== false }) as WithAuth<E>;

const MOVES = 'Moves units; send an `Idempotency-Key` header to make retries safe.';
const FOUR_EYES = 'Four eyes: answers 202 with the request (`approvalId`); a second person allowed by the rule set approves it with `POST /api/v1/approvals/{id}/approve`, which carries it out.';

export const endpoints = {
  // ---------- system ----------
  health: endpoint({
    method: 'GET', path: '/api/v1/health', tag: 'System', auth: false, summary: 'Liveness and database check',
    description: 'Answers 503 with `db: "down"` when the database does not answer `SELECT 1`.',
    response: healthResponseSchema, errors: [503],
  }),
  openapi: endpoint({
    method: 'GET', path: '/api/v1/openapi.json', tag: 'System', auth: false, summary: 'This OpenAPI 3.1 document',
  }),

  // ---------- identity ----------
  token: endpoint({
    method: 'POST', path: '/api/v1/auth/token', tag: 'Identity', auth: false, summary: 'Exchange email and password for an API token',
    description: 'Users with two-factor sign-in must send `otp` (401 OTP_REQUIRED / OTP_INVALID otherwise). Rate-limited per email and address (429).',
    body: tokenRequestSchema, response: tokenResponseSchema, errors: [401, 429],
  }),
  me: endpoint({
    method: 'GET', path: '/api/v1/me', tag: 'Identity', summary: 'The caller: user, organisation, roles and linked account ids',
    response: meResponseSchema,
  }),

  myTokens: endpoint({
    method: 'GET', path: '/api/v1/me/tokens', tag: 'Identity', summary: "The caller's API tokens (never the secret)",
    description: 'Newest first, with when each was created, expires and was revoked.',
    response: apiTokenListSchema,
  }),
  myTokenRevoke: endpoint({
    method: 'DELETE', path: '/api/v1/me/tokens/{id}', tag: 'Identity', summary: "Revoke one of the caller's API tokens",
    description: 'The token answers 401 at once. Another user\'s token or an unknown id answers 404 NOT_FOUND. Revoking a revoked token changes nothing.',
    params: idParamsSchema, response: apiTokenViewSchema, errors: [404], duringEnrolment: true,
  }),
  mySessions: endpoint({
    method: 'GET', path: '/api/v1/me/sessions', tag: 'Identity', summary: "The caller's browser sessions",
    description: 'Live sessions first (newest first), then the 20 most recently ended, with sign-in time, last request (to within 30 s) and why each ended. `current` marks the session of a browser request. A regulator\'s or operator\'s session ends after IDLE_TIMEOUT_MINUTES (default 10) without a request (reason IDLE).',
    response: sessionListSchema,
  }),
  mySessionEnd: endpoint({
    method: 'DELETE', path: '/api/v1/me/sessions/{id}', tag: 'Identity', summary: "End one of the caller's browser sessions",
    description: 'That browser is signed out at once (401 SESSION_EXPIRED). Another user\'s session or an unknown id answers 404 NOT_FOUND. Ending an ended session changes nothing. Audited.',
    params: sessionParamsSchema, response: sessionViewSchema, errors: [404], duringEnrolment: true,
  }),
  myNotifications: endpoint({
    method: 'GET', path: '/api/v1/me/notifications', tag: 'Notifications', summary: "The caller's notifications, newest first",
    description: 'What the caller must act on or know (kinds in README: approvals, delayed transfers, deadlines, reports to verify, penalties, auctions), each with its kind, parameters, title and body rendered in the Accept-Language language, a link to the page to act on, createdAt in market time and readAt. Paged by `cursor` (the previous page\'s nextCursor); `unread=true` for unread ones only. Kinds the caller turned off in the app are not listed. Reading changes nothing.',
    query: notificationsQuerySchema, response: notificationPageSchema,
  }),
  myNotificationsRead: endpoint({
    method: 'POST', path: '/api/v1/me/notifications/read', tag: 'Notifications', summary: 'Mark notifications as read',
    description: 'Either `{ "ids": [...] }` (the caller\'s own; other or unknown ids are ignored) or `{ "all": true }`. Marking a read notification again changes nothing; readAt is market time.',
    body: markReadSchema, response: markReadResultSchema,
  }),
  myNotificationPreferences: endpoint({
    method: 'GET', path: '/api/v1/me/notification-preferences', tag: 'Notifications', summary: "The caller's notification preferences, per kind",
    description: 'Every kind with inApp and email: what the caller chose, else the kind\'s default.',
    response: preferencesResponseSchema,
  }),
  myNotificationPreferencesSet: endpoint({
    method: 'PUT', path: '/api/v1/me/notification-preferences', tag: 'Notifications', summary: "Set the caller's notification preferences",
    description: 'The kinds given get the inApp and email flags given; the others keep theirs. Both off: nothing of that kind is written for the caller. inApp off, email on: mailed only. Answers every kind\'s preference.',
    body: preferencesCommandSchema, response: preferencesResponseSchema,
  }),
  userSessionsEnd: endpoint({
    method: 'POST', path: '/api/v1/admin/users/{id}/sessions/end', tag: 'Identity', summary: 'End every browser session and revoke every API token of a user',
    description: 'Registry operators and administrators (403 otherwise); audited. The user\'s signed-in browsers and tokens answer 401 at once (UNAUTHENTICATED, reason SESSION_EXPIRED or UNKNOWN_TOKEN). An unknown user answers 404.',
    params: idParamsSchema, response: sessionsEndedSchema, errors: [403, 404],
  }),

  twoFactorStatus: endpoint({
    method: 'GET', path: '/api/v1/me/two-factor', tag: 'Identity', summary: 'Whether two-factor sign-in is offered to and enabled for the caller',
    response: twoFactorStatusSchema,
  }),
  twoFactorStart: endpoint({
    method: 'POST', path: '/api/v1/me/two-factor', tag: 'Identity', summary: 'Start two-factor (TOTP) enrolment: returns a new secret, not yet enabled',
    description: 'Any user. Mandatory for regulators and operators in production (APP_MODE=production): until they enable it, their other writes answer 403 TWO_FACTOR_ENROLMENT_REQUIRED. Confirm with a code from the app to enable it.',
    status: 201, response: twoFactorEnrolmentSchema, errors: [403], duringEnrolment: true,
  }),
  twoFactorConfirm: endpoint({
    method: 'POST', path: '/api/v1/me/two-factor/confirm', tag: 'Identity', summary: 'Enable two-factor sign-in with a current code',
    body: otpCodeSchema, response: twoFactorStatusSchema, errors: [403], duringEnrolment: true,
  }),
  twoFactorDisable: endpoint({
    method: 'POST', path: '/api/v1/me/two-factor/disable', tag: 'Identity', summary: 'Turn two-factor sign-in off with a current code',
    body: otpCodeSchema, response: twoFactorStatusSchema, errors: [403],
  }),

  provinces: endpoint({
    method: 'GET', path: '/api/v1/provinces', tag: 'Identity', summary: 'Provinces (reference data for pickers and filters)',
    response: provinceListResponseSchema, csv: {},
  }),

  // ---------- accounts ----------
  holdings: endpoint({
    method: 'GET', path: '/api/v1/accounts/{id}/holdings', tag: 'Accounts', summary: 'Holdings per instrument and vintage',
    description: 'Owner, the regulator of its province, the national regulator and operators. Another organisation gets 404; a regulator outside the province 403.',
    params: idParamsSchema, response: holdingsResponseSchema, errors: [403, 404], csv: {},
  }),
  movements: endpoint({
    method: 'GET', path: '/api/v1/accounts/{id}/movements', tag: 'Accounts', summary: 'Journal entries touching the account, newest first',
    params: idParamsSchema, query: movementsQuerySchema, response: movementsPageSchema, errors: [403, 404], csv: csvSpecs.movements,
  }),
  statement: endpoint({
    method: 'GET', path: '/api/v1/accounts/{id}/statement', tag: 'Accounts', summary: 'Account statement of a period (PDF): holdings at the start and the end, every movement',
    description: 'The same readers as the movements. `from` and `to` are market days (Beijing time), inclusive. Holdings per instrument and vintage at the start and at the end of the period and each journal entry of the period with the running total, all derived from the journal; memos and legal bases in `lang` (default: Accept-Language).',
    params: idParamsSchema, query: statementQuerySchema, pdf: true, errors: [403, 404],
  }),
  cash: endpoint({
    method: 'GET', path: '/api/v1/accounts/{id}/cash', tag: 'Accounts', summary: 'Available and locked cash of the linked cash account',
    description: 'Owner and operators only.',
    params: idParamsSchema, response: cashResponseSchema, errors: [403, 404],
  }),
  cancellation: endpoint({
    method: 'POST', path: '/api/v1/cancellations', tag: 'Accounts', summary: 'Voluntary cancellation (自愿注销) of available units',
    description: MOVES, body: cancellationSchema, status: 201, idempotent: true, signed: true, response: movementResultSchema, errors: [403, 404, 409],
  }),

  // ---------- registry operations ----------
  accountList: endpoint({
    method: 'GET', path: '/api/v1/registry/accounts', tag: 'Registry', summary: 'Participant registry accounts',
    description: 'Operators and the national regulator see all; a provincial regulator its province. Each with its organisation and its latest status change (lastStatusChange; the account page in the app shows the histories).',
    query: accountListQuerySchema, response: accountListResponseSchema, errors: [403], csv: {},
  }),
  accountApplication: endpoint({
    method: 'POST', path: '/api/v1/registry/accounts', tag: 'Registry', summary: 'Record an account application (organisation + PENDING account)',
    body: accountApplicationSchema, status: 201, response: accountApplicationResultSchema, errors: [403, 409],
  }),
  accountStatus: endpoint({
    method: 'POST', path: '/api/v1/registry/accounts/{id}/status', tag: 'Registry', summary: 'Ask to approve, restrict (some or all transactions), suspend, start closing, reinstate, close or reject an account',
    description: `${FOUR_EYES} Grades: SOME_RESTRICTED (nothing leaves by the holder's choice; units may come in), RESTRICTED (all transactions restricted; registry-ordered movements and surrender only), SUSPENDED (no surrender either), CLOSURE_PENDING (nothing comes in; the holder may empty it), CLOSED (only when empty).`,
    params: idParamsSchema, body: accountStatusSchema, status: 202, response: approvalSubmittedSchema, errors: [403, 404, 409, 422],
  }),
  organisationUpdate: endpoint({
    method: 'PATCH', path: '/api/v1/registry/organisations/{id}', tag: 'Registry', summary: 'Change registered information (kept as history)',
    params: idParamsSchema, body: organisationUpdateSchema, response: organisationUpdateResultSchema, errors: [403, 404],
  }),
  issuance: endpoint({
    method: 'POST', path: '/api/v1/registry/issuances', tag: 'Registry', summary: 'Ask to issue units into the national reserve (CEA) or CCER registry',
    description: `${FOUR_EYES} ${MOVES} CCER name their registered project (\`project\`); 422 UNKNOWN_CCER_PROJECT.`, body: issuanceSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 404, 422],
  }),
  distribution: endpoint({
    method: 'POST', path: '/api/v1/registry/distributions', tag: 'Registry', summary: 'Ask to distribute CEA from the national reserve to a province',
    description: `${FOUR_EYES} ${MOVES}`, body: distributionSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 404, 409],
  }),
  auctionSetAside: endpoint({
    method: 'POST', path: '/api/v1/registry/auction-set-asides', tag: 'Registry', summary: 'Set CEA aside from the national reserve in the auction account (paid allocation)',
    description: `${MOVES} National regulator.`, body: auctionSetAsideSchema, status: 201, idempotent: true, response: movementResultSchema, errors: [403, 409],
  }),
  allocation: endpoint({
    method: 'POST', path: '/api/v1/registry/allocations', tag: 'Registry', summary: 'Allocate to a participant (CEA by its regulator, CCER by the registry)',
    description: `${MOVES} CCER: the units of the named \`project\` held in the CCER registry (409 CCER_PROJECTS_SHORT if it holds fewer).`, body: allocationSchema, status: 201, idempotent: true, signed: true, response: movementResultSchema, errors: [403, 404, 409, 422],
  }),
  auctions: endpoint({
    method: 'GET', path: '/api/v1/auctions', tag: 'Auctions', auth: false, summary: 'The auction calendar and published results, newest window first',
    description: 'Public: announced, open and settled auctions with their published results. Signed in: operators and regulators also see drafts and live counts (never bids); a participant its own bids.',
    query: auctionListQuerySchema, response: auctionListSchema, errors: [], csv: csvSpecs.auctions,
  }),
  auctionCreate: endpoint({
    method: 'POST', path: '/api/v1/auctions', tag: 'Auctions', summary: 'Create a one-way buying auction (DRAFT)',
    description: 'National regulator (paid allocation) or exchange operator. Sells from the auction account: instrument and vintage, quantity, reserve price or none, bidding window on the market clock, eligibility, per-bidder maximum, bid guarantee (full value or a share), pricing (UNIFORM or PAY_AS_BID) and tie rule (PRO_RATA or TIME_PRIORITY).',
    body: auctionCreateSchema, status: 201, response: auctionViewSchema, errors: [403],
  }),
  auction: endpoint({
    method: 'GET', path: '/api/v1/auctions/{id}', tag: 'Auctions', auth: false, summary: 'One auction: terms, status, counts (operators), own bids, published result',
    params: auctionParamsSchema, response: auctionViewSchema, errors: [404],
  }),
  auctionSchedule: endpoint({
    method: 'POST', path: '/api/v1/auctions/{id}/schedule', tag: 'Auctions', summary: 'Announce the auction: its units are locked in the auction account',
    description: '409 AUCTION_ACCOUNT_SHORT when the auction account lacks the units; 422 WINDOW_PASSED. It opens by itself at the opening time (market clock).',
    params: auctionParamsSchema, idempotent: true, response: auctionViewSchema, errors: [403, 404, 409],
  }),
  auctionOpen: endpoint({
    method: 'POST', path: '/api/v1/auctions/{id}/open', tag: 'Auctions', summary: 'Open a scheduled auction now (exchange operator)',
    params: auctionParamsSchema, response: auctionViewSchema, errors: [403, 404, 409],
  }),
  auctionCancel: endpoint({
    method: 'POST', path: '/api/v1/auctions/{id}/cancel', tag: 'Auctions', summary: 'Cancel an auction before it opens (its units are unlocked)',
    params: auctionParamsSchema, body: auctionCancelSchema, idempotent: true, response: auctionViewSchema, errors: [403, 404, 409],
  }),
  auctionClose: endpoint({
    method: 'POST', path: '/api/v1/auctions/{id}/close', tag: 'Auctions', summary: 'Clear, settle and publish the result (exchange operator, after the window)',
    description: `${FOUR_EYES} Another exchange operator approves. The approval moves units and cash in one journal entry: units to the winners, payment to the auction proceeds, unused guarantees released, unsold units back to the auction account. Checked when asked: 409 WINDOW_OPEN before the closing time, APPROVAL_ALREADY_REQUESTED while a settlement of the auction waits.`,
    params: auctionParamsSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 404, 409],
  }),
  bidPlace: endpoint({
    method: 'POST', path: '/api/v1/auctions/{id}/bids', tag: 'Auctions', summary: 'Place a sealed bid; its guarantee is locked in your cash account',
    description: 'Eligible participants while the auction is open. 409 BIDDING_NOT_OPEN, BIDDING_CLOSED, INSUFFICIENT_CASH; 422 NOT_ELIGIBLE, BELOW_RESERVE, PER_BIDDER_MAX.',
    params: auctionParamsSchema, body: bidSchema, status: 201, idempotent: true, response: bidViewSchema, errors: [403, 404, 409],
  }),
  bidAmend: endpoint({
    method: 'PUT', path: '/api/v1/auctions/{id}/bids/{bidId}', tag: 'Auctions', summary: 'Amend your bid (price, quantity); the guarantee follows and the bid takes a new time priority',
    params: bidParamsSchema, body: bidSchema, idempotent: true, response: bidViewSchema, errors: [403, 404, 409],
  }),
  bidWithdraw: endpoint({
    method: 'POST', path: '/api/v1/auctions/{id}/bids/{bidId}/withdraw', tag: 'Auctions', summary: 'Withdraw your bid; its guarantee is released',
    params: bidParamsSchema, idempotent: true, response: bidViewSchema, errors: [403, 404, 409],
  }),
  ccerProjects: endpoint({
    method: 'GET', path: '/api/v1/registry/ccer-projects', tag: 'Registry', summary: 'CCER projects: owner, units issued and cancelled, eligibility as offsets',
    description: 'Any signed-in user. CCER from projects whose owner is a covered entity in the year are not eligible offsets for that year’s surrender.',
    query: ccerProjectQuerySchema, response: ccerProjectListSchema, errors: [], csv: {},
  }),
  ccerProjectRegister: endpoint({
    method: 'POST', path: '/api/v1/registry/ccer-projects', tag: 'Registry', summary: 'Register a CCER project (registry operator)',
    description: 'CCER are then issued for it (`project` on an issuance). 409 CCER_PROJECT_EXISTS; 422 UNKNOWN_ORGANISATION, UNKNOWN_PROVINCE.',
    body: ccerProjectSchema, status: 201, response: ccerProjectResponseSchema, errors: [403, 409, 422],
  }),
  freezeList: endpoint({
    method: 'GET', path: '/api/v1/registry/freezes', tag: 'Registry', summary: 'Freezes, newest first',
    query: pageQuerySchema, response: encumbranceListResponseSchema, errors: [403], csv: {},
  }),
  freeze: endpoint({
    method: 'POST', path: '/api/v1/registry/freezes', tag: 'Registry', summary: 'Ask to freeze (冻结) available units, e.g. on a court order',
    description: `${FOUR_EYES} ${MOVES}`, body: freezeSchema, status: 202, idempotent: true, signed: true, response: approvalSubmittedSchema, errors: [403, 404, 409],
  }),
  freezeRelease: endpoint({
    method: 'POST', path: '/api/v1/registry/freezes/{id}/release', tag: 'Registry', summary: 'Ask to unfreeze (解冻) what a freeze froze',
    description: FOUR_EYES, params: idParamsSchema, body: releaseSchema, status: 202, response: approvalSubmittedSchema, idempotent: true, signed: true, errors: [403, 404, 409],
  }),
  pledgeList: endpoint({
    method: 'GET', path: '/api/v1/registry/pledges', tag: 'Registry', summary: 'Pledges, newest first',
    query: pageQuerySchema, response: encumbranceListResponseSchema, errors: [403], csv: {},
  }),
  pledge: endpoint({
    method: 'POST', path: '/api/v1/registry/pledges', tag: 'Registry', summary: 'Ask to record a pledge (质押) of available units',
    description: `${FOUR_EYES} ${MOVES}`, body: pledgeSchema, status: 202, idempotent: true, signed: true, response: approvalSubmittedSchema, errors: [403, 404, 409, 422],
  }),
  pledgeRelease: endpoint({
    method: 'POST', path: '/api/v1/registry/pledges/{id}/release', tag: 'Registry', summary: 'Ask to release a pledge (解押)',
    description: FOUR_EYES, params: idParamsSchema, body: releaseSchema, status: 202, response: approvalSubmittedSchema, idempotent: true, signed: true, errors: [403, 404, 409],
  }),
  transferList: endpoint({
    method: 'GET', path: '/api/v1/registry/transfers', tag: 'Registry', summary: 'Non-trade transfer requests (operators: all; holders: their own)',
    query: transferListQuerySchema, response: transferListResponseSchema, csv: {},
  }),
  transferRequest: endpoint({
    method: 'POST', path: '/api/v1/registry/transfers', tag: 'Registry', summary: 'Request a non-trade transfer (非交易过户); locks the units',
    description: `Needs the approval of a registry operator other than the requester. ${MOVES}`,
    body: nonTradeTransferSchema, status: 201, idempotent: true, signed: true, response: transferRequestResultSchema, errors: [403, 404, 409, 422],
  }),
  transferApprove: endpoint({
    method: 'POST', path: '/api/v1/registry/transfers/{id}/approve', tag: 'Registry', summary: 'Approve a non-trade transfer (moves the locked units, or starts its delay)',
    description: 'To an account on the source account\'s trusted list (or by a court order) the units move at once (APPROVED). To any other account the transfer waits TRANSFER_DELAY_HOURS (default 26) as DELAYED, cancellable by either side or the registry operator, then moves.',
    params: idParamsSchema, body: decisionSchema, response: transferDecisionResultSchema, idempotent: true, signed: true, errors: [403, 404, 409],
  }),
  transferReject: endpoint({
    method: 'POST', path: '/api/v1/registry/transfers/{id}/reject', tag: 'Registry', summary: 'Reject a non-trade transfer (unlocks the units)',
    params: idParamsSchema, body: decisionSchema, response: transferDecisionResultSchema, idempotent: true, errors: [403, 404, 409],
  }),
  transferCancel: endpoint({
    method: 'POST', path: '/api/v1/registry/transfers/{id}/cancel', tag: 'Registry', summary: 'Cancel a delayed transfer during its delay (unlocks the units)',
    description: 'Either side of the transfer or the registry operator; only while the transfer is DELAYED and its delay has not ended (409 TRANSFER_NOT_CANCELLABLE).',
    params: idParamsSchema, body: transferCancelSchema, response: transferCancelResultSchema, idempotent: true, errors: [403, 404, 409],
  }),
  trustedAccounts: endpoint({
    method: 'GET', path: '/api/v1/accounts/{id}/trusted-accounts', tag: 'Registry controls', summary: "An account's trusted account list",
    description: 'Each entry with its state now: PENDING_APPROVAL, PENDING_ACTIVATION (trusted from activeFrom), TRUSTED, REJECTED, REMOVED. The holder\'s representatives and the registry operator.',
    params: idParamsSchema, response: trustedAccountListSchema, errors: [403, 404], csv: {},
  }),
  trustedAccountAdd: endpoint({
    method: 'POST', path: '/api/v1/accounts/{id}/trusted-accounts', tag: 'Registry controls', summary: 'Ask to add an account to the trusted account list',
    description: 'A second representative of the same holder approves (`POST /api/v1/approvals/{approvalId}/approve`); the account is trusted TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS business hours (working days; default 96, the EU\'s 4 working days) after the approval.',
    params: idParamsSchema, body: trustedAccountRequestSchema, status: 201, response: trustedAccountViewSchema, errors: [403, 404, 409, 422],
  }),
  trustedAccountRemove: endpoint({
    method: 'DELETE', path: '/api/v1/accounts/{id}/trusted-accounts/{trustedId}', tag: 'Registry controls', summary: 'Remove an account from the trusted account list (at once)',
    params: trustedAccountParamsSchema, response: trustedAccountViewSchema, errors: [403, 404],
  }),
  approvals: endpoint({
    method: 'GET', path: '/api/v1/approvals', tag: 'Registry controls', summary: 'Four-eyes requests: your tasks, your own requests, or all you may see',
    description: 'Actions that need a second person, by the one rule set (README: Four eyes). A pending request past its expiry reads EXPIRED. `mayDecide` says whether you may approve or reject it now.',
    query: approvalListQuerySchema, response: approvalListSchema, csv: {},
  }),
  approvalApprove: endpoint({
    method: 'POST', path: '/api/v1/approvals/{id}/approve', tag: 'Registry controls', summary: 'Approve a request: carries the action out, in the same transaction',
    description: 'Never the requester; never someone of the organisation the action affects (except a second representative where the rule asks for one); a senior role where the rule sets one. A refusal of the action itself leaves the request pending.',
    params: idParamsSchema, body: decisionNoteSchema, response: approvalDecisionSchema, idempotent: true, signed: true, errors: [403, 404, 409, 422],
  }),
  approvalReject: endpoint({
    method: 'POST', path: '/api/v1/approvals/{id}/reject', tag: 'Registry controls', summary: 'Reject a request',
    params: idParamsSchema, body: decisionNoteSchema, response: approvalDecisionSchema, errors: [403, 404, 409],
  }),
  reversal: endpoint({
    method: 'POST', path: '/api/v1/registry/reversals', tag: 'Registry controls', summary: 'Ask to reverse an erroneous movement with a linked reversing entry',
    description: `${FOUR_EYES} Reversible: issuance, distribution, allocation, non-trade transfer, cash deposit and withdrawal. The reversal negates every posting of the original; both entries link to each other.`,
    body: reversalSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 404, 409, 422],
  }),
  verify: endpoint({
    method: 'GET', path: '/api/v1/registry/verify', tag: 'Registry', summary: 'Recompute balances from the journal and check conservation and the audit chain',
    description: 'From the latest ledger checkpoint (taken by the scheduler every 50,000 entries: the journal\'s sums and the audit chain up to a point, both append-only) plus everything after it, so the check does not grow with history; `full=true` checks from the first entry.',
    query: verifyQuerySchema, response: ledgerReportSchema, errors: [403], csv: csvSpecs.ledger,
  }),
  cashBalances: endpoint({
    method: 'GET', path: '/api/v1/cash/accounts', tag: 'Cash', summary: 'The cash balances of the participant accounts you oversee',
    description: 'The registry and exchange operators: every participant account with a cash account, by account id. Available, locked (in open bids and listings) and total.',
    response: cashBalanceListSchema, errors: [403], csv: {},
  }),
  cashDeposit: endpoint({
    method: 'POST', path: '/api/v1/cash/deposits', tag: 'Cash', summary: 'Record a deposit confirmed by the settlement bank',
    description: 'Moves cash; send an `Idempotency-Key` header to make retries safe.',
    body: cashDepositSchema, status: 201, idempotent: true, response: cashDepositResultSchema, errors: [403, 404, 409],
  }),

  // ---------- oversight ----------
  audit: endpoint({
    method: 'GET', path: '/api/v1/audit', tag: 'Oversight', summary: 'The audit trail, newest first',
    description: 'Paged by record id (`cursor`: the last id of the previous page). A record joins the hash chain within seconds of its change: until then its `seq` and `hash` are null.',
    query: auditQuerySchema, response: auditPageSchema, errors: [403], csv: {},
  }),
  regulatorOrganisations: endpoint({
    method: 'GET', path: '/api/v1/regulator/organisations', tag: 'Oversight', summary: 'Organisations of a province with their holdings totals',
    description: 'Provincial regulators see their province; the national regulator all, or one with `?province=`.',
    query: provinceQuerySchema, response: provinceOverviewResponseSchema, errors: [403], csv: {},
  }),
  // ---------- market data (public) ----------
  marketClock: endpoint({
    method: 'GET', path: '/api/v1/market/clock', tag: 'Market data', auth: false, summary: 'The market clock: Beijing time, phase, open sessions',
    response: clockResponseSchema,
  }),
  holidays: endpoint({
    method: 'GET', path: '/api/v1/market/holidays', tag: 'Market data', auth: false, summary: 'Exchange holidays (weekdays without trading)',
    query: holidayQuerySchema, response: holidayListSchema, csv: {},
  }),
  instruments: endpoint({
    method: 'GET', path: '/api/v1/instruments', tag: 'Market data', auth: false,
    summary: 'Instruments with previous close, bands, status and today’s last, change, volume and best prices',
    response: instrumentListSchema, csv: {},
  }),
  book: endpoint({
    method: 'GET', path: '/api/v1/instruments/{symbol}/book', tag: 'Market data', auth: false,
    summary: 'Listed-agreement order book: open quantity per price level, best first (listers anonymous)',
    params: symbolParamsSchema, query: bookQuerySchema, response: bookResponseSchema, errors: [404], csv: csvSpecs.book,
  }),
  takeableListings: endpoint({
    method: 'GET', path: '/api/v1/instruments/{symbol}/listings', tag: 'Market data', auth: false,
    summary: 'The best open listings of one side with their ids, to pick one for a take (listers anonymous)',
    params: symbolParamsSchema, query: takeableQuerySchema, response: takeableListResponseSchema, errors: [404], csv: {},
  }),
  tape: endpoint({
    method: 'GET', path: '/api/v1/instruments/{symbol}/trades', tag: 'Market data', auth: false,
    summary: 'The tape (listed trades) or, with kind=BLOCK, the block trade report; newest first',
    params: symbolParamsSchema, query: tapeQuerySchema, response: tapePageSchema, errors: [404], csv: {},
  }),
  bars: endpoint({
    method: 'GET', path: '/api/v1/instruments/{symbol}/bars', tag: 'Market data', auth: false,
    summary: 'Daily bars (open, high, low, close = VWAP of listed trades, volume), with today’s provisional bar',
    params: symbolParamsSchema, response: barsResponseSchema, errors: [404], csv: {},
  }),

  // ---------- trading ----------
  listingCreate: endpoint({
    method: 'POST', path: '/api/v1/orders', tag: 'Trading', summary: `Place a listing (挂牌): BUY or SELL, 1–${R.listedMax}, within ${R.listedBand} of the previous close`,
    description: `${MOVES} A sell locks the allowances (T+1: not those bought today); a buy locks the value plus the fee. 409 SESSION_CLOSED outside 09:30–11:30 and 13:00–15:00; 422 PRICE_OUTSIDE_LISTED_BAND, LISTED_QUANTITY_LIMIT, POSITION_LIMIT.`,
    body: listingSchema, status: 201, idempotent: true, response: listingResponseSchema, errors: [403, 404, 409, 422],
  }),
  listingList: endpoint({
    method: 'GET', path: '/api/v1/orders', tag: 'Trading', summary: 'My listings, newest first',
    query: myListingsQuerySchema, response: listingPageSchema, csv: {},
  }),
  listingAmend: endpoint({
    method: 'PATCH', path: '/api/v1/orders/{id}', tag: 'Trading', summary: 'Amend an open listing’s remaining quantity down (the difference is released)',
    params: bigIdParamsSchema, body: amendListingSchema, idempotent: true, response: listingResponseSchema, errors: [404, 409, 422],
  }),
  listingCancel: endpoint({
    method: 'DELETE', path: '/api/v1/orders/{id}', tag: 'Trading', summary: 'Cancel an open listing (its lock is released exactly)',
    params: bigIdParamsSchema, idempotent: true, response: listingResponseSchema, errors: [404, 409],
  }),
  take: endpoint({
    method: 'POST', path: '/api/v1/takes', tag: 'Trading', summary: 'Take (摘牌): pick a listing, or sweep the best listings up to a limit price',
    description: `${MOVES} { listingId, quantity } takes one listing within the best five price levels; { symbol, side, limitPrice, quantity } sweeps in price-time priority, never beyond the limit nor the fifth level. Always at the lister's price; settles delivery versus payment at once.`,
    body: takeSchema, status: 201, idempotent: true, response: takeResponseSchema, errors: [403, 404, 409, 422],
  }),
  myTrades: endpoint({
    method: 'GET', path: '/api/v1/trades', tag: 'Trading', summary: 'My trades, newest first, with fees and net cash',
    query: myTradesQuerySchema, response: myTradesPageSchema, csv: {},
  }),
  blockPropose: endpoint({
    method: 'POST', path: '/api/v1/block-trades', tag: 'Trading', summary: `Propose a block agreement transfer (≥ ${R.blockMin}, ${R.blockBand}), directed or open`,
    description: `${MOVES} In the block session (13:00–15:00) only. Omit counterpartyAccountId for an open offer any eligible participant may accept.`,
    body: blockProposalSchema, status: 201, idempotent: true, response: blockProposalResponseSchema, errors: [403, 404, 409, 422],
  }),
  blockList: endpoint({
    method: 'GET', path: '/api/v1/block-trades', tag: 'Trading', summary: 'My block proposals: sent, received, and open offers I may accept',
    response: myBlockProposalsSchema, csv: csvSpecs.blockProposals,
  }),
  blockAccept: endpoint({
    method: 'POST', path: '/api/v1/block-trades/{id}/accept', tag: 'Trading', summary: 'Accept a block proposal: it settles at once',
    description: MOVES, params: idParamsSchema, idempotent: true, response: blockProposalResponseSchema, errors: [403, 404, 409, 422],
  }),
  blockReject: endpoint({
    method: 'POST', path: '/api/v1/block-trades/{id}/reject', tag: 'Trading', summary: 'Reject a block proposal directed to me',
    params: idParamsSchema, idempotent: true, response: blockProposalResponseSchema, errors: [404, 409, 422],
  }),
  blockWithdraw: endpoint({
    method: 'DELETE', path: '/api/v1/block-trades/{id}', tag: 'Trading', summary: 'Withdraw my pending block proposal',
    params: idParamsSchema, idempotent: true, response: blockProposalResponseSchema, errors: [404, 409],
  }),

  // ---------- exchange operation ----------
  clock: endpoint({
    method: 'POST', path: '/api/v1/admin/clock', tag: 'Exchange operation', summary: 'Move the market clock (demo mode only)',
    description: 'open-session, close-session (15:00 runs the day end: listings expire, closing prices set), next-trading-day, or set `at` (never backwards). 409 CLOCK_NOT_CONTROLLABLE in production.',
    body: clockCommandSchema, response: clockResponseSchema, errors: [403, 409],
  }),
  holidayAdd: endpoint({
    method: 'POST', path: '/api/v1/admin/holidays', tag: 'Exchange operation', summary: 'Add an exchange holiday (a weekday after today)',
    body: holidaySchema, status: 201, response: holidaySchemaOut, errors: [403, 409, 422],
  }),
  holidayRemove: endpoint({
    method: 'DELETE', path: '/api/v1/admin/holidays/{date}', tag: 'Exchange operation', summary: 'Remove an exchange holiday after today',
    params: holidayParamsSchema, response: holidaySchemaOut, errors: [403, 404, 422],
  }),
  instrumentCreate: endpoint({
    method: 'POST', path: '/api/v1/instruments', tag: 'Exchange operation', summary: 'List a new instrument with its first-day reference price',
    body: instrumentCreateSchema, status: 201, response: instrumentCreateResultSchema, errors: [403, 409],
  }),
  instrumentStatus: endpoint({
    method: 'POST', path: '/api/v1/instruments/{symbol}/status', tag: 'Exchange operation', summary: 'Suspend or resume trading in an instrument',
    params: symbolParamsSchema, body: instrumentStatusSchema, response: instrumentStatusResultSchema, errors: [403, 404, 409],
  }),
  referencePrice: endpoint({
    method: 'POST', path: '/api/v1/instruments/{symbol}/reference-price', tag: 'Exchange operation', summary: 'Set the reference price used until the first close',
    params: symbolParamsSchema, body: referencePriceSchema, response: referencePriceResultSchema, errors: [403, 404],
  }),
  participants: endpoint({
    method: 'GET', path: '/api/v1/admin/participants', tag: 'Exchange operation', summary: 'Trading participants with their halts',
    response: participantListSchema, errors: [403], csv: {},
  }),
  participantSuspension: endpoint({
    method: 'POST', path: '/api/v1/admin/participants/{id}/suspension', tag: 'Exchange operation', summary: 'Suspend or resume a participant (by registry account id)',
    params: idParamsSchema, body: participantSuspensionSchema, response: participantSuspensionResultSchema, errors: [403, 404, 409],
  }),
  alerts: endpoint({
    method: 'GET', path: '/api/v1/admin/alerts', tag: 'Exchange operation', summary: 'Abnormal-trading alerts with the orders and trades behind them',
    query: alertQuerySchema, response: alertPageSchema, errors: [403], csv: csvSpecs.alerts,
  }),
  alertReview: endpoint({
    method: 'POST', path: '/api/v1/admin/alerts/{id}/review', tag: 'Exchange operation', summary: 'Mark an alert reviewed, with a note',
    params: idParamsSchema, body: alertReviewSchema, response: alertReviewResultSchema, errors: [403, 404, 409],
  }),
  largeHolders: endpoint({
    method: 'GET', path: '/api/v1/admin/large-holders', tag: 'Exchange operation', summary: 'Large-holder reports (大户报告)',
    query: largeHolderQuerySchema, response: largeHolderPageSchema, errors: [403], csv: {},
  }),
  marketSettings: endpoint({
    method: 'GET', path: '/api/v1/admin/market-settings', tag: 'Exchange operation', summary: 'Fees, risk-reserve share, position limits, surveillance thresholds',
    response: marketSettingsResponseSchema, errors: [403],
  }),
  marketSettingsUpdate: endpoint({
    method: 'PUT', path: '/api/v1/admin/market-settings', tag: 'Exchange operation', summary: 'Change the trading settings',
    body: marketSettingsSchema, response: marketSettingsResponseSchema, errors: [403],
  }),
  marketSummary: endpoint({
    method: 'GET', path: '/api/v1/admin/market-summary', tag: 'Exchange operation', summary: 'Fee income, risk reserve, today’s activity and open risk items',
    response: marketSummarySchema, errors: [403], csv: {},
  }),
  // ---------- compliance ----------
  reportFile: endpoint({
    method: 'POST', path: '/api/v1/compliance/{year}/reports', tag: 'Compliance', summary: 'File (or file again until verified) the year’s emission report',
    description: 'Covered entities (compliance officer): emissions by source and gas, converted to tCO2e with the GWP table of the compliance policy in force when filed (400 naming lines.gas for a gas the table does not have), and production output. Each line is stored with the factor and tCO2e it was converted with: a later change of the table leaves filed reports as they were. By the report deadline (31 March of the next year unless set otherwise).',
    params: yearParamsSchema, body: emissionReportSchema, status: 201, response: reportResponseSchema, errors: [403, 409, 422],
  }),
  reportList: endpoint({
    method: 'GET', path: '/api/v1/compliance/{year}/reports', tag: 'Compliance', summary: 'Emission reports of a year: your own, or your province’s (regulators)',
    params: yearParamsSchema, response: reportListSchema, csv: {},
  }),
  reportVerify: endpoint({
    method: 'POST', path: '/api/v1/compliance/{year}/reports/{id}/verify', tag: 'Compliance', summary: 'Verify a report: confirm its figure, or correct it with a reason',
    description: 'The provincial regulator of the entity’s province (or the national regulator). The verified figure is the obligation.',
    params: yearIdParamsSchema, body: verificationSchema, response: reportResponseSchema, errors: [403, 404, 409],
  }),
  surrender: endpoint({
    method: 'POST', path: '/api/v1/compliance/{year}/surrenders', tag: 'Compliance', summary: 'Surrender CEA (and CCER up to the offset cap) against the year’s obligation',
    description: `${MOVES} CEA of the year or earlier vintages only (banking policy permitting); CCER up to the policy's offset share of the obligation (GET /api/v1/compliance/policy); only available units (not pledged or frozen). Units beyond the obligation are a voluntary cancellation. Partial surrenders add up.`,
    params: yearParamsSchema, body: surrenderSchema, status: 201, idempotent: true, signed: true, response: surrenderResponseSchema, errors: [403, 404, 409, 422],
  }),
  complianceStatus: endpoint({
    method: 'GET', path: '/api/v1/compliance/{year}/status', tag: 'Compliance', summary: 'Obligation, surrendered, offsets used, gap and status',
    description: 'Entities see their own; regulators name an entity of their province with ?organisationId=.',
    params: yearParamsSchema, query: statusQuerySchema, response: complianceStatusResponseSchema, errors: [403, 404], csv: {},
  }),
  yearClose: endpoint({
    method: 'POST', path: '/api/v1/compliance/{year}/close', tag: 'Compliance', summary: 'Close the year after the surrender deadline: penalties and next-year deductions',
    description: 'Regulators, for their scope: a provincial regulator its province, the national regulator every province or one named with ?province= (404 for an unknown one). Only once the deadline has passed on the market clock (409 DEADLINE_NOT_PASSED before). Does what GET …/close/preview shows: each shortfall gets a penalty (the policy rule version’s fine range, imposed at its minimum) and is scheduled for deduction from the next year’s allocation; each province is recorded as closed (who, when), which publishes its figures (GET /api/v1/public/compliance/{year}) and fixes its deadlines. Closing again adds nothing twice.',
    params: yearParamsSchema, query: closingQuerySchema, response: yearClosingSchema, errors: [403, 404, 409],
  }),
  yearClosePreview: endpoint({
    method: 'GET', path: '/api/v1/compliance/{year}/close/preview', tag: 'Compliance', summary: 'What closing the year would do now: each entity that defaults, its fine and deduction, with totals',
    description: 'Regulators, for the same scope as the close (?province= for the national regulator). Read-only, computed as the close computes it: obligation, surrendered, shortfall, the fine range and fine under the penalty rule version in force, the average price used, the deduction from next year’s allocation; which provinces are already closed (when, by whom) and the penalties recorded. 409 DEADLINE_NOT_PASSED before the surrender deadline. CSV: the lines.',
    params: yearParamsSchema, query: closingQuerySchema, response: closingPreviewSchema, errors: [403, 404, 409], csv: { rows: 'lines', omit: ['basisNote'] },
  }),
  penalties: endpoint({
    method: 'GET', path: '/api/v1/compliance/{year}/penalties', tag: 'Compliance', summary: 'Penalties of a year: your own, or your province’s (regulators)',
    description: 'With the rule version, fine range and fine, the average price, and the deduction from the next year’s allocation: scheduled, corrected (surrenders after the close), applied and remaining. The national regulator may name one province with ?province=.',
    params: yearParamsSchema, query: closingQuerySchema, response: penaltyListSchema, errors: [403, 404], csv: { omit: ['basisNote'] },
  }),
  complianceOverview: endpoint({
    method: 'GET', path: '/api/v1/compliance/{year}/overview', tag: 'Compliance', summary: 'Cap, allocated, verified emissions, surrendered, compliance rate and offset usage, by industry and province',
    description: 'Regulators: a provincial regulator its province, the national regulator every province (with byProvince), or one named with ?province= (404 for an unknown one; a provincial regulator may name only its own). Cap = provincial budgets; allocated = confirmed allocation runs (what moved + paid share); surrendered = credited CEA + offsets.',
    params: yearParamsSchema, query: provinceQuerySchema, response: complianceOverviewResponseSchema, errors: [403, 404], csv: csvSpecs.complianceOverview,
  }),

  publicCompliance: endpoint({
    method: 'GET', path: '/api/v1/public/compliance/{year}', tag: 'Public data', auth: false, summary: 'Public compliance report of a year: per entity allocation, verified emissions, surrendered and status, once its province has closed the year',
    description: 'No sign-in. Only provinces whose year is closed are published (`published`); `notYetClosed` names the others. Per covered entity: name in both languages, province, industry, allocation (free allocated + paid share, from confirmed allocation runs), verified emissions, units surrendered (CEA, CCER), compliance status; totals per province and per industry; and the settled auctions of the year’s CEA vintage. A report document, not paginated. CSV: the entity rows.',
    params: yearParamsSchema, response: publicReportSchema, errors: [], csv: { rows: 'entities' },
  }),

  compliancePolicy: endpoint({
    method: 'GET', path: '/api/v1/compliance/policy', tag: 'Compliance', summary: 'Compliance policy: offset cap, banking (phases, carry-over, discount), penalty rule version, GWP table',
    response: policyResponseSchema, errors: [403],
  }),
  compliancePolicySet: endpoint({
    method: 'PUT', path: '/api/v1/compliance/policy', tag: 'Compliance', summary: 'Change the compliance policy (national regulator)',
    description: `${FOUR_EYES} Another national regulator approves. Applies to surrenders from the approval on; penalties already recorded keep the rule version that produced them. The GWP table (gwp, with its source label gwpSource) is optional: omitted, it stays as it is; a new table applies to reports filed from then on (filed reports keep their factors). A table maps uppercase gas codes to positive decimal strings and includes CO2 = "1"; a bad entry is named as gwp.<gas>.`,
    body: policySchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 409],
  }),
  complianceCycleSet: endpoint({
    method: 'PUT', path: '/api/v1/compliance/{year}/cycle', tag: 'Compliance', summary: 'Set a year’s report and surrender deadlines (national regulator)',
    description: `${FOUR_EYES} Another national regulator approves. Dates on the market clock. 422 DEADLINE_IN_YEAR when reports would be due before the year ends; 409 YEAR_CLOSED once the year is closed in a province.`,
    params: yearParamsSchema, body: cycleSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 409],
  }),

  // ---------- covered entities and allocation ----------
  coveredEntities: endpoint({
    method: 'GET', path: '/api/v1/covered-entities', tag: 'Allocation', summary: 'The covered-entity list of a year, with the rules’ suggestions (add / remove)',
    description: 'Regulators: a provincial regulator its province’s compliance entities, the national regulator all.',
    query: z.object({ year: yearParamsSchema.shape.year }), response: coverageListSchema, errors: [403], csv: csvSpecs.coveredEntities,
  }),
  coveredEntityAdd: endpoint({
    method: 'POST', path: '/api/v1/covered-entities', tag: 'Allocation', summary: 'Add an entity to the list (emissions ≥ 26,000 tCO2e in a covered industry)',
    description: 'The provincial regulator of the entity’s province. The basis year’s verified report is used; without one, `annualEmissions` is required. 422 BELOW_INCLUSION_THRESHOLD, INDUSTRY_NOT_COVERED; 409 ALREADY_COVERED.',
    body: coverageAddSchema, status: 201, response: coverageResponseSchema, errors: [403, 404, 409],
  }),
  coveredEntityRemove: endpoint({
    method: 'POST', path: '/api/v1/covered-entities/{organisationId}/removal', tag: 'Allocation', summary: 'Remove an entity: two years below the threshold, or closure',
    description: 'Leftover CEA stay tradable until `transitionUntil`, then expire at that day’s day end (an EXPIRY movement to the cancellation account). 422 NOT_DUE_FOR_REMOVAL without two verified years below 26,000 t.',
    params: coverageParamsSchema, body: coverageRemoveSchema, response: coverageResponseSchema, errors: [403, 404, 409],
  }),
  allocationPlan: endpoint({
    method: 'GET', path: '/api/v1/allocation/{year}/plan', tag: 'Allocation', summary: 'The national cap, provincial budgets, what each province has allocated and has left',
    params: yearParamsSchema, response: planResponseSchema, errors: [403], csv: csvSpecs.allocationPlan,
  }),
  allocationPlanSet: endpoint({
    method: 'PUT', path: '/api/v1/allocation/{year}/plan', tag: 'Allocation', summary: 'Set the national cap and the provincial budgets (national regulator)',
    description: `${FOUR_EYES} Another national regulator approves. The budgets add up to at most the cap (422 BUDGETS_EXCEED_CAP); no budget below what its province has allocated (422 BUDGET_BELOW_ALLOCATED).`,
    params: yearParamsSchema, body: planSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 409],
  }),
  allocationPlanDistribute: endpoint({
    method: 'POST', path: '/api/v1/allocation/{year}/plan/distribute', tag: 'Allocation', summary: 'Issue the cap into the national reserve and distribute the budgets to the provinces',
    description: `${FOUR_EYES} Another national regulator or an administrator approves. Moves only what is missing (issued up to the cap, each province up to its budget), so it can be repeated after a change.`,
    params: yearParamsSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 409],
  }),
  industryRules: endpoint({
    method: 'GET', path: '/api/v1/allocation/{year}/rules', tag: 'Allocation', summary: 'The industry rules of a year: method and parameters per sub-industry',
    params: yearParamsSchema, response: industryRuleListSchema, errors: [403], csv: {},
  }),
  industryRuleSave: endpoint({
    method: 'PUT', path: '/api/v1/allocation/{year}/rules/{code}', tag: 'Allocation', summary: 'Create or change a sub-industry’s rule (national regulator)',
    description: `${FOUR_EYES} Another national regulator approves. Benchmark values, decline and adjustment factors, output cap (multiple of design capacity), pre-allocation share and paid share. 409 RULES_IN_USE once a run of the year is confirmed.`,
    params: ruleParamsSchema, body: industryRuleSchema, status: 202, idempotent: true, response: approvalSubmittedSchema, errors: [403, 409],
  }),
  installations: endpoint({
    method: 'GET', path: '/api/v1/allocation/installations', tag: 'Allocation', summary: 'An entity’s installations (production units) and their allocation data',
    query: organisationQuerySchema, response: installationListSchema, errors: [403, 404], csv: {},
  }),
  installationSave: endpoint({
    method: 'POST', path: '/api/v1/allocation/installations', tag: 'Allocation', summary: 'Register or change an installation (provincial regulator of the entity’s province)',
    body: installationSchema, response: installationResponseSchema, errors: [403, 404, 409],
  }),
  allocationRuns: endpoint({
    method: 'GET', path: '/api/v1/allocation/{year}/runs', tag: 'Allocation', summary: 'Allocation runs of a year (your province; national: all)',
    params: yearParamsSchema, response: runListSchema, errors: [403], csv: {},
  }),
  allocationRunPrepare: endpoint({
    method: 'POST', path: '/api/v1/allocation/{year}/runs', tag: 'Allocation', summary: 'Prepare a run (preview): every covered entity’s calculation and the budget left',
    description: 'A provincial regulator, for its own province (403 otherwise). PRE_ALLOCATION uses the previous year’s reported output; TRUE_UP the year’s verified output. A new preview replaces an older one; 409 RUN_ALREADY_CONFIRMED, NO_BUDGET.',
    params: yearParamsSchema, body: runCommandSchema, status: 201, response: runResponseSchema, errors: [403, 409],
  }),
  allocationRun: endpoint({
    method: 'GET', path: '/api/v1/allocation/runs/{id}', tag: 'Allocation', summary: 'A run with each entity’s line and calculation',
    params: runParamsSchema, response: runResponseSchema, errors: [403, 404], csv: csvSpecs.allocationRun,
  }),
  allocationRunConfirm: endpoint({
    method: 'POST', path: '/api/v1/allocation/runs/{id}/confirm', tag: 'Allocation', summary: 'Confirm a run (a second regulator of the province): one movement per line',
    description: `${MOVES.split(';')[0]}. 403 FOUR_EYES_REQUIRED when the preparer confirms; 409 RUN_STALE when the data changed since the preview, BUDGET_EXCEEDED, PROVINCE_ACCOUNT_SHORT, RUN_NOT_OPEN.`,
    params: runParamsSchema, idempotent: true, signed: true, response: runResponseSchema, errors: [403, 404, 409],
  }),
  allocationRunDiscard: endpoint({
    method: 'POST', path: '/api/v1/allocation/runs/{id}/discard', tag: 'Allocation', summary: 'Discard a previewed run',
    params: runParamsSchema, response: runResponseSchema, errors: [403, 404, 409],
  }),
  allocationCalculations: endpoint({
    method: 'GET', path: '/api/v1/allocation/{year}/calculations', tag: 'Allocation', summary: 'An entity’s confirmed allocations of a year with their calculations (inputs, formula, result)',
    params: yearParamsSchema, query: organisationQuerySchema, response: entityAllocationListSchema, errors: [403, 404], csv: csvSpecs.allocationCalculations,
  }),

  // ---------- market analysis (DOMAIN §7) ----------
  fuelSwitch: endpoint({
    method: 'GET', path: '/api/v1/analytics/fuel-switch', tag: 'Analytics', summary: 'The fuel-switch carbon price (理论碳价) for given coal and gas prices',
    description: 'The carbon price at which a gas-fired plant generates a kWh as cheaply as a coal-fired one (DOMAIN §7). Every parameter but the two fuel prices is optional and defaults to DOMAIN’s value; the answer echoes every input used. Regulators.',
    query: fuelSwitchQuerySchema, response: fuelSwitchResponseSchema, errors: [403],
  }),
  fuelPrices: endpoint({
    method: 'GET', path: '/api/v1/analytics/fuel-prices', tag: 'Analytics', summary: 'The coal and gas price series with each day’s fuel-switch price against the market close',
    description: 'The market close of a day is the close of the CEA vintage traded most on the last trading day up to it; gap = theoretical price − close. The formula parameters may be overridden as in /analytics/fuel-switch. Regulators.',
    query: fuelPriceSeriesQuerySchema, response: fuelPriceSeriesSchema, errors: [403], csv: {},
  }),
  fuelPricesRecord: endpoint({
    method: 'POST', path: '/api/v1/analytics/fuel-prices', tag: 'Analytics', summary: 'Record coal and gas prices by day (national regulator)',
    description: 'A later price for a day replaces the earlier one. Audited.',
    body: fuelPricesCommandSchema, response: fuelPricesResultSchema, errors: [403],
  }),
  supply: endpoint({
    method: 'GET', path: '/api/v1/analytics/{year}/supply', tag: 'Analytics', summary: 'Supply and scarcity of a year: cap, allocation, auctions, emissions, surrenders, circulation and the surplus ratio',
    description: 'Measured at the end of the year’s surrender deadline (or now before it). Circulation: CEA of vintages ≤ year held by participants. Surplus ratio = (circulation + surrendered) ÷ verified emissions; its trend over the years. By province and by group (industry; investors as one). A provincial regulator sees its province; the national regulator every province or one (?province=).',
    params: yearParamsSchema, query: analysisQuerySchema, response: supplyResponseSchema, errors: [403, 404], csv: csvSpecs.supply,
  }),
  primarySecondary: endpoint({
    method: 'GET', path: '/api/v1/analytics/primary-secondary', tag: 'Analytics', summary: 'Auction prices and volumes beside the secondary market’s daily close, VWAP and volumes',
    description: 'Each settled auction’s clearing and reserve price against the close of the same vintage on its trading day, flagged where the reserve is above it. National figures (market data and auction results are public).',
    query: periodQuerySchema, response: primarySecondarySchema, errors: [403], csv: { rows: 'auctions' },
  }),
  complianceBehaviour: endpoint({
    method: 'GET', path: '/api/v1/analytics/{year}/compliance-behaviour', tag: 'Analytics', summary: 'Trading and surrender behaviour over the compliance cycle of a year',
    description: 'The cycle runs from the day after the previous year’s surrender deadline to this year’s. Pre-deadline share: tonnes traded (listed and block, all CEA) in the last month before the deadline ÷ all traded in the cycle, per cent. Also volume per month, the share of covered entities that traded, and surrender timing. For a province: trades with a side in it, its covered entities.',
    params: yearParamsSchema, query: analysisQuerySchema, response: complianceBehaviourSchema, errors: [403, 404], csv: { rows: 'cycles' },
  }),
  offsets: endpoint({
    method: 'GET', path: '/api/v1/analytics/{year}/offsets', tag: 'Analytics', summary: 'CCER surrendered as a share of all surrendered, against the cap, by project type and origin',
    params: yearParamsSchema, query: analysisQuerySchema, response: offsetsResponseSchema, errors: [403, 404], csv: { rows: 'byProject' },
  }),
  auctionRevenue: endpoint({
    method: 'GET', path: '/api/v1/analytics/auction-revenue', tag: 'Analytics', summary: 'Auction revenue per auction, per year and in total, and its earmarking',
    response: auctionRevenueSchema, errors: [403], csv: { rows: 'auctions' },
  }),
  earmarksSet: endpoint({
    method: 'PUT', path: '/api/v1/analytics/auction-revenue/{year}/earmarks', tag: 'Analytics', summary: 'Set the shares of a year’s auction revenue per use (national regulator)',
    description: 'Replaces the year’s earmarks. Shares add up to at most 1; the rest stays unassigned. Audited.',
    params: earmarkParamsSchema, body: earmarksCommandSchema, errors: [403],
  }),

  // ---------- the carbon balance sheet (DOMAIN §7a) ----------
  balanceSheet: endpoint({
    method: 'GET', path: '/api/v1/balance-sheet', tag: 'Analytics', summary: 'The carbon balance sheet: allowances and CCER at the market close against the open obligations',
    description: 'Assets: holdings by vintage at the instrument’s last close. Liabilities: each compliance year whose deadline has not passed, and the running year — verified, else reported, else forecast (monthly figures, else last year’s emissions). Covered in deadline order by the vintages that count (banking policy) and eligible CCER up to the cap; the shortfall costed at today’s price and at `price`. Entities their own; regulators an entity in scope with `organisationId` (400 without it).',
    query: balanceSheetQuerySchema, response: balanceSheetResponseSchema, errors: [403, 404], csv: csvSpecs.balanceSheet,
  }),
  forecastSet: endpoint({
    method: 'PUT', path: '/api/v1/balance-sheet/forecast/{year}', tag: 'Analytics', summary: 'Enter the monthly emission figures of a year (compliance officer)',
    description: 'Replaces the year’s figures; only months that have begun on the market clock (422 FORECAST_MONTH_AHEAD). Audited.',
    params: forecastParamsSchema, body: forecastCommandSchema, response: forecastResultSchema, errors: [403, 422],
  }),

  // ---------- the policy sandbox (issue 15) ----------
  sandboxScenarios: endpoint({
    method: 'GET', path: '/api/v1/sandbox/scenarios', tag: 'Policy sandbox', summary: 'Scenarios: every one (national regulator) or your province\'s',
    description: 'Shared read-only with the regulators of their scope; `mine` marks your own (you may run and delete them). Without results (`summary` null): read one for its figures.',
    response: scenarioListSchema, errors: [403], csv: { rows: 'items', omit: ['changes', 'summary'] },
  }),
  sandboxScenarioCreate: endpoint({
    method: 'POST', path: '/api/v1/sandbox/scenarios', tag: 'Policy sandbox', summary: 'Create a scenario: a recorded year and the policy changes to try on it',
    description: 'A national regulator for every province (no `provinceCode`) or one; a provincial regulator for its own. 422 SCENARIO_YEAR_NOT_RECORDED when the year has no covered entities or industry rules; 400 SCENARIO_UNKNOWN for a rule or province the year does not have. Touches nothing else. Audited.',
    body: scenarioCreateSchema, status: 201, response: scenarioViewSchema, errors: [403, 404, 422],
  }),
  sandboxScenario: endpoint({
    method: 'GET', path: '/api/v1/sandbox/scenarios/{id}', tag: 'Policy sandbox', summary: 'A scenario with its latest run\'s market-wide figures beside the policy in force',
    params: idParamsSchema, response: scenarioViewSchema, errors: [403, 404],
  }),
  sandboxScenarioDelete: endpoint({
    method: 'DELETE', path: '/api/v1/sandbox/scenarios/{id}', tag: 'Policy sandbox', summary: 'Delete your own scenario',
    description: 'Another regulator\'s scenario answers 403 NOT_OWNER. Audited.',
    params: idParamsSchema, response: scenarioViewSchema, errors: [403, 404],
  }),
  sandboxScenarioRun: endpoint({
    method: 'POST', path: '/api/v1/sandbox/scenarios/{id}/run', tag: 'Policy sandbox', summary: 'Run your own scenario on the recorded year',
    description: 'Recomputes each entity\'s allocation with the production rules under the scenario (and under the policy in force, at the same price), its surplus or deficit against its verified emissions, and the market-wide figures; keeps the result on the scenario. Deterministic; writes nothing else (not the ledger, the holdings, the policy or the audit trail).',
    params: idParamsSchema, response: scenarioViewSchema, errors: [403, 404, 422],
  }),
  sandboxScenarioResult: endpoint({
    method: 'GET', path: '/api/v1/sandbox/scenarios/{id}/result', tag: 'Policy sandbox', summary: 'The latest run\'s whole result: market, groups (province, industry, size) and every entity',
    description: '409 SCENARIO_NOT_RUN before the first run. The CSV lists the entities.',
    params: idParamsSchema, response: scenarioResultSchema, errors: [403, 404, 409], csv: { rows: 'entities', omit: ['problems'] },
  }),
} satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof endpoints;

// ---------- the document ----------

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'Invalid input: INVALID_INPUT with `fields`, or INVALID_JSON',
  401: 'Not signed in, or the token is unknown or expired (UNAUTHENTICATED)',
  403: 'Not allowed for your roles, organisation or province (FORBIDDEN)',
  404: 'Not found, or not visible to you (NOT_FOUND)',
  409: 'Conflicts with the current state (e.g. INSUFFICIENT_HOLDING, ACCOUNT_NOT_ACTIVE, ALREADY_RELEASED; ALREADY_EXISTS when an identical creation came first)',
  413: 'The request body is larger than 256 kB (BODY_TOO_LARGE)',
  415: 'The request body is not sent as Content-Type: application/json (UNSUPPORTED_MEDIA_TYPE)',
  422: 'Breaks a rule (e.g. IDEMPOTENCY_KEY_REUSED)',
  429: 'Rate limited (RATE_LIMITED)',
  503: 'A dependency is down',
};

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const s = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // Responses may gain fields over time: do not promise clients that they never will.
    override: (ctx) => {
      if (io === 'output' && ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties;
    },
  }) as JsonSchema;
  delete s.$schema; // the document declares the dialect once (jsonSchemaDialect)
  return s;
}

function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input');
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries((s.properties as Record<string, JsonSchema> | undefined) ?? {}).map(([name, prop]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
    schema: prop,
  }));
}

const errorRef = { $ref: '#/components/schemas/Error' };

const SIGNED_403 = 'SIGNATURE_REQUIRED or SIGNATURE_INVALID: a user with two-factor sends a fresh one-time code in X-Signature-Code (field `signatureCode`); TWO_FACTOR_ENROLMENT_REQUIRED in production for a regulator or operator without two-factor';
const ENROLMENT_403 = 'TWO_FACTOR_ENROLMENT_REQUIRED in production (APP_MODE=production) for a regulator or operator who has not turned on two-factor sign-in';

const CSV_TEXT =
  'Success. With `?format=csv` or `Accept: text/csv`: CSV (text/csv; charset=utf-8, attachment) with every row that matches the filters — all pages, `cursor` and `limit` ignored — nested fields as `parent.child` columns, times in market time (+08:00), generated texts in `lang`.';

function operation(name: string, e: EndpointSpec): JsonSchema {
  const auth = e.auth !== false;
  const statuses = new Set<number>(e.errors ?? []);
  if (e.body || e.query || e.params) statuses.add(400);
  if (e.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (auth) statuses.add(401);
  if (e.idempotent) statuses.add(422);
  if (e.signed || (auth && e.method !== 'GET' && !e.duringEnrolment)) statuses.add(403);
  const responses: Record<string, JsonSchema> = {
    [String(e.status ?? 200)]: {
      description: e.csv ? CSV_TEXT : e.pdf ? 'A PDF document, downloaded as an attachment' : 'Success',
      content: e.pdf ? { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } : {
        'application/json': { schema: e.response ? jsonSchema(e.response, 'output') : { type: 'object' } },
        ...(e.csv ? { 'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte order mark; a header row, then one row per item' } } } : {}),
      },
    },
  };
  for (const s of [...statuses].sort((a, b) => a - b)) {
    const schema = s === 503 && e.response ? jsonSchema(e.response, 'output') : errorRef;
    const description = s === 403 && e.signed ? `${ERROR_TEXT[403]}; ${SIGNED_403}` : s === 403 && auth && e.method !== 'GET' && !e.duringEnrolment ? `${ERROR_TEXT[403]}; ${ENROLMENT_403}` : ERROR_TEXT[s as ErrorStatus];
    responses[String(s)] = { description, content: { 'application/json': { schema } } };
  }
  const params = [...parameters(e.params, 'path'), ...parameters(e.query, 'query')];
  if (e.csv) params.push(...parameters(z.object({ format: formatParamSchema, lang: langParamSchema }), 'query'));
  if (e.idempotent) {
    params.push({
      name: 'Idempotency-Key', in: 'header', required: false,
      description: 'Repeating a request with the same key returns the first result and moves nothing again; reusing it for another request is 422.',
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
    });
  }
  if (e.signed) {
    params.push({
      name: SIGNATURE_HEADER, in: 'header', required: false,
      description: 'Transaction signing: required from a user with two-factor sign-in — a fresh 6-digit code from the authenticator app, accepted once and never the one used to sign in (403 SIGNATURE_REQUIRED when missing, SIGNATURE_INVALID when wrong or reused; nothing is changed). Users without two-factor send none. The audit record of a signed change says `signed: true`.',
      schema: { type: 'string', pattern: '^\\d{6}$' },
    });
  }
  return {
    operationId: name,
    summary: e.summary,
    ...(e.description ? { description: e.description } : {}),
    tags: [e.tag],
    security: auth ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [],
    ...(params.length ? { parameters: params } : {}),
    ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(e.body, 'input') } } } } : {}),
    responses,
  };
}

let cached: JsonSchema | undefined;

/** The OpenAPI 3.1 document of /api/v1, generated from `endpoints` (computed once per process). */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, e] of Object.entries(endpoints) as [string, EndpointSpec][]) {
    const item = (paths[e.path] ??= {});
    item[e.method.toLowerCase()] = operation(name, e);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Carbon allowance exchange API',
      version: '1.0.0',
      description:
        'Registry, trading and compliance of the national carbon emission allowance (CEA) market. Quantities are whole tonnes (JSON integers); prices and money are strings with two decimals.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(Object.values(endpoints).map((e) => e.tag))].map((name) => ({ name })),
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorResponseSchema, 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'Browser session (next-auth)' },
      },
    },
  };
  return cached;
}
