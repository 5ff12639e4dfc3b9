import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoints, type EndpointName, type EndpointSpec } from '@/server/http/openapi';
import { GET } from '@/app/api/v1/openapi.json/route';
import { call } from '../../support/http';
import { loadRoutes, routeFiles, type LoadedRoute } from './helpers';

/** The parts of OpenAPI 3.1 that the document uses, checked strictly enough to catch a malformed document. */
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  maximum?: number;
  $ref?: string;
  [k: string]: unknown;
}
const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    enum: z.array(z.unknown()).optional(),
    required: z.array(z.string()).optional(),
    properties: z.record(z.string(), jsonSchema).optional(),
    items: jsonSchema.optional(),
    maximum: z.number().optional(),
    $ref: z.string().startsWith('#/components/schemas/').optional(),
  }),
);
const media = z.strictObject({ 'application/json': z.strictObject({ schema: jsonSchema }) });
/** An answer: JSON; lists and reports that export add CSV (src/server/http/csv.ts); a PDF document is its own kind. */
const answerMedia = z
  .strictObject({
    'application/json': z.strictObject({ schema: jsonSchema }).optional(),
    'text/csv': z.strictObject({ schema: jsonSchema }).optional(),
    'application/pdf': z.strictObject({ schema: jsonSchema }).optional(),
  })
  .refine((c) => (c['application/json'] !== undefined) !== (c['application/pdf'] !== undefined), 'JSON or a PDF document')
  .refine((c) => c['text/csv'] === undefined || c['application/json'] !== undefined, 'CSV beside JSON');
const parameter = z.strictObject({
  name: z.string().min(1),
  in: z.enum(['query', 'path', 'header', 'cookie']),
  required: z.boolean(),
  description: z.string().optional(),
  schema: jsonSchema,
});
const operation = z.strictObject({
  operationId: z.string().min(1),
  summary: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).min(1),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z.array(parameter).optional(),
  requestBody: z.strictObject({ required: z.boolean(), content: media }).optional(),
  responses: z.record(z.string().regex(/^[1-5]\d\d$/), z.strictObject({ description: z.string().min(1), content: answerMedia })),
});
const openApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string().min(1), version: z.string().min(1) }),
  paths: z.record(z.string().regex(/^\/api\/v1\//), z.partialRecord(z.enum(['get', 'put', 'post', 'patch', 'delete']), operation)),
  components: z.looseObject({
    schemas: z.record(z.string(), jsonSchema),
    securitySchemes: z.record(z.string(), z.looseObject({ type: z.enum(['http', 'apiKey', 'oauth2', 'openIdConnect']) })),
  }),
});

let doc: z.infer<typeof openApiDocument>;
let routes: LoadedRoute[];

beforeAll(async () => {
  const res = await call(GET, { path: '/api/v1/openapi.json' });
  expect(res.status).toBe(200);
  doc = openApiDocument.parse(res.body);
  routes = await loadRoutes();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([m, op]) => ({ path: p, method: m.toUpperCase(), op })),
  );

/** Follows a path of keys through the document, failing the test with the path if one is missing. */
function at<T>(value: T | undefined, where: string): T {
  if (value === undefined) throw new Error(`missing in the OpenAPI document: ${where}`);
  return value;
}
const op = (p: string, method: 'get' | 'post' | 'patch') => at(at(doc.paths[p], p)[method], `${method} ${p}`);
const bodySchema = (p: string) => at(op(p, 'post').requestBody, `${p} requestBody`).content['application/json'].schema;
const props = (s: JsonSchema, where: string) => at(s.properties, `${where}.properties`);

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with the error schema and the bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const error = at(props(at(doc.components.schemas.Error, 'Error'), 'Error').error, 'Error.error');
    expect(error.required).toEqual(['code', 'message']);
    expect(props(error, 'Error.error').fields).toMatchObject({ type: 'object' });
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it('describes exactly the handlers exported by the route files under src/app/api/v1', () => {
    const fromFiles = routes.map((r) => `${r.method} ${r.apiPath}`).sort();
    const fromDoc = operations().map((o) => `${o.method} ${o.path}`).sort();
    expect(routeFiles().length).toBeGreaterThanOrEqual(25);
    expect(fromDoc).toEqual(fromFiles);
  });

  it('route files take their schemas from the registry entry of their own method and path', () => {
    for (const f of routeFiles()) {
      const source = readFileSync(path.join(process.cwd(), f.file), 'utf8');
      const exported = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\s*=\s*apiRoute\(\s*endpoints\.(\w+)\s*,/g)];
      const handlers = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)];
      expect(exported.length, `${f.file}: every handler is apiRoute(endpoints.x, ...)`).toBe(handlers.length);
      for (const [, method, name] of exported) {
        const e = at(endpoints[name as EndpointName] as EndpointSpec | undefined, `endpoints.${name} (${f.file})`);
        expect(`${e.method} ${e.path}`, f.file).toBe(`${method} ${f.apiPath}`);
      }
    }
  });

  it('documents each operation: id, security, parameters, body and responses', () => {
    const ids = new Set<string>();
    for (const { path: p, method, op: o } of operations()) {
      const where = `${method} ${p}`;
      expect(ids.has(o.operationId), `duplicate operationId ${o.operationId}`).toBe(false);
      ids.add(o.operationId);
      const e = at(endpoints[o.operationId as EndpointName] as EndpointSpec | undefined, `endpoints.${o.operationId}`);
      expect(`${e.method} ${e.path}`).toBe(where);

      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (o.parameters ?? []).filter((x) => x.in === 'path');
      expect(declared.map((x) => x.name).sort(), where).toEqual(pathParams.sort());
      expect(declared.every((x) => x.required)).toBe(true);

      expect(o.responses[String(e.status ?? 200)], where).toBeDefined();
      if (e.auth !== false) {
        expect(o.security, where).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
        expect(at(at(o.responses['401'], `${where} 401`).content['application/json'], `${where} 401 JSON`).schema).toEqual({ $ref: '#/components/schemas/Error' });
      } else {
        expect(o.security, where).toEqual([]);
      }
      if (e.body) {
        const schema = at(o.requestBody, `${where} requestBody`).content['application/json'].schema;
        expect(schema.type, where).toBe('object');
        expect(Object.keys(props(schema, where)).length, where).toBeGreaterThan(0);
        expect(o.responses['400'], where).toBeDefined();
      } else {
        expect(o.requestBody, where).toBeUndefined();
      }
      if (e.idempotent) {
        expect((o.parameters ?? []).some((x) => x.in === 'header' && x.name === 'Idempotency-Key'), where).toBe(true);
        expect(o.responses['422'], where).toBeDefined();
      }
      for (const status of e.errors ?? []) expect(o.responses[String(status)], `${where} ${status}`).toBeDefined();
    }
  });

  it('shows request fields as clients send them: integers for tonnes, strings for money, documented query parameters', () => {
    const cancel = bodySchema('/api/v1/cancellations');
    expect(cancel.required).toEqual(['instrument', 'vintage', 'quantity', 'reason']);
    expect(props(cancel, 'cancel').quantity).toMatchObject({ type: 'integer', minimum: 1 });
    expect(props(cancel, 'cancel').instrument?.enum).toEqual(['CEA', 'CCER']);
    const securedAmount = at(props(bodySchema('/api/v1/registry/pledges'), 'pledge').securedAmount, 'pledge.securedAmount');
    expect(securedAmount.type).toBe('string');
    expect(securedAmount.pattern).toBe('^\\d{1,12}(\\.\\d{1,2})?$');
    // Ids: integers within int4, whether sent in a body or (canonical decimal) in a path.
    expect(props(bodySchema('/api/v1/registry/pledges'), 'pledge').accountId).toMatchObject({ type: 'integer', minimum: 1, maximum: 2147483647 });

    const movements = at(op('/api/v1/accounts/{id}/movements', 'get').parameters, 'movements parameters');
    expect(movements.find((x) => x.name === 'id')).toMatchObject({ in: 'path', schema: { type: 'integer', minimum: 1, maximum: 2147483647 } });
    expect(movements.map((x) => x.name)).toEqual(['id', 'cursor', 'limit', 'type', 'instrument', 'vintage', 'from', 'to', 'format', 'lang']);
    expect(movements.find((x) => x.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 200 } });

    const holdings = at(at(op('/api/v1/accounts/{id}/holdings', 'get').responses['200'], 'holdings 200').content['application/json'], 'holdings 200 JSON').schema;
    const line = at(props(holdings, 'holdings').items?.items, 'holdings.items.items');
    expect(props(line, 'holding line').available).toMatchObject({ type: 'integer' });
  });
});
