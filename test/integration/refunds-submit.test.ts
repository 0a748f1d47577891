import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  buyer = api.client();
  await buyer.login('buyer');
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);

async function deliveredKeyOrder(priceFen = 10_000): Promise<string> {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(api.ctx, productId, 1);
  const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
  await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'alipay' });
  return body.orderNo;
}

const describeFor = (orderNo: string) =>
  `订单号${orderNo}今天上午10点支付，卡密与商品页面描述不符，面值显示错误`;

describe('applying for a refund', () => {
  it('opens a case at once with the quoted amount reserved, a deadline and a timeline', async () => {
    const orderNo = await deliveredKeyOrder();
    const res = await buyer.post('/api/refunds', {
      orderNo,
      type: 'not_as_described',
      description: describeFor(orderNo),
    });
    expect(res.status).toBe(201);
    expect(res.body.refundNo).toMatch(/^R\d{14}$/);
    expect(res.body).toMatchObject({
      orderNo,
      state: 'submitted',
      amountFen: 9500,
      feeFen: 500,
      policyVersion: 1,
      missing: [],
    });
    expect(res.body.actions).toEqual(['withdraw', 'dispute_fee', 'add_evidence']);
    expect(res.body.timeline).toEqual([
      expect.objectContaining({
        kind: 'submit',
        toState: 'submitted',
        actorRole: 'buyer',
        textZh: '买家提交了退款申请，等待审核',
      }),
    ]);
    const mine = await buyer.get('/api/refunds');
    expect(mine.body.items.map((c: { refundNo: string }) => c.refundNo)).toContain(res.body.refundNo);
  });

  it('answers with exactly the case its page shows afterwards, files included (no re-read, no drift)', async () => {
    for (const withFile of [false, true]) {
      const orderNo = await deliveredKeyOrder();
      const evidenceIds: string[] = [];
      if (withFile) {
        const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
          .png()
          .toBuffer();
        const up = await buyer.upload('/api/evidence', { data: png, name: '截图.png', type: 'image/png' });
        expect(up.status, up.text).toBe(201);
        evidenceIds.push(up.body.evidenceId);
      }
      const res = await buyer.post('/api/refunds', {
        orderNo,
        type: 'not_as_described',
        description: describeFor(orderNo),
        evidenceIds,
      });
      expect(res.status, res.text).toBe(201);
      const { missing, ...answered } = res.body;
      expect(missing).toEqual([]);
      expect(answered.evidence).toHaveLength(withFile ? 1 : 0);
      const { body: page } = await buyer.get(`/api/refunds/${res.body.refundNo}`);
      expect(answered).toEqual(page);
    }
  });

  it('sends six statements to the database, its Idempotency-Key and session lookup included', async () => {
    // A first submission publishes the default policy on a fresh database; the next one is measured.
    const warm = await deliveredKeyOrder();
    await buyer.post('/api/refunds', {
      orderNo: warm,
      type: 'not_as_described',
      description: describeFor(warm),
    });
    const orderNo = await deliveredKeyOrder();
    const sent: string[] = [];
    type Query = (this: object, ...args: unknown[]) => unknown;
    const proto = pg.Client.prototype as unknown as { query: Query };
    const original = proto.query;
    proto.query = function (this: object, ...args: unknown[]) {
      const q = args[0];
      const text = typeof q === 'string' ? q : ((q as { text?: string } | null)?.text ?? '');
      if (!/pgboss/.test(text)) sent.push(text.replace(/\s+/g, ' ').trim().slice(0, 80));
      return original.apply(this, args);
    };
    let res: Awaited<ReturnType<typeof buyer.post>>;
    try {
      res = await buyer.post(
        '/api/refunds',
        { orderNo, type: 'not_as_described', description: describeFor(orderNo) },
        { headers: { 'idempotency-key': `statements-${orderNo}` } },
      );
    } finally {
      proto.query = original;
    }
    expect(res.status, res.text).toBe(201);
    // The session lookup, BEGIN, the claim with the order's lock, the reads, the writes, COMMIT.
    expect(sent.length, sent.join('\n')).toBe(6);
    // The answer is stored with the case, in its transaction: a replay needs no statement but its read.
    const [{ state, response_status }] = (
      await q('SELECT state, response_status FROM idempotency_key WHERE key = $1', [`statements-${orderNo}`])
    ).rows;
    expect([state, response_status]).toEqual(['done', 201]);
  });

  it('keeps submitting after a migration adds a column to orders while the process runs (prepared statements)', async () => {
    // More submissions than the pool has connections, so each holds the prepared statements (a
    // generic plan after five runs); then a column appears, as a rolling deploy's migration would add it.
    const submitTwelve = () =>
      Promise.all(
        Array.from({ length: 12 }, async () => {
          const orderNo = await deliveredKeyOrder();
          const res = await buyer.post('/api/refunds', {
            orderNo,
            type: 'not_as_described',
            description: describeFor(orderNo),
          });
          return res.status;
        }),
      );
    expect(await submitTwelve()).toEqual(Array(12).fill(201));
    await q(`ALTER TABLE shop_order ADD COLUMN bench_note text`);
    try {
      expect(await submitTwelve()).toEqual(Array(12).fill(201));
    } finally {
      await q(`ALTER TABLE shop_order DROP COLUMN bench_note`);
    }
  });

  it('yields one case for a double submit: the same Idempotency-Key replays, a second tab gets 409', async () => {
    const orderNo = await deliveredKeyOrder();
    const body = { orderNo, type: 'not_as_described', description: describeFor(orderNo) };
    const headers = { 'idempotency-key': `submit-${orderNo}` };
    const replays = await Promise.all(
      Array.from({ length: 10 }, () => buyer.post('/api/refunds', body, { headers })),
    );
    expect(new Set(replays.map((r) => r.body.refundNo)).size).toBe(1);
    const tabs = await Promise.all(Array.from({ length: 10 }, () => buyer.post('/api/refunds', body)));
    expect(tabs.every((r) => r.status === 409 && r.body.error.code === 'REFUND.CASE_OPEN')).toBe(true);
    const n = await q(
      'SELECT count(*)::int AS n FROM refund_case c JOIN shop_order o ON o.id = c.order_id WHERE o.order_no = $1',
      [orderNo],
    );
    expect(n.rows[0].n).toBe(1);
  });

  it('lets exactly one of 50 concurrent duplicate submits (no key: double clicks, tabs) open a case', async () => {
    const orderNo = await deliveredKeyOrder();
    const body = { orderNo, type: 'not_as_described', description: describeFor(orderNo) };
    const results = await Promise.all(Array.from({ length: 50 }, () => buyer.post('/api/refunds', body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'REFUND.CASE_OPEN')).toHaveLength(
      49,
    );
    const n = await q(
      'SELECT count(*)::int AS n FROM refund_case c JOIN shop_order o ON o.id = c.order_id WHERE o.order_no = $1',
      [orderNo],
    );
    expect(n.rows[0].n).toBe(1);
  });

  it('gives 50 concurrent submits with one Idempotency-Key one case and the same answer', async () => {
    const orderNo = await deliveredKeyOrder();
    const body = { orderNo, type: 'not_as_described', description: describeFor(orderNo) };
    const headers = { 'idempotency-key': `fifty-${orderNo}` };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => buyer.post('/api/refunds', body, { headers })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.refundNo)).size).toBe(1);
  });

  it('refuses vague descriptions, ineligible requests and other buyers’ orders, creating nothing', async () => {
    const orderNo = await deliveredKeyOrder();
    const vague = await buyer.post('/api/refunds', {
      orderNo,
      type: 'not_as_described',
      description: '商品不行',
    });
    expect(vague.status).toBe(400);
    expect(vague.body.error.code).toBe('REFUND.DESCRIPTION_VAGUE');
    const sevenDays = await buyer.post('/api/refunds', {
      orderNo,
      type: 'no_reason_7d',
      description: describeFor(orderNo),
    });
    expect(sevenDays.status).toBe(409);
    expect(sevenDays.body.error).toMatchObject({ code: 'REFUND.NOT_ELIGIBLE', details: { ruleId: 'V-7D' } });
    const other = api.client();
    await other.login('buyer2');
    expect(
      (
        await other.post('/api/refunds', {
          orderNo,
          type: 'not_as_described',
          description: describeFor(orderNo),
        })
      ).status,
    ).toBe(404);
    const n = await q(
      'SELECT count(*)::int AS n FROM refund_case c JOIN shop_order o ON o.id = c.order_id WHERE o.order_no = $1',
      [orderNo],
    );
    expect(n.rows[0].n).toBe(0);
  });

  it('lets the buyer withdraw before approval, then apply again; another buyer sees 404', async () => {
    const orderNo = await deliveredKeyOrder();
    const first = (
      await buyer.post('/api/refunds', {
        orderNo,
        type: 'not_as_described',
        description: describeFor(orderNo),
      })
    ).body;
    const other = api.client();
    await other.login('buyer2');
    expect((await other.get(`/api/refunds/${first.refundNo}`)).status).toBe(404);
    expect((await other.post(`/api/refunds/${first.refundNo}/withdraw`, {})).status).toBe(404);
    const withdrawn = await buyer.post(`/api/refunds/${first.refundNo}/withdraw`, {
      reason: '已与商家协商解决',
    });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', actions: [] });
    expect(withdrawn.body.timeline.at(-1).textZh).toBe('买家撤销了退款申请，原因：已与商家协商解决');
    const again = await buyer.post(`/api/refunds/${first.refundNo}/withdraw`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REFUND.ILLEGAL_TRANSITION');
    const second = await buyer.post('/api/refunds', {
      orderNo,
      type: 'not_as_described',
      description: describeFor(orderNo),
    });
    expect(second.status).toBe(201);
    expect(second.body.refundNo).not.toBe(first.refundNo);
  });

  it('keeps the timeline append-only in the database', async () => {
    await expect(q("UPDATE refund_case_event SET reason = 'x'")).rejects.toThrow(/append-only/);
  });
});

describe('listing cases', () => {
  it('filters by one state or several, and refuses an unknown one', async () => {
    const all = (await buyer.get('/api/refunds?limit=100')).body.items as { state: string }[];
    const open = (await buyer.get('/api/refunds?status=submitted,approved&limit=100')).body.items as {
      state: string;
    }[];
    expect(open.length).toBe(all.filter((c) => c.state === 'submitted' || c.state === 'approved').length);
    expect(open.every((c) => ['submitted', 'approved'].includes(c.state))).toBe(true);
    expect((await buyer.get('/api/refunds?status=submitted,nonsense')).status).toBe(400);
  });
});
