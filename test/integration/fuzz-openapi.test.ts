import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/platform/errors.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { actorsByName, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

/**
 * Every operation of the OpenAPI document, fed arbitrary JSON values and strings (in the path, the query
 * and the body, shaped like the schema or not) by every kind of caller: the answer is never a 5xx, an
 * error always has our shape with a known code, and the server keeps answering. FUZZ_RUNS and FUZZ_SEED
 * reproduce a failure (fast-check prints the seed and the shrunk request).
 */

type Schema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; schema?: Schema };
type Operation = {
  method: string;
  path: string;
  params: Parameter[];
  body: Schema | null;
  multipart: boolean;
};

// Answered in the gateways' own protocols (Alipay: "fail"; WeChat Pay: {code, message}), not ours.
const GATEWAY_NOTIFY = new Set(['/api/payments/notify/alipay', '/api/payments/notify/wechatpay']);
// Ends the caller's session, leaving the rest of the run unauthenticated.
const SKIPPED = new Set(['POST /api/auth/logout']);
const ROLES = ['anonymous', 'buyer', 'merchant', 'supervisor', 'admin'] as const;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);

let api: Awaited<ReturnType<typeof startTestApi>>;
let operations: Operation[];
const clients = new Map<(typeof ROLES)[number], HttpClient>();

// Real records, so that generated requests also reach the handlers behind the "not found" checks.
const known: Record<string, string[]> = {};

beforeAll(async () => {
  api = await startTestApi();
  const ids = await demoIds(api.ctx);
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 500 });
  await addKeys(api.ctx, productId, 5);
  await setBalance(api.ctx, ids.buyerId, 100_000);
  const buyer = (await actorsByName(api.ctx, ['buyer'])).get('buyer')!;
  const opened = await openCase(api.ctx, buyer, productId, 'balance');
  const keys = await api.ctx.pool.query('SELECT id FROM card_key WHERE order_id IS NOT NULL');
  known.orderNo = [opened.orderNo];
  known.refundNo = [opened.refundNo];
  known.productId = [String(productId)];
  known.merchantId = [String(ids.merchantId)];
  known.keyId = keys.rows.map((r) => String(r.id));
  known.id = ['1', '2'];
  for (const role of ROLES) {
    const client = api.client();
    if (role !== 'anonymous') await client.login(role);
    clients.set(role, client);
  }
  const doc = (await api.client().get('/openapi.json')).body as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
      >
    >;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema ?? null,
      multipart: Boolean(op.requestBody?.content['multipart/form-data']),
    })),
  );
  operations = operations.filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
});
afterAll(() => api.stop());

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u001b[2J',
    '\r\n',
    '\ud800',
    'x\udfff',
    "'; DROP TABLE app_user; --",
    '../../../etc/passwd',
    '%00',
    '%',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    '9'.repeat(400),
    '-1',
    '1e309',
    'NaN',
    '１２３',
    'R26010100000001',
    '26010100000018',
  ),
);
// Text as a careless or hostile client sends it: mostly ordinary, with control characters, DEL, lone
// surrogates and odd separators mixed in.
const dirtyChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'ab1 卡密-_.'.split('')) },
  { weight: 1, arbitrary: fc.constant('\u0000') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('\u007f', '\ud800', '\udc00', '\u2028', '\ufeff', '😀', '\u202e') },
);
const hostileValue = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 3 }));

/** Mostly values of the schema's shape (to get past validation into the handlers), sometimes anything. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileValue;
  let shaped: fc.Arbitrary<unknown> | null = null;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) shaped = fc.oneof(...alternatives.map((s) => valueFor(s, depth + 1)));
  else if (schema.enum) shaped = fc.constantFrom(...schema.enum);
  else if (schema.type === 'string') {
    const length = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) };
    shaped = fc.oneof(
      { weight: 3, arbitrary: fc.string(length) },
      { weight: 2, arbitrary: fc.string({ ...length, unit: dirtyChar }) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,14}$/) },
    );
  } else if (schema.type === 'integer')
    shaped = fc.oneof(
      fc.integer({
        min: Math.max(schema.minimum ?? -1e6, -1e12),
        max: Math.min(schema.maximum ?? 1e9, 1e12),
      }),
      fc.constantFrom(0, -1, 1, 2 ** 53, 1e300),
    );
  else if (schema.type === 'number') shaped = fc.double();
  else if (schema.type === 'boolean') shaped = fc.boolean();
  else if (schema.type === 'array') shaped = fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 });
  else if (schema.type === 'object' && schema.properties)
    shaped = fc.record(
      Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, valueFor(s, depth + 1)])),
      { requiredKeys: [] },
    );
  return shaped
    ? fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue })
    : hostileValue;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
// Every byte percent-encoded (encodeURIComponent throws on a lone surrogate; UTF-8 replaces it).
const encodeSegment = (s: string) =>
  [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

type Request = {
  role: (typeof ROLES)[number];
  url: string;
  body: string | undefined;
  contentType: string;
  idempotencyKey: string | null;
};

function requestFor(op: Operation): fc.Arbitrary<Request> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  return fc
    .record({
      role: fc.constantFrom(...ROLES),
      path: fc.tuple(
        ...pathParams.map((p) =>
          fc.oneof(
            { weight: 2, arbitrary: fc.constantFrom(...(known[p.name] ?? ['1'])) },
            { weight: 1, arbitrary: valueFor(p.schema) },
            { weight: 1, arbitrary: hostileString },
          ),
        ),
      ),
      query: fc.tuple(
        ...queryParams.map((p) =>
          fc.option(fc.oneof(valueFor(p.schema), fc.array(hostileString, { minLength: 2, maxLength: 3 }))),
        ),
      ),
      body: op.body ? valueFor(op.body) : fc.option(hostileValue),
      rawBody: fc.option(hostileString, { freq: 8 }),
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'text/plain',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
      ),
      idempotencyKey: fc.option(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }), {
        freq: 3,
      }),
    })
    .map(({ role, path, query, body, rawBody, contentType, idempotencyKey }) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeSegment(asText(path[i])));
      });
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const v = query[i];
        if (v === null || v === undefined) return;
        for (const item of Array.isArray(v) ? v : [v]) search.append(p.name, asText(item));
      });
      const qs = search.toString();
      return {
        role,
        url: qs ? `${url}?${qs}` : url,
        body: op.method === 'GET' ? undefined : (rawBody ?? JSON.stringify(body ?? null)),
        contentType: op.multipart
          ? contentType
          : contentType.startsWith('multipart')
            ? 'application/json'
            : contentType,
        // Header values must be visible ASCII.
        idempotencyKey: idempotencyKey?.replace(/[^\x21-\x7e]/g, '') || null,
      };
    });
}

async function send(op: Operation, r: Request) {
  const client = clients.get(r.role)!;
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (r.body !== undefined) headers['content-type'] = r.contentType;
  if (r.idempotencyKey) headers['idempotency-key'] = r.idempotencyKey;
  return client.request(op.method, r.url, { body: r.body, headers });
}

const KNOWN_CODES = new Set(Object.keys(ERROR_CATALOGUE));

function checkAnswer(op: Operation, r: Request, res: Awaited<ReturnType<typeof send>>): void {
  const what = `${op.method} ${r.url} as ${r.role}: ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  if (res.status < 400 || GATEWAY_NOTIFY.has(op.path)) return;
  expect(KNOWN_CODES.has(res.body?.error?.code), what).toBe(true);
  expect(res.body.error.message, what).toEqual(expect.any(String));
}

describe('every OpenAPI operation under arbitrary input', () => {
  it('answers each operation, for every caller, with NUL-laced and out-of-range input without a 5xx', async () => {
    const nul = (s: Schema | undefined): unknown =>
      s?.type === 'object'
        ? Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, nul(v)]))
        : s?.type === 'array'
          ? [nul(s.items)]
          : s?.type === 'integer' || s?.type === 'number'
            ? -1
            : 'x\u0000y';
    for (const op of operations) {
      for (const role of ROLES) {
        let url = op.path.replace(/\{[^}]+\}/g, '%00');
        const query = op.params.filter((p) => p.in === 'query').map((p) => `${p.name}=%00`);
        if (query.length) url += `?${query.join('&')}`;
        const r: Request = {
          role,
          url,
          body: op.method === 'GET' ? undefined : JSON.stringify(nul(op.body ?? undefined)),
          contentType: 'application/json',
          idempotencyKey: null,
        };
        checkAnswer(op, r, await send(op, r));
      }
    }
  });

  it('never answers 5xx to generated requests, always in our error shape, and keeps answering', {
    timeout: 180_000,
  }, async () => {
    const started = Date.now();
    const arbitrary = fc
      .integer({ min: 0, max: operations.length - 1 })
      .chain((i) => requestFor(operations[i]!).map((r) => ({ op: operations[i]!, r })));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ op, r }) => {
        checkAnswer(op, r, await send(op, r));
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    console.log(`fuzz: ${RUNS} requests over ${operations.length} operations in ${Date.now() - started} ms`);
    // Still up, still sane.
    expect((await api.client().get('/healthz')).status).toBe(200);
    expect((await api.client().get('/readyz')).status).toBe(200);
    expect((await clients.get('buyer')!.get('/api/me')).body.user.username).toBe('buyer');
  });
});
