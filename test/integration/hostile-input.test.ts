import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_SHAPE_LIMITS } from '../../src/platform/http/input-guard.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { demoIds, makeProduct } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let admin: HttpClient;
let buyer: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  admin = api.client();
  await admin.login('admin');
  buyer = api.client();
  await buyer.login('buyer');
});
afterAll(() => api.stop());

type Answer = {
  status: number;
  body: { error?: { code: string; details?: { fields?: { field: string }[] } } };
};

function expectRefusedField(res: Answer, field: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error?.code).toBe('REQUEST.VALIDATION');
  expect(res.body.error?.details?.fields?.map((f) => f.field)).toEqual([field]);
}

/** The probes that once answered 500 INTERNAL, each now a clear 4xx naming what was wrong. */
describe('control characters in text', () => {
  it('refuses a NUL in the login username, an API-key name and a fee-dispute text, naming the field', async () => {
    expectRefusedField(
      await api.client().post('/api/auth/login', { username: 'bu\u0000yer', password: 'x' }),
      'body.username',
    );
    expectRefusedField(await admin.post('/api/api-keys', { name: 'ci\u0000key' }), 'body.name');
    expectRefusedField(
      await buyer.post('/api/refunds/R26010100000001/dispute-fee', { text: '手续费\u0000不合理' }),
      'body.text',
    );
    // Nothing was stored on the way.
    const keys = await api.ctx.pool.query("SELECT 1 FROM api_key WHERE name LIKE 'ci%'");
    expect(keys.rowCount).toBe(0);
  });

  it('refuses NUL in search queries, and other C0 controls, DEL and lone surrogates anywhere', async () => {
    expectRefusedField(await buyer.get('/api/orders?q=%00'), 'querystring.q');
    expectRefusedField(await buyer.get('/api/orders?q=abc%00def'), 'querystring.q');
    expectRefusedField(await buyer.get('/api/products?q=%00'), 'querystring.q');
    expectRefusedField(await buyer.get('/api/orders?q=%1b%5b2J'), 'querystring.q');
    expectRefusedField(await buyer.get('/api/orders/1234%0a5678'), 'params.orderNo');
    expectRefusedField(await admin.post('/api/api-keys', { name: 'bell\u0007' }), 'body.name');
    expectRefusedField(await admin.post('/api/api-keys', { name: 'del\u007f' }), 'body.name');
    // A JSON "\ud800" escape parses to a lone surrogate, which jsonb (the audit row) cannot hold.
    expectRefusedField(
      await admin.request('POST', '/api/api-keys', { body: '{"name":"half \\ud800 a pair"}' }),
      'body.name',
    );
    // A key cannot smuggle one either.
    const key = await admin.post('/api/admin/policy/simulate', { document: { 'a\u0000': 1 } });
    expectRefusedField(key, 'body.document');
  });

  it('lets tabs and line breaks through in body text, and ordinary search text', async () => {
    const res = await admin.post('/api/api-keys', { name: 'line one\n\tline two' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('line one\n\tline two');
    expect((await buyer.get('/api/orders?q=%E7%BD%91%E6%98%93')).status).toBe(200);
  });

  it('still tells a binary card-key file apart with its own error', async () => {
    const merchant = api.client();
    await merchant.login('merchant');
    const productId = await makeProduct(api.ctx, { merchantId: (await demoIds(api.ctx)).merchantId });
    const res = await merchant.post(`/api/merchant/products/${productId}/card-keys`, {
      text: 'PK\u0003\u0004\u0000\u0000binary',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CARD_KEYS.BAD_FILE');
  });
});

describe('the shape of JSON bodies', () => {
  it('refuses deep nesting and huge arrays before hashing them for idempotency', async () => {
    const depth = 100_000;
    const deep = `{"document":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const wide = JSON.stringify({ document: { rules: new Array(200_000).fill(0) } });
    for (const body of [deep, wide]) {
      const res = await admin.request('POST', '/api/admin/policy/simulate', {
        body,
        headers: { 'idempotency-key': `shape-${body.length}` },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('REQUEST.TOO_COMPLEX');
      expect(res.body.error.details).toEqual(BODY_SHAPE_LIMITS);
    }
    // Refused before the key was claimed: nothing to replay.
    const rows = await api.ctx.pool.query("SELECT 1 FROM idempotency_key WHERE key LIKE 'shape-%'");
    expect(rows.rowCount).toBe(0);
    // Just inside the depth limit is an ordinary validation answer.
    const inside = `{"document":${'['.repeat(BODY_SHAPE_LIMITS.maxDepth - 1)}${']'.repeat(BODY_SHAPE_LIMITS.maxDepth - 1)}}`;
    const ok = await admin.request('POST', '/api/admin/policy/simulate', { body: inside });
    expect(ok.status).toBe(400);
    expect(ok.body.error.code).toBe('POLICY.INVALID');
  });
});

describe('malformed multipart uploads', () => {
  const form = (boundary: string | null, body: string) =>
    buyer.request('POST', '/api/evidence', {
      body,
      headers: {
        'content-type':
          boundary === null ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`,
      },
    });
  const filePart = 'Content-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png';

  it('answers 400 REQUEST.MALFORMED_MULTIPART for a missing boundary, garbage or a body cut off mid-part', async () => {
    for (const res of [
      await form(null, 'abc'),
      await form('', 'abc'),
      await form('XX', 'no boundary line at all'),
      await form('XX', `--XX\r\n${filePart}\r\n\r\n\u0089PNG\r\n`),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('REQUEST.MALFORMED_MULTIPART');
    }
  });

  it('refuses control characters in a text field sent with the file', async () => {
    const body = `--XX\r\nContent-Disposition: form-data; name="note"\r\n\r\na\u0000b\r\n--XX\r\n${filePart}\r\n\r\nabc\r\n--XX--\r\n`;
    expectRefusedField(await form('XX', body), 'body.note');
  });
});

describe('times and cursors', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  // 0001-01-01 at +08:00 is year 0 in UTC, which PostgreSQL does not have.
  const yearZero = encodeURIComponent('0001-01-01T00:00:00+08:00');

  it('refuses a time PostgreSQL cannot hold in every filter and in the evidence recheck', async () => {
    expectRefusedField(await buyer.get(`/api/orders?from=${yearZero}`), 'querystring.from');
    expectRefusedField(await buyer.get(`/api/orders?to=${yearZero}`), 'querystring.to');
    expectRefusedField(await admin.get(`/api/admin/audit?from=${yearZero}`), 'querystring.from');
    expectRefusedField(await admin.get(`/api/admin/audit?format=csv&to=${yearZero}`), 'querystring.to');
    expectRefusedField(await admin.get(`/api/admin/complaints/stats?from=${yearZero}`), 'querystring.from');
    expectRefusedField(
      await admin.post('/api/admin/evidence/recheck', { since: '0001-01-01' }),
      'body.since',
    );
    // An ordinary window still reads.
    expect(
      (await buyer.get(`/api/orders?from=${encodeURIComponent('2026-01-01T00:00:00+08:00')}`)).status,
    ).toBe(200);
  });

  it('refuses forged cursors that name no real time', async () => {
    for (const t of ['9999-99-99 99:99:99', '0000-00-00 00:00:00', '..........', '2026-12-08 00:00:00+99'])
      expectRefusedField(await buyer.get(`/api/orders?cursor=${b64({ t, i: 1 })}`), 'query.cursor');
    for (const at of ['2026-02-30 00:00:00+00', '2026-99-99 99:99:99+00', '0000-01-01 00:00:00+00'])
      expectRefusedField(await admin.get(`/api/admin/audit?cursor=${b64({ at, id: 5 })}`), 'query.cursor');
  });

  it("refuses a pushed order's impossible times, a key listed twice and an extraction IP that is none", async () => {
    const ids = await demoIds(api.ctx);
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 1000 });
    const merchant = api.client();
    await merchant.login('merchant');
    const paidAt = new Date(Date.now() - 3_600_000).toISOString();
    const push = (extra: Record<string, unknown>) =>
      merchant.post('/api/orders', {
        externalRef: `EXT-TIME-${Math.random()}`,
        buyer: { externalId: 'time-1', displayName: '时间买家' },
        productId,
        quantity: 2,
        channel: 'balance',
        channelTradeNo: 'T-TIME',
        paidAt,
        ...extra,
      });
    expectRefusedField(await push({ paidAt: '2099-12-31T00:00:00Z' }), 'body.paidAt');
    expectRefusedField(await push({ paidAt: '0001-01-01T00:00:00+08:00' }), 'body.paidAt');
    expectRefusedField(
      await push({ delivery: { deliveredAt: new Date(Date.now() - 7_200_000).toISOString() } }),
      'body.delivery.deliveredAt',
    );
    expectRefusedField(
      await push({ delivery: { deliveredAt: paidAt, cardKeys: ['DUP-KEY-0001', 'DUP-KEY-0001'] } }),
      'body.delivery.cardKeys',
    );
    expectRefusedField(
      await push({
        delivery: { deliveredAt: paidAt, cardKeys: ['IP-KEY-0001'] },
        extractions: [{ keyIndex: 0, action: 'reveal', at: paidAt, ip: 'not-an-ip' }],
      }),
      'body.extractions.0.ip',
    );
    // Nothing was stored on the way.
    const { rowCount } = await api.ctx.pool.query(
      "SELECT 1 FROM shop_order WHERE external_ref LIKE 'EXT-TIME-%'",
    );
    expect(rowCount).toBe(0);
  });
});

describe('errors before there is a request', () => {
  /** Sends raw bytes and reads the answer until the server closes the connection. */
  async function raw(bytes: string): Promise<{ status: number; body: string }> {
    const { port, hostname } = new URL(api.baseUrl);
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.write(bytes);
    await new Promise((done) => socket.on('close', done));
    const text = Buffer.concat(chunks).toString('utf8');
    return { status: Number(text.slice(9, 12)), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
  }

  it('answers a URL too long, a bad chunked body and a control character in a header in our error shape', async () => {
    const long = await raw(`GET /api/orders?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(long.status).toBe(431);
    expect(JSON.parse(long.body).error).toEqual({
      code: 'REQUEST.HEADERS_TOO_LARGE',
      message: '请求头或网址过长 / The request headers or URL are too large',
    });
    const chunked = await raw(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    );
    expect(chunked.status).toBe(400);
    expect(JSON.parse(chunked.body).error.code).toBe('REQUEST.BAD');
    const header = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n');
    expect(header.status).toBe(400);
    expect(JSON.parse(header.body).error.message).toBe('请求无效 / Bad request');
  });
});
