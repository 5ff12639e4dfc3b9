import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { endpoints, type EndpointName, type EndpointSpec } from '@/server/http/openapi';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
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
/** Valid path params for any route: ids of existing rows (validation runs before the use case). */
const validParams = (r: LoadedRoute) => (r.apiPath.includes('{id}') ? { id: String(gd.accountId) } : undefined);

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

  it('names every missing required field of an empty body', async () => {
    for (const r of routes.filter((x) => x.spec.body)) {
      const required = ((z.toJSONSchema(r.spec.body!, { io: 'input', unrepresentable: 'any' }) as { required?: string[] }).required ?? []);
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

  it('answers 400 naming path.id for a non-numeric id, on every route with a path id', async () => {
    const withId = routes.filter((r) => r.spec.params);
    expect(withId.length).toBeGreaterThan(5);
    for (const id of ['abc', '-1', '0', '1.5']) {
      for (const r of withId) {
        await expectNothingChanged(async () => {
          const error = await expectError(
            r.handler,
            { method: r.method, path: urlFor(r.apiPath, { id }), params: { id }, body: r.spec.body ? {} : undefined, token: tokens.registry },
            400,
            'INVALID_INPUT',
          );
          expect(error.fields, `${r.method} ${r.apiPath} id=${id}`).toHaveProperty(['path.id']);
        });
      }
    }
  });

  const validCode = makeCreditCode('91440300MA5F00001');
  const badCheckDigit = validCode.slice(0, 17) + (validCode.endsWith('0') ? '1' : '0');
  const asset = { instrument: 'CEA', vintage: 2024, quantity: 10 };

  /** At least one hand-written bad request per endpoint that takes input: [what is wrong, request, field named]. */
  const invalid: Partial<Record<EndpointName, [string, { body?: unknown; query?: string }, string][]>> = {
    token: [
      ['email that is not one', { body: { email: 'not-an-email', password: 'x' } }, 'email'],
      ['otp of 5 digits', { body: { email: 'a@b.cn', password: 'x', otp: '12345' } }, 'otp'],
    ],
    holdings: [],
    cash: [],
    movements: [
      ['limit 0', { query: 'limit=0' }, 'query.limit'],
      ['limit 201', { query: 'limit=201' }, 'query.limit'],
      ['cursor not from a page', { query: 'cursor=abc' }, 'query.cursor'],
      ['unknown movement type', { query: 'type=GIFT' }, 'query.type'],
      ['impossible date', { query: 'from=2024-13-01' }, 'query.from'],
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
    issuance: [['legal basis too short', { body: { ...asset, legalBasis: 'x' } }, 'legalBasis']],
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
    cashDeposit: [
      ['negative amount', { body: { accountId: 1, amount: '-5.00', reference: 'BANK-1' } }, 'amount'],
      ['zero amount', { body: { accountId: 1, amount: '0.00', reference: 'BANK-1' } }, 'amount'],
    ],
    audit: [['limit above 200', { query: 'limit=1000' }, 'query.limit']],
    twoFactorConfirm: [['code of 5 digits', { body: { otp: '12345' } }, 'otp']],
    twoFactorDisable: [['code with letters', { body: { otp: '12a456' } }, 'otp']],
    freezeList: [['cursor not from a page', { query: 'cursor=abc' }, 'query.cursor']],
    pledgeList: [['limit below 1', { query: 'limit=0' }, 'query.limit']],
    regulatorOrganisations: [['province code too short', { query: 'province=X' }, 'query.province']],
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

describe('operator endpoints', () => {
  it('answer 403 to a compliance entity and change nothing', async () => {
    const asset = { instrument: 'CEA', vintage: 2024, quantity: 10 };
    const id = { id: String(gd.accountId) };
    const cases: [EndpointName, { body?: unknown; params?: Record<string, string> }][] = [
      ['accountList', {}],
      ['accountApplication', { body: { name: 'New Steel', nameZh: '新钢铁', creditCode: makeCreditCode('91440300MA5F00002'), kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD' } }],
      ['accountStatus', { params: id, body: { action: 'restrict', reason: 'information outdated' } }],
      ['organisationUpdate', { params: { id: String(gd.organisationId) }, body: { name: 'Renamed', reason: 'merger' } }],
      ['issuance', { body: { ...asset, legalBasis: 'cap 2024' } }],
      ['distribution', { body: { provinceCode: 'GD', vintage: 2024, quantity: 10, legalBasis: 'cap 2024' } }],
      ['allocation', { body: { ...asset, accountId: gd.accountId, legalBasis: 'plan 2024' } }],
      ['allocation', { body: { ...asset, instrument: 'CCER', accountId: gd.accountId, legalBasis: 'project X' } }],
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
    ];
    for (const [name, req] of cases) {
      const r = route(name);
      await expectNothingChanged(async () => {
        await expectError(r.handler, { method: r.method, path: urlFor(r.apiPath, req.params), params: req.params, body: req.body, token: tokens.entity }, 403, 'FORBIDDEN');
      });
    }
  });
});
