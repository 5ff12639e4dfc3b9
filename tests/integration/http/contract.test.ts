import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { endpoints, type EndpointName, type EndpointSpec } from '@/server/http/openapi';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { dbProblem } from '@/server/dbErrors';
import { INT4_MAX } from '@/schemas/registry';
import { bigIdParamsSchema } from '@/schemas/trading';
import { MAX_BODY_BYTES } from '@/server/http/route';
import { db } from '@/db/client';
import { getClock } from '@/server/trading/market';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { listInstrument } from '../../support/trading';
import { expectError, expectNothingChanged, loadRoutes, urlFor, type LoadedRoute } from './helpers';

/**
 * The contract every /api/v1 route keeps (API.md): sign-in required, malformed JSON and invalid
 * input answered with 400 and the offending field, operator endpoints refused to entities, and a
 * refused request changes nothing. Routes are discovered from src/app/api/v1, so a new route is
 * covered by the generic checks the moment it exists.
 */

let reg: Registry;
let gd: Participant;
let tokens: { entity: string; registry: string; exchange: string; mee: string };
let routes: (LoadedRoute & { name: EndpointName; spec: EndpointSpec })[];

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gd = await createParticipant(reg, { province: 'GD', cea: { 2024: 1_000 }, cash: '1000.00' });
  await listInstrument(reg, 2024, '50.00');
  await getClock(); // the market clock's first read initialises it; refused requests must not be what changes it
  tokens = {
    entity: await tokenFor(gd.actor),
    registry: await tokenFor(reg.registry),
    exchange: await tokenFor(reg.exchange),
    mee: await tokenFor(reg.mee),
  };
  const specs = Object.entries(endpoints) as [EndpointName, EndpointSpec][];
  routes = (await loadRoutes()).map((r) => {
    const found = specs.find(([, e]) => e.method === r.method && e.path === r.apiPath);
    if (!found) throw new Error(`${r.method} ${r.apiPath} (${r.file}) has no entry in src/server/http/openapi.ts`);
    return { ...r, name: found[0], spec: found[1] };
  });
});

beforeEach(() => resetRateLimits());

const route = (name: EndpointName) => {
  const r = routes.find((x) => x.name === name);
  if (!r) throw new Error(`no route file for ${name}`);
  return r;
};
/** A listed instrument, for routes with a `{symbol}` path parameter. */
const SYMBOL = 'CEA-2024';
/** Valid path params for any route: ids of existing rows and a listed symbol (validation runs before the use case). */
const validParams = (r: LoadedRoute): Record<string, string> | undefined => {
  const params: Record<string, string> = {};
  if (r.apiPath.includes('{id}')) params.id = r.apiPath.startsWith('/api/v1/me/sessions/') ? '00000000-0000-4000-8000-000000000000' : String(gd.accountId);
  if (r.apiPath.includes('{symbol}')) params.symbol = SYMBOL;
  if (r.apiPath.includes('{date}')) params.date = '2099-06-01';
  if (r.apiPath.includes('{year}')) params.year = '2025';
  if (r.apiPath.includes('{code}')) params.code = 'POWER_COAL_300';
  if (r.apiPath.includes('{organisationId}')) params.organisationId = String(gd.organisationId);
  if (r.apiPath.includes('{bidId}')) params.bidId = '1';
  if (r.apiPath.includes('{trustedId}')) params.trustedId = '1';
  return Object.keys(params).length ? params : undefined;
};

describe('sign-in is required', () => {
  it('answers 401 without a token, with an unknown token and with a malformed Authorization header, changing nothing', async () => {
    const guarded = routes.filter((r) => r.spec.auth !== false);
    expect(guarded.length).toBeGreaterThan(15);
    for (const r of guarded) {
      const base = { method: r.method, path: urlFor(r.apiPath, validParams(r)), params: validParams(r), body: r.spec.body ? {} : undefined };
      await expectNothingChanged(async () => {
        const none = await expectError(r.handler, base, 401, 'UNAUTHENTICATED');
        expect(none.message, `${r.method} ${r.apiPath}`).toBeTruthy();
        await expectError(r.handler, { ...base, token: 'cax_not-a-real-token' }, 401, 'UNAUTHENTICATED');
        await expectError(r.handler, { ...base, headers: { authorization: 'Basic dXNlcjpwYXNz' } }, 401, 'UNAUTHENTICATED');
      });
    }
  });

  it('keeps health, the token endpoint and the OpenAPI document public', async () => {
    expect((await call(route('health').handler, { path: '/api/v1/health' })).status).toBe(200);
    expect((await call(route('openapi').handler, { path: '/api/v1/openapi.json' })).status).toBe(200);
    expect(route('token').spec.auth).toBe(false);
  });
});

describe('malformed and invalid input', () => {
  it('answers 400 INVALID_JSON to a body that is not JSON, on every route with a body', async () => {
    const withBody = routes.filter((r) => r.spec.body);
    expect(withBody.length).toBeGreaterThan(10);
    for (const r of withBody) {
      await expectNothingChanged(async () => {
        for (const rawBody of ['{"quantity": 10,', 'not json', '']) {
          const error = await expectError(
            r.handler,
            { method: r.method, path: urlFor(r.apiPath, validParams(r)), params: validParams(r), rawBody, token: tokens.registry },
            400,
            'INVALID_JSON',
          );
          expect(error.message, `${r.method} ${r.apiPath}`).toMatch(/JSON/);
        }
      });
    }
  });

  /** Bodies that take one field of several (no field is required on its own): the field an empty body's refusal names. */
  const ONE_OF_FIELDS: Partial<Record<EndpointName, string[]>> = { myNotificationsRead: ['ids'] };

  it('names every missing required field of an empty body', async () => {
    for (const r of routes.filter((x) => x.spec.body)) {
      // A body of alternatives (`ids` or `all`) requires no one field: its refusal names the first.
      const required = ((z.toJSONSchema(r.spec.body!, { io: 'input', unrepresentable: 'any' }) as { required?: string[] }).required ?? ONE_OF_FIELDS[r.name] ?? []);
      expect(required.length, `${r.method} ${r.apiPath}`).toBeGreaterThan(0);
      await expectNothingChanged(async () => {
        const error = await expectError(
          r.handler,
          { method: r.method, path: urlFor(r.apiPath, validParams(r)), params: validParams(r), body: {}, token: tokens.registry },
          400,
          'INVALID_INPUT',
        );
        for (const field of required) expect(error.fields, `${r.method} ${r.apiPath} → ${field}`).toHaveProperty([field]);
      });
    }
  });

  /** Malformed path parameters: [parameter, what is wrong, bad values, at least this many routes take it]. */
  const badPathParams: [string, string, string[], number][] = [
    ['id', 'a non-numeric, non-canonical or out-of-range id', ['abc', '-1', '0', '1.5', '2147483648', '99999999999', '0x10', '+1', '1e3', '007', ' 1'], 6],
    ['symbol', 'a symbol that is no instrument and vintage', ['XYZ', 'CEA', 'CEA-24', 'CEA-1999', 'EUA-2024', 'CEA-2024-1', ''], 6],
    ['date', 'a date that is not YYYY-MM-DD', ['2026-13-01', '2026-02-30', 'tomorrow', '20261201'], 1],
    ['year', 'a year that is not one', ['abc', '1999', '2101', '2025.5'], 4],
    ['code', 'a rule code that is not one', ['power coal!', 'X', ''], 1],
    ['organisationId', 'a non-numeric or out-of-range organisation id', ['abc', '0', '-3', '2147483648', '0x10'], 1],
  ];
  for (const [param, what, values, atLeast] of badPathParams) {
    it(`answers 400 naming path.${param} for ${what}, on every route with a path ${param}`, async () => {
      const withParam = routes.filter((r) => r.apiPath.includes(`{${param}}`));
      expect(withParam.length).toBeGreaterThanOrEqual(atLeast);
      expect(withParam.every((r) => r.spec.params)).toBe(true);
      for (const value of values) {
        for (const r of withParam) {
          // Listing ids are BIGINT (bigIdParamsSchema): ids beyond int4 are well-formed there.
          if (r.spec.params === bigIdParamsSchema && Number(value) > INT4_MAX) continue;
          const params = { ...validParams(r), [param]: value };
          await expectNothingChanged(async () => {
            const error = await expectError(
              r.handler,
              { method: r.method, path: urlFor(r.apiPath, params), params, body: r.spec.body ? {} : undefined, token: tokens.registry },
              400,
              'INVALID_INPUT',
            );
            expect(error.fields, `${r.method} ${r.apiPath} ${param}=${value}`).toHaveProperty([`path.${param}`]);
          });
        }
      }
    });
  }

  it('answers 404 to a well-formed symbol that is not listed', async () => {
    for (const r of routes.filter((x) => x.apiPath.includes('{symbol}') && x.method === 'GET')) {
      const symbol = 'CCER-2099';
      const query = r.name === 'takeableListings' ? 'side=BUY' : undefined;
      const res = await call(r.handler, { method: r.method, path: urlFor(r.apiPath, { symbol }, query), params: { symbol } });
      expect([res.status, res.body?.error?.code], `${r.method} ${r.apiPath}`).toEqual([404, 'NOT_FOUND']);
    }
  });

  const validCode = makeCreditCode('91440300MA5F00001');
  const badCheckDigit = validCode.slice(0, 17) + (validCode.endsWith('0') ? '1' : '0');
  const asset = { instrument: 'CEA', vintage: 2024, quantity: 10 };
  const listing = { symbol: 'CEA-2024', side: 'SELL', price: '52.30', quantity: 100 };
  const block = { symbol: 'CEA-2024', side: 'SELL', price: '60.00', quantity: 100_000, counterpartyAccountId: 1 };
  const policy = { offsetShare: '0.05', phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1', penaltyRule: 'INTERIM_2024' };
  const settings = { feeRate: '0.0005', riskReserveShare: '0.2', entityPositionLimit: null, investorPositionLimit: null, largeHolderThreshold: null, listAndCancelThreshold: 5 };

  /** At least one hand-written bad request per endpoint that takes input: [what is wrong, request, field named]. */
  const invalid: Partial<Record<EndpointName, [string, { body?: unknown; query?: string }, string][]>> = {
    token: [
      ['email that is not one', { body: { email: 'not-an-email', password: 'x' } }, 'email'],
      ['otp of 5 digits', { body: { email: 'a@b.cn', password: 'x', otp: '12345' } }, 'otp'],
    ],
    holdings: [],
    cash: [],
    verify: [['full that is not true or false', { query: 'full=yes' }, 'query.full']],
    movements: [
      ['limit 0', { query: 'limit=0' }, 'query.limit'],
      ['limit 201', { query: 'limit=201' }, 'query.limit'],
      ['cursor not from a page', { query: 'cursor=abc' }, 'query.cursor'],
      ['unknown movement type', { query: 'type=GIFT' }, 'query.type'],
      ['impossible date', { query: 'from=2024-13-01' }, 'query.from'],
      ['unknown export format', { query: 'format=xml' }, 'query.format'],
    ],
    statement: [
      ['period that ends before it starts', { query: 'from=2026-03-02&to=2026-03-01' }, 'query.to'],
      ['impossible date', { query: 'from=2026-02-30&to=2026-03-01' }, 'query.from'],
      ['no end', { query: 'from=2026-03-01' }, 'query.to'],
      ['unknown language', { query: 'from=2026-03-01&to=2026-03-02&lang=fr' }, 'query.lang'],
    ],
    cancellation: [
      ['fractional tonnes', { body: { ...asset, quantity: 1.5, reason: 'retire for good' } }, 'quantity'],
      ['zero tonnes', { body: { ...asset, quantity: 0, reason: 'retire for good' } }, 'quantity'],
      ['quantity as a string', { body: { ...asset, quantity: '10', reason: 'retire for good' } }, 'quantity'],
      ['unknown instrument', { body: { ...asset, instrument: 'EUA', reason: 'retire for good' } }, 'instrument'],
      ['vintage before 2000', { body: { ...asset, vintage: 1999, reason: 'retire for good' } }, 'vintage'],
      ['reason too short', { body: { ...asset, reason: 'no' } }, 'reason'],
    ],
    accountList: [['unknown status', { query: 'status=OPEN' }, 'query.status']],
    accountApplication: [
      [
        'credit code with a wrong check digit',
        { body: { name: 'New Steel', nameZh: '新钢铁', creditCode: badCheckDigit, kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD' } },
        'creditCode',
      ],
      ['unknown kind', { body: { name: 'New Steel', nameZh: '新钢铁', creditCode: validCode, kind: 'BANK', provinceCode: 'GD' } }, 'kind'],
    ],
    accountStatus: [['unknown action', { body: { action: 'explode', reason: 'because' } }, 'action']],
    organisationUpdate: [['nothing to change', { body: { reason: 'annual review' } }, 'name']],
    issuance: [
      ['legal basis too short', { body: { ...asset, legalBasis: 'x' } }, 'legalBasis'],
      ['CCER without the project they come from', { body: { ...asset, instrument: 'CCER', legalBasis: 'batch 1' } }, 'project'],
      ['CEA naming a project', { body: { ...asset, legalBasis: 'cap 2024', project: 'CCER-GD-0001' } }, 'project'],
    ],
    ccerProjects: [['year that is not one', { query: 'year=19' }, 'query.year']],
    auctions: [['unknown status', { query: 'status=LIVE' }, 'query.status']],
    auctionSetAside: [['quantity as a string', { body: { vintage: 2025, quantity: '100', legalBasis: 'paid share' } }, 'quantity']],
    auctionCreate: [
      ['window closing before it opens', { body: { title: 'Lot', instrument: 'CEA', vintage: 2025, quantity: 1000, opensAt: '2026-11-23T11:00:00+08:00', closesAt: '2026-11-23T10:00:00+08:00' } }, 'closesAt'],
      ['reserve price as a JSON number', { body: { title: 'Lot', instrument: 'CEA', vintage: 2025, quantity: 1000, reservePrice: 50, opensAt: '2026-11-23T10:00:00+08:00', closesAt: '2026-11-23T11:00:00+08:00' } }, 'reservePrice'],
      ['guarantee share above 1', { body: { title: 'Lot', instrument: 'CEA', vintage: 2025, quantity: 1000, guaranteePercent: '1.5', opensAt: '2026-11-23T10:00:00+08:00', closesAt: '2026-11-23T11:00:00+08:00' } }, 'guaranteePercent'],
      ['per-bidder maximum above the lot', { body: { title: 'Lot', instrument: 'CEA', vintage: 2025, quantity: 1000, perBidderMax: 1001, opensAt: '2026-11-23T10:00:00+08:00', closesAt: '2026-11-23T11:00:00+08:00' } }, 'perBidderMax'],
    ],
    auctionCancel: [['no reason', { body: { reason: '' } }, 'reason']],
    bidPlace: [
      ['price off the 0.01 tick', { body: { price: '52.001', quantity: 10 } }, 'price'],
      ['fractional quantity', { body: { price: '52.00', quantity: 1.5 } }, 'quantity'],
    ],
    bidAmend: [['zero quantity', { body: { price: '52.00', quantity: 0 } }, 'quantity']],
    ccerProjectRegister: [
      ['project code with spaces', { body: { code: 'CCER GD 1', name: 'Wind farm', nameZh: '风电场', category: 'WIND' } }, 'code'],
      ['unknown project type', { body: { code: 'CCER-GD-0009', name: 'Wind farm', nameZh: '风电场', category: 'NUCLEAR' } }, 'category'],
    ],
    distribution: [['negative quantity', { body: { provinceCode: 'GD', vintage: 2024, quantity: -5, legalBasis: 'cap 2024' } }, 'quantity']],
    allocation: [['account id not a number', { body: { ...asset, accountId: 'abc', legalBasis: 'plan 2024' } }, 'accountId']],
    freeze: [['no authority', { body: { ...asset, accountId: 1, orderReference: 'X-1', reason: 'court order' } }, 'authority']],
    freezeRelease: [['empty reason', { body: { reason: '' } }, 'reason']],
    pledge: [
      ['secured amount as a JSON number', { body: { ...asset, accountId: 1, pledgee: 'Bank', securedAmount: 52.3, contractReference: 'C-1' } }, 'securedAmount'],
      ['secured amount with three decimals', { body: { ...asset, accountId: 1, pledgee: 'Bank', securedAmount: '52.301', contractReference: 'C-1' } }, 'securedAmount'],
    ],
    pledgeRelease: [['reason too short', { body: { reason: 'ok' } }, 'reason']],
    transferList: [['unknown status', { query: 'status=DONE' }, 'query.status']],
    transferRequest: [['unknown kind', { body: { ...asset, toAccountId: 2, kind: 'GIFT', reason: 'gift', documentsRef: 'D-1' } }, 'kind']],
    transferApprove: [['note missing', { body: {} }, 'note']],
    transferReject: [['note too short', { body: { note: 'no' } }, 'note']],
    transferCancel: [['reason too short', { body: { reason: 'no' } }, 'reason']],
    trustedAccountAdd: [
      ['not an account number', { body: { accountNumber: 'my friend' } }, 'accountNumber'],
      ['description too long', { body: { accountNumber: 'RA-91440300MA5FQ4P93X', description: 'x'.repeat(201) } }, 'description'],
    ],
    approvals: [
      ['unknown view', { query: 'view=everything' }, 'query.view'],
      ['unknown status', { query: 'status=DONE' }, 'query.status'],
    ],
    approvalApprove: [['note too short', { body: { note: 'ok' } }, 'note']],
    approvalReject: [['note missing', { body: {} }, 'note']],
    reversal: [
      ['entry id not a number', { body: { entryId: 'abc', reason: 'booked twice' } }, 'entryId'],
      ['entry id as a JSON number', { body: { entryId: 12, reason: 'booked twice' } }, 'entryId'],
      ['reason too short', { body: { entryId: '12', reason: 'dup' } }, 'reason'],
    ],
    cashDeposit: [
      ['negative amount', { body: { accountId: 1, amount: '-5.00', reference: 'BANK-1' } }, 'amount'],
      ['zero amount', { body: { accountId: 1, amount: '0.00', reference: 'BANK-1' } }, 'amount'],
      ['amount beyond what a balance holds', { body: { accountId: 1, amount: '9999999999999999.99', reference: 'BANK-1' } }, 'amount'],
      ['account id beyond int4', { body: { accountId: 2147483648, amount: '5.00', reference: 'BANK-1' } }, 'accountId'],
      ['account id as a hex string', { body: { accountId: '0x10', amount: '5.00', reference: 'BANK-1' } }, 'accountId'],
    ],
    audit: [['limit above 200', { query: 'limit=1000' }, 'query.limit']],
    reportFile: [
      ['no emission lines', { body: { lines: [], outputs: {} } }, 'lines'],
      ['gas that is no formula', { body: { lines: [{ source: 'Boiler 1', gas: 'co 2!', quantity: '100' }] } }, 'lines.0.gas'],
      ['quantity as a JSON number', { body: { lines: [{ source: 'Boiler 1', gas: 'CO2', quantity: 100 }] } }, 'lines.0.quantity'],
    ],
    reportVerify: [
      ['fractional verified emissions', { body: { decision: 'CORRECT', verifiedEmissions: 10.5, note: 'corrected' } }, 'verifiedEmissions'],
      ['a correction without a reason', { body: { decision: 'CORRECT', verifiedEmissions: 10 } }, 'note'],
      ['unknown decision', { body: { decision: 'MAYBE' } }, 'decision'],
    ],
    surrender: [
      ['no items', { body: { items: [] } }, 'items'],
      ['unknown instrument', { body: { items: [{ instrument: 'EUA', vintage: 2024, quantity: 10 }] } }, 'items.0.instrument'],
      ['zero tonnes', { body: { items: [{ instrument: 'CEA', vintage: 2024, quantity: 0 }] } }, 'items.0.quantity'],
    ],
    complianceStatus: [['organisation id not a number', { query: 'organisationId=abc' }, 'query.organisationId']],
    complianceOverview: [['province code of one letter', { query: 'province=G' }, 'query.province']],
    yearClose: [['province code of one letter', { query: 'province=G' }, 'query.province']],
    yearClosePreview: [['province code too long', { query: 'province=GUANGDONG' }, 'query.province']],
    penalties: [['province code of one letter', { query: 'province=X' }, 'query.province']],
    publicCompliance: [['unknown format', { query: 'format=xml' }, 'query.format']],
    coveredEntities: [['year that is not one', { query: 'year=1999' }, 'query.year']],
    fuelSwitch: [
      ['no gas price', { query: 'coalPrice=800' }, 'query.gasPrice'],
      ['coal price that is no number', { query: 'coalPrice=cheap&gasPrice=3.2' }, 'query.coalPrice'],
      ['efficiency above 1', { query: 'coalPrice=800&gasPrice=3.2&gasEfficiency=1.2' }, 'query.gasEfficiency'],
    ],
    fuelPrices: [['impossible date', { query: 'from=2026-02-30' }, 'query.from']],
    fuelPricesRecord: [
      ['no prices', { body: { prices: [] } }, 'prices'],
      ['coal price as a JSON number', { body: { prices: [{ date: '2026-01-31', coalPrice: 820, gasPrice: '3.2' }] } }, 'prices.0.coalPrice'],
      ['date that is no date', { body: { prices: [{ date: '2026-13-01', coalPrice: '820', gasPrice: '3.2' }] } }, 'prices.0.date'],
    ],
    supply: [['province code of one letter', { query: 'province=G' }, 'query.province']],
    primarySecondary: [['impossible date', { query: 'to=2026-04-31' }, 'query.to']],
    complianceBehaviour: [['province code too long', { query: 'province=GUANGDONG' }, 'query.province']],
    offsets: [['province code of one letter', { query: 'province=X' }, 'query.province']],
    earmarksSet: [
      ['unknown use', { body: { earmarks: [{ use: 'PARTY', share: '0.5' }] } }, 'earmarks.0.use'],
      ['share above 1', { body: { earmarks: [{ use: 'LOW_CARBON_FUND', share: '1.5' }] } }, 'earmarks.0.share'],
    ],
    balanceSheet: [['price that is no number', { query: 'price=high' }, 'query.price']],
    sandboxScenarioCreate: [
      ['no name', { body: { year: 2024 } }, 'name'],
      ['a cut of more than 100 %', { body: { name: 'Too deep', year: 2024, changes: { cap: { mode: 'PERCENT', percent: '-101' } } } }, 'changes.cap.percent'],
      ['a paid share above 1', { body: { name: 'Too paid', year: 2024, changes: { rules: { POWER: { paidShare: '1.5' } } } } }, 'changes.rules.POWER.paidShare'],
      ['a price assumption of no kind', { body: { name: 'No price', year: 2024, changes: { price: { kind: 'GUESS' } } } }, 'changes.price.kind'],
    ],
    forecastSet: [
      ['month 13', { body: { months: [{ month: 13, emissions: 100 }] } }, 'months.0.month'],
      ['emissions with decimals', { body: { months: [{ month: 1, emissions: 10.5 }] } }, 'months.0.emissions'],
    ],
    compliancePolicySet: [
      ['offset share above 1', { body: { offsetShare: '1.5', phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1', penaltyRule: 'INTERIM_2024' } }, 'offsetShare'],
      ['carry-over discount of 0', { body: { offsetShare: '0.05', phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '0', penaltyRule: 'INTERIM_2024' } }, 'carryOverDiscount'],
      ['unknown penalty rule', { body: { offsetShare: '0.05', phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1', penaltyRule: 'LAW_2030' } }, 'penaltyRule'],
      ['no phase start', { body: { offsetShare: '0.05', phaseStarts: [], carryOverBetweenPhases: false, carryOverDiscount: '1', penaltyRule: 'INTERIM_2024' } }, 'phaseStarts'],
      ['GWP table without CO2', { body: { ...policy, gwp: { CH4: '25' }, gwpSource: 'IPCC AR4 100-year' } }, 'gwp.CO2'],
      ['GWP of CO2 other than 1', { body: { ...policy, gwp: { CO2: '1.5', CH4: '25' }, gwpSource: 'IPCC AR4 100-year' } }, 'gwp.CO2'],
      ['GWP factor as a JSON number', { body: { ...policy, gwp: { CO2: '1', CH4: 25 }, gwpSource: 'IPCC AR4 100-year' } }, 'gwp.CH4'],
      ['GWP factor of 0', { body: { ...policy, gwp: { CO2: '1', N2O: '0' }, gwpSource: 'IPCC AR4 100-year' } }, 'gwp.N2O'],
      ['gas code in lower case', { body: { ...policy, gwp: { CO2: '1', sf6: '22800' }, gwpSource: 'IPCC AR4 100-year' } }, 'gwp.sf6'],
      ['GWP table as a list', { body: { ...policy, gwp: [{ gas: 'CO2', factor: '1' }], gwpSource: 'IPCC AR4 100-year' } }, 'gwp'],
      ['GWP table without its source', { body: { ...policy, gwp: { CO2: '1', CH4: '25' } } }, 'gwpSource'],
    ],
    complianceCycleSet: [
      ['surrender before the report deadline', { body: { reportDeadline: '2026-03-31', surrenderDeadline: '2026-03-30' } }, 'surrenderDeadline'],
      ['date that is no date', { body: { reportDeadline: '2026-02-30', surrenderDeadline: '2026-12-31' } }, 'reportDeadline'],
    ],
    coveredEntityAdd: [
      ['emissions with decimals', { body: { organisationId: 1, fromYear: 2025, basisYear: 2024, annualEmissions: 26000.5 } }, 'annualEmissions'],
      ['from year that is not one', { body: { organisationId: 1, fromYear: 'next', basisYear: 2024 } }, 'fromYear'],
    ],
    coveredEntityRemove: [
      ['unknown reason', { body: { reason: 'BORED', lastYear: 2025, transitionUntil: '2099-06-30' } }, 'reason'],
      ['transition date that is no date', { body: { reason: 'CLOSURE', lastYear: 2025, transitionUntil: '2099-02-30' } }, 'transitionUntil'],
    ],
    allocationPlanSet: [
      ['cap of 0', { body: { nationalCap: 0, budgets: [] } }, 'nationalCap'],
      ['budget with decimals', { body: { nationalCap: 100, budgets: [{ provinceCode: 'GD', budget: 1.5 }] } }, 'budgets.0.budget'],
      ['a province twice', { body: { nationalCap: 100, budgets: [{ provinceCode: 'GD', budget: 1 }, { provinceCode: 'GD', budget: 2 }] } }, 'budgets'],
    ],
    industryRuleSave: [
      ['benchmark method without a benchmark', { body: { industry: 'POWER', name: 'Coal power', nameZh: '燃煤', method: 'BENCHMARK', outputUnit: 'MWh' } }, 'benchmark'],
      ['benchmark as a JSON number', { body: { industry: 'POWER', name: 'Coal power', nameZh: '燃煤', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: 0.8 } }, 'benchmark'],
      ['paid share above 1', { body: { industry: 'POWER', name: 'Coal power', nameZh: '燃煤', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', paidShare: '1.5' } }, 'paidShare'],
      ['decline factor of 0', { body: { industry: 'POWER', name: 'Coal power', nameZh: '燃煤', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', declineFactor: '0' } }, 'declineFactor'],
      ['unknown method', { body: { industry: 'POWER', name: 'Coal power', nameZh: '燃煤', method: 'AUCTION', outputUnit: 'MWh' } }, 'method'],
    ],
    installations: [['organisation id not a number', { query: 'organisationId=x' }, 'query.organisationId']],
    installationSave: [
      ['code with spaces', { body: { organisationId: 1, code: 'unit 1', name: 'Unit 1', ruleCode: 'POWER_COAL_300' } }, 'code'],
      ['negative base emissions', { body: { organisationId: 1, code: 'U-1', name: 'Unit 1', ruleCode: 'POWER_COAL_300', baseEmissions: [-1] } }, 'baseEmissions.0'],
    ],
    allocationRunPrepare: [
      ['unknown kind', { body: { provinceCode: 'GD', kind: 'FINAL' } }, 'kind'],
      ['province that is no code', { body: { provinceCode: 'Guang dong', kind: 'TRUE_UP' } }, 'provinceCode'],
    ],
    allocationCalculations: [['organisation id not a number', { query: 'organisationId=-1' }, 'query.organisationId']],
    holidays: [
      ['from that is no date', { query: 'from=2026-02-30' }, 'query.from'],
      ['days above two years', { query: 'days=1000' }, 'query.days'],
    ],
    holidayAdd: [
      ['date that is no date', { body: { date: '2026-13-01', name: 'New Year' } }, 'date'],
      ['name too short', { body: { date: '2099-06-01', name: 'x' } }, 'name'],
    ],
    twoFactorConfirm: [['code of 5 digits', { body: { otp: '12345' } }, 'otp']],
    twoFactorDisable: [['code with letters', { body: { otp: '12a456' } }, 'otp']],
    myNotifications: [
      ['limit 0', { query: 'limit=0' }, 'query.limit'],
      ['cursor not from a page', { query: 'cursor=abc' }, 'query.cursor'],
      ['unread that is no boolean', { query: 'unread=yes' }, 'query.unread'],
    ],
    myNotificationsRead: [
      ['ids and all at once', { body: { ids: [1], all: true } }, 'ids'],
      ['neither ids nor all', { body: {} }, 'ids'],
      ['an id that is no id', { body: { ids: ['abc'] } }, 'ids.0'],
      ['all false', { body: { all: false } }, 'all'],
      ['no ids', { body: { ids: [] } }, 'ids'],
    ],
    myNotificationPreferencesSet: [
      ['no preferences', { body: { preferences: [] } }, 'preferences'],
      ['unknown kind', { body: { preferences: [{ kind: 'GIFT', inApp: true, email: true }] } }, 'preferences.0.kind'],
      ['email as a string', { body: { preferences: [{ kind: 'AUCTION_OPENING', inApp: true, email: 'yes' }] } }, 'preferences.0.email'],
      ['a kind twice', { body: { preferences: [{ kind: 'AUCTION_OPENING', inApp: true, email: true }, { kind: 'AUCTION_OPENING', inApp: false, email: true }] } }, 'preferences'],
    ],
    freezeList: [['cursor not from a page', { query: 'cursor=abc' }, 'query.cursor']],
    pledgeList: [['limit below 1', { query: 'limit=0' }, 'query.limit']],
    regulatorOrganisations: [['province code too short', { query: 'province=X' }, 'query.province']],

    // ---------- trading ----------
    book: [
      ['zero levels', { query: 'levels=0' }, 'query.levels'],
      ['levels not a number', { query: 'levels=five' }, 'query.levels'],
      ['more than 20 levels', { query: 'levels=21' }, 'query.levels'],
    ],
    takeableListings: [
      ['no side', { query: '' }, 'query.side'],
      ['unknown side', { query: 'side=HOLD' }, 'query.side'],
      ['limit above 200', { query: 'side=SELL&limit=500' }, 'query.limit'],
    ],
    tape: [
      ['unknown kind', { query: 'kind=AUCTION' }, 'query.kind'],
      ['impossible day', { query: 'day=2024-13-01' }, 'query.day'],
      ['limit 0', { query: 'limit=0' }, 'query.limit'],
    ],
    listingCreate: [
      ['price as a JSON number', { body: { ...listing, price: 52.3 } }, 'price'],
      ['price with three decimals', { body: { ...listing, price: '52.301' } }, 'price'],
      ['price zero', { body: { ...listing, price: '0.00' } }, 'price'],
      ['negative price', { body: { ...listing, price: '-52.30' } }, 'price'],
      ['unknown side', { body: { ...listing, side: 'HOLD' } }, 'side'],
      ['fractional tonnes', { body: { ...listing, quantity: 1.5 } }, 'quantity'],
      ['quantity as a string', { body: { ...listing, quantity: '100' } }, 'quantity'],
      ['zero tonnes', { body: { ...listing, quantity: 0 } }, 'quantity'],
      ['symbol that is no instrument', { body: { ...listing, symbol: 'XYZ' } }, 'symbol'],
    ],
    listingList: [
      ['unknown status', { query: 'status=DONE' }, 'query.status'],
      ['bad symbol', { query: 'symbol=XYZ' }, 'query.symbol'],
      ['limit 0', { query: 'limit=0' }, 'query.limit'],
    ],
    listingAmend: [
      ['zero tonnes', { body: { quantity: 0 } }, 'quantity'],
      ['quantity as a string', { body: { quantity: '5' } }, 'quantity'],
    ],
    take: [
      ['listing id and a sweep at once', { body: { listingId: '1', symbol: 'CEA-2024', quantity: 10 } }, 'symbol'],
      ['neither a listing id nor a symbol', { body: { quantity: 10 } }, 'symbol'],
      ['sweep without a side', { body: { symbol: 'CEA-2024', limitPrice: '50.00', quantity: 10 } }, 'side'],
      ['limit price as a JSON number', { body: { symbol: 'CEA-2024', side: 'BUY', limitPrice: 50.5, quantity: 10 } }, 'limitPrice'],
      ['listing id that is no id', { body: { listingId: 'abc', quantity: 10 } }, 'listingId'],
      ['zero tonnes', { body: { listingId: '1', quantity: 0 } }, 'quantity'],
    ],
    myTrades: [
      ['bad symbol', { query: 'symbol=CEA-24' }, 'query.symbol'],
      ['cursor not from a page', { query: 'cursor=abc' }, 'query.cursor'],
    ],
    blockPropose: [
      ['counterparty that is no id', { body: { ...block, counterpartyAccountId: 'abc' } }, 'counterpartyAccountId'],
      ['price with three decimals', { body: { ...block, price: '60.001' } }, 'price'],
      ['price as a JSON number', { body: { ...block, price: 60 } }, 'price'],
      ['fractional tonnes', { body: { ...block, quantity: 100_000.5 } }, 'quantity'],
    ],
    clock: [
      ['unknown action', { body: { action: 'explode' } }, 'action'],
      ['set without a time', { body: { action: 'set' } }, 'at'],
      ['time that is no date-time', { body: { action: 'set', at: 'tomorrow 9:30' } }, 'at'],
    ],
    instrumentCreate: [
      ['unknown instrument', { body: { instrument: 'EUA', vintage: 2025, referencePrice: '60.00' } }, 'instrument'],
      ['vintage before 2000', { body: { instrument: 'CEA', vintage: 1999, referencePrice: '60.00' } }, 'vintage'],
      ['reference price as a JSON number', { body: { instrument: 'CEA', vintage: 2025, referencePrice: 60 } }, 'referencePrice'],
    ],
    instrumentStatus: [
      ['unknown status', { body: { status: 'HALTED', reason: 'risk warning' } }, 'status'],
      ['reason too short', { body: { status: 'SUSPENDED', reason: 'no' } }, 'reason'],
    ],
    referencePrice: [
      ['zero', { body: { referencePrice: '0.00' } }, 'referencePrice'],
      ['three decimals', { body: { referencePrice: '52.301' } }, 'referencePrice'],
    ],
    participantSuspension: [
      ['suspended as a string', { body: { suspended: 'yes', reason: 'abnormal trading' } }, 'suspended'],
      ['no reason', { body: { suspended: true } }, 'reason'],
    ],
    alerts: [
      ['unknown status', { query: 'status=CLOSED' }, 'query.status'],
      ['limit above 200', { query: 'limit=500' }, 'query.limit'],
    ],
    alertReview: [['note too short', { body: { note: 'ok' } }, 'note']],
    largeHolders: [['limit 0', { query: 'limit=0' }, 'query.limit']],
    marketSettingsUpdate: [
      ['fee rate of 1.5', { body: { ...settings, feeRate: '1.5' } }, 'feeRate'],
      ['fee rate as a JSON number', { body: { ...settings, feeRate: 0.0005 } }, 'feeRate'],
      ['risk reserve share above 1', { body: { ...settings, riskReserveShare: '2' } }, 'riskReserveShare'],
      ['negative position limit', { body: { ...settings, entityPositionLimit: -1 } }, 'entityPositionLimit'],
      ['list-and-cancel threshold missing', { body: { ...settings, listAndCancelThreshold: undefined } }, 'listAndCancelThreshold'],
    ],
  };

  it('has hand-written bad requests for every endpoint with a body or a query', () => {
    const withInput = (Object.entries(endpoints) as [EndpointName, EndpointSpec][]).filter(([, e]) => e.body || e.query).map(([n]) => n);
    for (const name of withInput) expect(invalid[name]?.length ?? 0, name).toBeGreaterThan(0);
  });

  for (const [name, cases] of Object.entries(invalid) as [EndpointName, [string, { body?: unknown; query?: string }, string][]][]) {
    for (const [what, req, field] of cases) {
      it(`${endpoints[name].method} ${endpoints[name].path}: ${what} → 400 naming ${field}`, async () => {
        const r = route(name);
        await expectNothingChanged(async () => {
          const error = await expectError(
            r.handler,
            { method: r.method, path: urlFor(r.apiPath, validParams(r), req.query), params: validParams(r), body: req.body, token: tokens.registry },
            400,
            'INVALID_INPUT',
          );
          expect(error.fields).toHaveProperty([field]);
        });
      });
    }
  }

  it('refuses a malformed Idempotency-Key before moving anything', async () => {
    await expectNothingChanged(async () => {
      const error = await expectError(
        route('cancellation').handler,
        { body: { ...asset, reason: 'retire for good' }, token: tokens.entity, headers: { 'idempotency-key': 'has spaces in it' } },
        400,
        'INVALID_INPUT',
      );
      expect(error.fields).toHaveProperty(['Idempotency-Key']);
    });
  });
});

describe('text PostgreSQL cannot hold, media type and size of a body', () => {
  /** The first top-level property of a route's body schema. */
  const firstBodyField = (r: (typeof routes)[number]) =>
    Object.keys((z.toJSONSchema(r.spec.body!, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> }).properties ?? {})[0]!;

  for (const [what, bad] of [['a NUL character', 'a\u0000b'], ['a lone surrogate', '\ud800']] as const) {
    it(`answers 400 FIELD_CONTROL_CHARACTER naming the field for ${what} in a body, a query or a path, on every route`, async () => {
      for (const r of routes) {
        const params = validParams(r);
        await expectNothingChanged(async () => {
          if (bad.includes('\u0000')) {
            // A query can carry a NUL (%00); a lone surrogate cannot be percent-encoded in UTF-8.
            const query = `x=${encodeURIComponent(bad)}`;
            const inQuery = await expectError(r.handler, { method: r.method, path: urlFor(r.apiPath, params, query), params, body: r.spec.body ? {} : undefined, token: tokens.registry }, 400, 'INVALID_INPUT');
            expect(inQuery.fields, `${r.method} ${r.apiPath} query`).toHaveProperty(['query.x']);
          }
          if (params) {
            const name = Object.keys(params)[0]!;
            const badParams = { ...params, [name]: bad };
            const inPath = await expectError(r.handler, { method: r.method, path: urlFor(r.apiPath, params), params: badParams, body: r.spec.body ? {} : undefined, token: tokens.registry }, 400, 'INVALID_INPUT');
            expect(inPath.fields, `${r.method} ${r.apiPath} path`).toHaveProperty([`path.${name}`]);
          }
          if (r.spec.body) {
            const field = firstBodyField(r);
            const inBody = await expectError(r.handler, { method: r.method, path: urlFor(r.apiPath, params), params, body: { [field]: bad }, token: tokens.registry }, 400, 'INVALID_INPUT');
            expect(inBody.fields, `${r.method} ${r.apiPath} body`).toHaveProperty([field]);
          }
        });
      }
    });
  }

  it('answers a NUL in a query value as 400 naming the parameter (GET /api/v1/audit?action=%00)', async () => {
    const r = route('audit');
    const res = await call(r.handler, { path: '/api/v1/audit?action=%00', token: tokens.registry });
    expect([res.status, res.body.error.code, Object.keys(res.body.error.fields)]).toEqual([400, 'INVALID_INPUT', ['query.action']]);
    const zh = await call(r.handler, { path: '/api/v1/audit?action=%00', token: tokens.registry, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.body.error.fields['query.action']).toMatch(/NUL/);
  });

  it('answers 415 to a body not sent as application/json, and 413 to one above the limit, on every route with a body', async () => {
    for (const r of routes.filter((x) => x.spec.body)) {
      const params = validParams(r);
      const base = { method: r.method, path: urlFor(r.apiPath, params), params, token: tokens.registry };
      await expectNothingChanged(async () => {
        await expectError(r.handler, { ...base, rawBody: '{}', headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
        await expectError(r.handler, { ...base, rawBody: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UNSUPPORTED_MEDIA_TYPE');
        await expectError(r.handler, { ...base, rawBody: JSON.stringify({ reason: 'x'.repeat(MAX_BODY_BYTES) }) }, 413, 'BODY_TOO_LARGE');
      });
    }
  });

  it('accepts application/json with a charset', async () => {
    const r = route('token');
    const res = await call(r.handler, { rawBody: JSON.stringify({ email: 'nobody@example.cn', password: 'x' }), headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(401);
  });
});

describe('identical creations racing', () => {
  it('answers 201 to one of ten parallel identical holiday creations and 409 to the others, never 500, leaving one row', async () => {
    const r = route('holidayAdd');
    const date = '2099-07-01';
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(r.handler, { method: 'POST', path: '/api/v1/admin/holidays', body: { date, name: 'Race Day' }, token: tokens.exchange })),
    );
    const statuses = results.map((x) => x.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
    expect(await db().tradingHoliday.count({ where: { date: new Date(`${date}T00:00:00Z`) } })).toBe(1);
  });

  const races: [EndpointName, () => unknown][] = [
    ['instrumentCreate', () => ({ instrument: 'CCER', vintage: 2031, referencePrice: '40.00' })],
    ['accountApplication', () => ({ name: 'Race Steel', nameZh: '竞速钢铁', creditCode: makeCreditCode('91440300MA5F0RACE'), kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD' })],
  ];
  for (const [name, body] of races) {
    it(`answers ten parallel identical ${endpoints[name].method} ${endpoints[name].path} with one success and 409 for the rest, never 500`, async () => {
      const r = route(name);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => call(r.handler, { method: r.method, path: r.apiPath, body: body(), token: r.name === 'instrumentCreate' ? tokens.exchange : tokens.registry })),
      );
      const statuses = results.map((x) => x.status);
      expect(statuses.filter((s) => s === (r.spec.status ?? 200)), statuses.join(',')).toHaveLength(1);
      expect(statuses.every((s) => s === (r.spec.status ?? 200) || s === 409), statuses.join(',')).toBe(true);
    });
  }

  it('maps a unique violation to 409 ALREADY_EXISTS wherever it surfaces', () => {
    expect(dbProblem({ code: 'P2002', meta: { target: ['date'] } })?.code).toBe('ALREADY_EXISTS');
    expect(dbProblem({ name: 'DriverAdapterError', cause: { kind: 'UniqueConstraintViolation', originalCode: '23505' } })?.status).toBe(409);
    expect(dbProblem({ code: '22003' })?.code).toBe('OUT_OF_RANGE');
    expect(dbProblem(new Error('boom'))).toBeUndefined();
  });
});

describe('operator endpoints', () => {
  it('answer 403 to a compliance entity and change nothing', async () => {
    const asset = { instrument: 'CEA', vintage: 2024, quantity: 10 };
    const id = { id: String(gd.accountId) };
    const cases: [EndpointName, { body?: unknown; params?: Record<string, string>; query?: string }][] = [
      ['accountList', {}],
      ['accountApplication', { body: { name: 'New Steel', nameZh: '新钢铁', creditCode: makeCreditCode('91440300MA5F00002'), kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD' } }],
      ['accountStatus', { params: id, body: { action: 'restrict', reason: 'information outdated' } }],
      ['organisationUpdate', { params: { id: String(gd.organisationId) }, body: { name: 'Renamed', reason: 'merger' } }],
      ['issuance', { body: { ...asset, legalBasis: 'cap 2024' } }],
      ['distribution', { body: { provinceCode: 'GD', vintage: 2024, quantity: 10, legalBasis: 'cap 2024' } }],
      ['allocation', { body: { ...asset, accountId: gd.accountId, legalBasis: 'plan 2024' } }],
      ['allocation', { body: { ...asset, instrument: 'CCER', accountId: gd.accountId, legalBasis: 'project X', project: 'CCER-X-0001' } }],
      ['ccerProjectRegister', { body: { code: 'CCER-GD-0009', name: 'Wind farm', nameZh: '风电场', category: 'WIND' } }],
      ['auctionCreate', { body: { title: 'Lot', instrument: 'CEA', vintage: 2025, quantity: 1000, opensAt: '2026-11-23T10:00:00+08:00', closesAt: '2026-11-23T11:00:00+08:00' } }],
      ['freezeList', {}],
      ['freeze', { body: { ...asset, accountId: gd.accountId, authority: 'Court', orderReference: 'X-1', reason: 'court order' } }],
      ['freezeRelease', { params: { id: '1' }, body: { reason: 'order lifted' } }],
      ['pledgeList', {}],
      ['pledge', { body: { ...asset, accountId: gd.accountId, pledgee: 'Bank', securedAmount: '500.00', contractReference: 'C-1' } }],
      ['pledgeRelease', { params: { id: '1' }, body: { reason: 'loan repaid' } }],
      ['transferApprove', { params: { id: '1' }, body: { note: 'documents in order' } }],
      ['transferReject', { params: { id: '1' }, body: { note: 'documents missing' } }],
      ['verify', {}],
      ['cashDeposit', { body: { accountId: gd.accountId, amount: '100.00', reference: 'BANK-1' } }],
      ['audit', {}],
      ['regulatorOrganisations', {}],
      // exchange operation
      ['clock', { body: { action: 'open-session' } }],
      ['instrumentCreate', { body: { instrument: 'CEA', vintage: 2025, referencePrice: '60.00' } }],
      ['instrumentStatus', { params: { symbol: 'CEA-2024' }, body: { status: 'SUSPENDED', reason: 'risk warning' } }],
      ['referencePrice', { params: { symbol: 'CEA-2024' }, body: { referencePrice: '60.00' } }],
      ['holidayAdd', { body: { date: '2099-06-01', name: 'Dragon Boat Festival' } }],
      ['reportVerify', { params: { year: '2025', id: '1' }, body: { decision: 'CONFIRM' } }],
      ['yearClose', { params: { year: '2025' } }],
      ['fuelSwitch', { query: 'coalPrice=800&gasPrice=3.2' }],
      ['fuelPrices', {}],
      ['fuelPricesRecord', { body: { prices: [{ date: '2026-01-31', coalPrice: '820.00', gasPrice: '3.2' }] } }],
      ['supply', { params: { year: '2025' } }],
      ['primarySecondary', {}],
      ['complianceBehaviour', { params: { year: '2025' } }],
      ['offsets', { params: { year: '2025' } }],
      ['auctionRevenue', {}],
      ['earmarksSet', { params: { year: '2025' }, body: { earmarks: [{ use: 'LOW_CARBON_FUND', share: '0.5' }] } }],
      ['yearClosePreview', { params: { year: '2025' } }],
      ['holidayRemove', { params: { date: '2099-06-01' } }],
      ['participants', {}],
      ['participantSuspension', { params: id, body: { suspended: true, reason: 'abnormal trading' } }],
      ['alerts', {}],
      ['alertReview', { params: { id: '1' }, body: { note: 'looked at it' } }],
      ['largeHolders', {}],
      ['marketSettings', {}],
      ['marketSettingsUpdate', { body: { feeRate: '0.001', riskReserveShare: '0.5', entityPositionLimit: 1, investorPositionLimit: 1, largeHolderThreshold: 1, listAndCancelThreshold: 1 } }],
      ['marketSummary', {}],
      // identity
      ['userSessionsEnd', { params: { id: String(reg.registry.userId) } }],
    ];
    for (const [name, req] of cases) {
      const r = route(name);
      await expectNothingChanged(async () => {
        await expectError(r.handler, { method: r.method, path: urlFor(r.apiPath, req.params, req.query), params: req.params, body: req.body, token: tokens.entity }, 403, 'FORBIDDEN');
      });
    }
  });
});
