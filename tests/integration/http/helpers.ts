import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { db } from '@/db/client';
import type { CallOptions } from '../../support/http';
import { digestsByTable, TABLE_DIGESTS_SQL } from '../../support/dbDigest';
import { call } from '../../support/http';

/** Shared helpers of the HTTP integration tests. */

export const API_DIR = path.join(process.cwd(), 'src/app/api/v1');
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethodName = (typeof HTTP_METHODS)[number];

type Handler = Parameters<typeof call>[0];

export interface RouteFile {
  /** Path of the route file relative to the repository root. */
  file: string;
  /** OpenAPI path template derived from the folder: `[id]` → `{id}`. */
  apiPath: string;
}

/** Every route.ts under src/app/api/v1, with the API path its folder serves. */
export function routeFiles(dir = API_DIR): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
      const rel = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
      const segments = rel.filter((s) => !/^\(.*\)$/.test(s)).map((s) => s.replace(/^\[(\w+)\]$/, '{$1}'));
      out.push({ file: path.relative(process.cwd(), full), apiPath: ['/api/v1', ...segments].join('/') });
    }
  }
  return out.sort((a, b) => a.apiPath.localeCompare(b.apiPath));
}

export interface LoadedRoute extends RouteFile {
  method: HttpMethodName;
  handler: Handler;
}

/** Imports every route file and lists its exported HTTP handlers. */
export async function loadRoutes(): Promise<LoadedRoute[]> {
  const out: LoadedRoute[] = [];
  for (const f of routeFiles()) {
    const mod = (await import(pathToFileURL(path.join(process.cwd(), f.file)).href)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler === 'function') out.push({ ...f, method, handler: handler as Handler });
    }
  }
  return out;
}

/** A concrete URL for an API path template, e.g. `/api/v1/accounts/{id}/holdings` with { id: '5' }. */
export const urlFor = (apiPath: string, params: Record<string, string> = {}, query = '') =>
  apiPath.replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? '0') + (query ? `?${query}` : '');

/**
 * Everything a request could change: row counts of every mutable table and every balance. Two
 * equal fingerprints mean a refused request changed nothing.
 */
export async function fingerprint(): Promise<Record<string, string>> {
  const [row] = await db().$queryRaw<Record<string, unknown>[]>`
    SELECT (SELECT count(*) FROM journal_entry) AS entries,
           (SELECT count(*) FROM unit_posting) AS unit_postings,
           (SELECT count(*) FROM cash_posting) AS cash_postings,
           (SELECT count(*) FROM audit_log) AS audit,
           (SELECT count(*) FROM organisation) AS organisations,
           (SELECT count(*) FROM organisation_change) AS organisation_changes,
           (SELECT count(*) FROM registry_account) AS accounts,
           (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM registry_account) AS account_statuses,
           (SELECT count(*) FROM account_status_change) AS status_changes,
           (SELECT count(*) FROM trading_account) AS trading_accounts,
           (SELECT count(*) FROM "freeze") AS freezes,
           (SELECT count(*) FROM pledge) AS pledges,
           (SELECT string_agg(id || ':' || status, ',' ORDER BY id) FROM non_trade_transfer) AS transfers,
           (SELECT count(*) FROM idempotency_record) AS idempotency,
           (SELECT count(*) FROM api_token) AS tokens,
           (SELECT count(*) FROM ccer_project) AS ccer_projects,
           (SELECT string_agg(concat_ws(':', id, status, opens_at, closes_at, opened_at, closed_at, settled_at, cancelled_at, quantity_sold, settlement_entry_id), ',' ORDER BY id) FROM auction) AS auctions,
           (SELECT string_agg(concat_ws(':', id, status, price, quantity, guarantee, seq), ',' ORDER BY id) FROM auction_bid) AS auction_bids,
           (SELECT count(*) FROM ccer_lot_posting) AS ccer_lot_postings,
           (SELECT string_agg(concat_ws(':', account_id, vintage, project_id, quantity), ',' ORDER BY account_id, vintage, project_id) FROM ccer_lot) AS ccer_lots,
           (SELECT string_agg(concat_ws(':', account_id, instrument, vintage, available, locked, pledged, frozen), ',' ORDER BY account_id, instrument, vintage) FROM holding) AS holdings,
           (SELECT string_agg(concat_ws(':', id, available, locked), ',' ORDER BY id) FROM cash_account) AS cash,
           (SELECT string_agg(concat_ws(':', id, status, quantity, remaining, locked_cash), ',' ORDER BY id) FROM listing) AS listings,
           (SELECT string_agg(concat_ws(':', id, status, locked_cash), ',' ORDER BY id) FROM block_proposal) AS block_proposals,
           (SELECT count(*) FROM trade) AS trades,
           (SELECT string_agg(concat_ws(':', id, status), ',' ORDER BY id) FROM surveillance_alert) AS alerts,
           (SELECT count(*) FROM large_holder_report) AS large_holder_reports,
           (SELECT string_agg(concat_ws(':', symbol, status, previous_close, reference_price), ',' ORDER BY symbol) FROM trading_instrument) AS instruments,
           (SELECT string_agg(concat_ws(':', id, suspended), ',' ORDER BY id) FROM trading_account) AS trading_halts,
           (SELECT concat_ws(':', fee_rate, risk_reserve_share, entity_position_limit, investor_position_limit, large_holder_threshold, list_and_cancel_threshold) FROM market_settings) AS market_settings,
           (SELECT concat_ws(':', simulated_at, closed_through, updated_at) FROM market_clock) AS market_clock,
           (SELECT count(*) FROM market_clock) AS market_clock_rows,
           (SELECT concat_ws(':', count(*), max(id), max(seq), count(*) FILTER (WHERE hash = '')) FROM audit_log) AS audit_tail,
           (SELECT concat_ws(':', count(*), max(id)) FROM journal_entry) AS journal_tail,
           (SELECT string_agg(concat_ws(':', symbol, trading_day, close, volume, block_volume), ',' ORDER BY symbol, trading_day) FROM daily_bar) AS daily_bars,
           (SELECT string_agg(concat_ws(':', date, name, name_zh), ',' ORDER BY date) FROM trading_holiday) AS holidays,
           (SELECT string_agg(concat_ws(':', year, report_deadline, surrender_deadline), ',' ORDER BY year) FROM compliance_cycle) AS cycles,
           (SELECT string_agg(concat_ws(':', id, locale, disabled, totp_enabled, totp_last_step), ',' ORDER BY id) FROM app_user) AS users,
           (SELECT string_agg(concat_ws(':', id, expires_at, revoked_at), ',' ORDER BY id) FROM api_token) AS token_states,
           (SELECT string_agg(concat_ws(':', id, status, reported_co2e, verified_emissions, lines), ',' ORDER BY id) FROM emission_report) AS reports,
           (SELECT concat_ws(':', offset_share, phase_starts, carry_over_between_phases, carry_over_discount, penalty_rule, gwp, gwp_source, updated_at) FROM compliance_policy) AS policy,
           (SELECT count(*) FROM surrender) AS surrenders,
           (SELECT count(*) FROM penalty) AS penalties,
           (SELECT string_agg(concat_ws(':', id, status, applied), ',' ORDER BY id) FROM allocation_deduction) AS deductions,
           (SELECT string_agg(concat_ws(':', id, to_year, expired_at), ',' ORDER BY id) FROM covered_entity) AS coverage,
           (SELECT string_agg(concat_ws(':', year, national_cap), ',' ORDER BY year) FROM allocation_plan) AS plans,
           (SELECT string_agg(concat_ws(':', year, province_code, budget), ',' ORDER BY year, province_code) FROM province_budget) AS budgets,
           (SELECT string_agg(concat_ws(':', id, benchmark, decline_factor, paid_share), ',' ORDER BY id) FROM industry_rule) AS rules,
           (SELECT string_agg(concat_ws(':', id, rule_code, design_capacity, active), ',' ORDER BY id) FROM installation) AS installations,
           (SELECT string_agg(concat_ws(':', id, status), ',' ORDER BY id) FROM allocation_run) AS runs,
           (SELECT count(*) FROM allocation_line) AS allocation_lines`;
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, String(v)]));
}

/**
 * A digest of the whole content of every table of the schema (md5 of its rows as text, in order),
 * keyed by table name: any write anywhere, to any column, changes one of them, and a table added
 * later is covered without editing this helper. Heavier than `fingerprint()`; for tests that must
 * prove that nothing at all was written (reads never write).
 */
export async function tableDigests(): Promise<Record<string, string>> {
  return digestsByTable(await db().$queryRawUnsafe<{ name: string; digest: string }[]>(TABLE_DIGESTS_SQL));
}

/** Runs `fn` and asserts the database is exactly as before. */
export async function expectNothingChanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = await fingerprint();
  const result = await fn();
  expect(await fingerprint()).toEqual(before);
  return result;
}

/** Calls a handler and asserts the error response shape of API.md. */
export async function expectError(handler: Handler, opts: CallOptions, status: number, code?: string) {
  const res = await call(handler, opts);
  const body = res.body as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect({ status: res.status, code: typeof body.error?.code, message: typeof body.error?.message }).toEqual({ status, code: 'string', message: 'string' });
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

export const key = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Four eyes: checks that a submission answered 202 with a request, has a second person approve it
 * through the API, and returns what the carried-out action answered.
 */
export async function approvedBy(submitted: { status: number; body: unknown }, token: string): Promise<Record<string, unknown>> {
  const { POST: approveRequest } = await import('@/app/api/v1/approvals/[id]/approve/route');
  const { approvalDecisionSchema, approvalSubmittedSchema } = await import('@/schemas/controls');
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const { approvalId } = approvalSubmittedSchema.parse(submitted.body);
  const res = await call(approveRequest, { params: { id: String(approvalId) }, body: { note: 'Checked by a second person' }, token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return approvalDecisionSchema.parse(res.body).result as Record<string, unknown>;
}
