import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeMerchant, makeProduct, setBalance } from '../helpers/factories.ts';
import { submittedCase } from '../helpers/payouts.ts';

// Item 5 of issue 18: the search boxes and CSV exports of the case lists, each in its caller's scope.

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let merchant: HttpClient;
let merchant2: HttpClient;
let agent: HttpClient;
type Opened = Awaited<ReturnType<typeof submittedCase>>;
let mine: Opened;
let mine2: Opened;
let theirs: Opened;
let otherShop: Opened;

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 1_000_000);
  await setBalance(api.ctx, ids.buyer2Id, 1_000_000);
  const merchant2Id = await makeMerchant(api.ctx, 'shop-two');
  const p1 = await makeProduct(api.ctx, {
    merchantId: ids.merchantId,
    priceFen: 4000,
    name: '星辰点卡 40 元',
  });
  // A product name a spreadsheet would run as a formula: the export must disarm it.
  const p2 = await makeProduct(api.ctx, {
    merchantId: ids.merchantId,
    priceFen: 1000,
    name: '=HYPERLINK("http://x")',
  });
  const p3 = await makeProduct(api.ctx, { merchantId: merchant2Id, priceFen: 2000, name: '二号店月卡' });
  await addKeys(api.ctx, p1, 3);
  await addKeys(api.ctx, p2, 1);
  await addKeys(api.ctx, p3, 1);
  buyer = api.client();
  await buyer.login('buyer');
  buyer2 = api.client();
  await buyer2.login('buyer2');
  merchant = api.client();
  await merchant.login('merchant');
  merchant2 = api.client();
  await merchant2.login('shop-two');
  agent = api.client();
  await agent.login('agent');
  mine = await submittedCase(buyer, p1, 'balance');
  mine2 = await submittedCase(buyer, p2, 'balance');
  theirs = await submittedCase(buyer2, p1, 'balance');
  otherShop = await submittedCase(buyer2, p3, 'balance');
});
afterAll(() => api.stop());

const nos = (res: { body: { items: { refundNo: string }[] } }) =>
  res.body.items.map((i) => i.refundNo).sort();
const q = encodeURIComponent;

describe('searching the buyer’s 我的退款', () => {
  it('finds their own case by refund number (any case, spaces) and by order number', async () => {
    expect(nos(await buyer.get(`/api/refunds?q=${mine.refundNo}`))).toEqual([mine.refundNo]);
    expect(nos(await buyer.get(`/api/refunds?q=${q(` ${mine.refundNo.toLowerCase()} `)}`))).toEqual([
      mine.refundNo,
    ]);
    expect(nos(await buyer.get(`/api/refunds?q=${mine2.orderNo}`))).toEqual([mine2.refundNo]);
  });
  it('finds nothing for another buyer’s refund or order number', async () => {
    expect((await buyer.get(`/api/refunds?q=${theirs.refundNo}`)).body.items).toEqual([]);
    expect((await buyer.get(`/api/refunds?q=${theirs.orderNo}`)).body.items).toEqual([]);
  });
  it('matches product names within their own cases only', async () => {
    expect(nos(await buyer.get(`/api/refunds?q=${q('星辰点卡')}`))).toEqual([mine.refundNo]);
    expect((await buyer.get(`/api/refunds?q=${q('二号店')}`)).body.items).toEqual([]);
    // LIKE wildcards are taken literally.
    expect((await buyer.get(`/api/refunds?q=${q('%')}`)).body.items).toEqual([]);
  });
  it('refuses a search that is too long or holds a NUL byte, with a code and a message', async () => {
    const long = await buyer.get(`/api/refunds?q=${'x'.repeat(65)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('REQUEST.VALIDATION');
    expect(long.body.error.message).toBe('请求参数有误');
    const nul = await buyer.get('/api/refunds?q=R1%00');
    expect(nul.status).toBe(400);
    expect(nul.body.error.code).toBe('REQUEST.VALIDATION');
    const en = await buyer.get('/api/refunds?q=R1%00', { 'accept-language': 'en' });
    expect(en.body.error.message).toBe('The request has invalid fields');
  });
});

describe('searching the merchant’s cases', () => {
  it('finds its own shop’s cases, never another shop’s', async () => {
    expect(nos(await merchant.get(`/api/merchant/refunds?q=${theirs.refundNo}`))).toEqual([theirs.refundNo]);
    expect(nos(await merchant.get(`/api/merchant/refunds?q=${mine.orderNo}`))).toEqual([mine.refundNo]);
    expect((await merchant.get(`/api/merchant/refunds?q=${otherShop.refundNo}`)).body.items).toEqual([]);
    expect(nos(await merchant2.get(`/api/merchant/refunds?q=${otherShop.refundNo}`))).toEqual([
      otherShop.refundNo,
    ]);
    expect((await merchant2.get(`/api/merchant/refunds?q=${mine.refundNo}`)).body.items).toEqual([]);
  });
});

describe('searching the review queue', () => {
  it('finds a case by refund number, order number, buyer id and username prefix', async () => {
    expect(nos(await agent.get(`/api/review/queue?q=${mine.refundNo}`))).toEqual([mine.refundNo]);
    expect(nos(await agent.get(`/api/review/queue?q=${otherShop.orderNo}`))).toEqual([otherShop.refundNo]);
    const byId = nos(await agent.get(`/api/review/queue?q=${q(`#${ids.buyer2Id}`)}`));
    expect(byId).toEqual([theirs.refundNo, otherShop.refundNo].sort());
    const byName = nos(await agent.get('/api/review/queue?q=buyer2'));
    expect(byName).toEqual([theirs.refundNo, otherShop.refundNo].sort());
    // A mistyped order number fails its check digit and finds nothing.
    const typo = `${mine.orderNo.slice(0, 13)}${(Number(mine.orderNo[13]) + 1) % 10}`;
    expect((await agent.get(`/api/review/queue?q=${typo}`)).body.items).toEqual([]);
  });
  it('is for staff only', async () => {
    expect((await buyer.get(`/api/review/queue?q=${mine.refundNo}`)).status).toBe(403);
    expect((await merchant.get('/api/review/queue?format=csv')).status).toBe(403);
    expect((await api.client().get('/api/review/queue?format=csv')).status).toBe(401);
  });
});

/** Reads a CSV download: checks the BOM and content type, returns the lines. */
async function csv(client: HttpClient, url: string): Promise<string[]> {
  const res = await fetch(client.baseUrl + url, { headers: client.headersFor('GET') });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(
    /^attachment; filename=".+\.csv"; filename\*=UTF-8''/,
  );
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter(Boolean);
}

describe('CSV exports', () => {
  it('exports the buyer’s own cases only, with Chinese headers, yuan amounts and formulas disarmed', async () => {
    const lines = await csv(buyer, '/api/refunds?format=csv');
    expect(lines[0]).toBe(
      '退款编号,订单号,商品,商品类型,退款类型,状态,申请金额（元）,批准金额（元）,手续费（元）,申请时间,审核时限',
    );
    const body = lines.slice(1).join('\n');
    expect(body).toContain(mine.refundNo);
    expect(body).toContain(mine2.refundNo);
    expect(body).not.toContain(theirs.refundNo);
    expect(body).not.toContain(otherShop.refundNo);
    const row = lines.find((l) => l.startsWith(mine.refundNo))!;
    expect(row).toContain(',星辰点卡 40 元,卡密,与描述不符,待审核,38.00,,2.00,');
    expect(row).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/);
    const formula = lines.find((l) => l.startsWith(mine2.refundNo))!;
    expect(formula).toContain(`,"'=HYPERLINK(""http://x"")",`);
  });
  it('exports as filtered: a search narrows the file', async () => {
    const lines = await csv(buyer, `/api/refunds?format=csv&q=${mine.orderNo}`);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith(mine.refundNo)).toBe(true);
  });
  it('exports the merchant’s own shop only', async () => {
    const body = (await csv(merchant, '/api/merchant/refunds?format=csv')).join('\n');
    expect(body).toContain(mine.refundNo);
    expect(body).toContain(theirs.refundNo);
    expect(body).not.toContain(otherShop.refundNo);
    const body2 = (await csv(merchant2, '/api/merchant/refunds?format=csv')).join('\n');
    expect(body2).toContain(otherShop.refundNo);
    expect(body2).not.toContain(mine.refundNo);
  });
  it('exports the review queue as filtered for staff', async () => {
    const lines = await csv(agent, `/api/review/queue?format=csv&q=${q('buyer2')}`);
    expect(lines[0]).toBe(
      '退款编号,订单号,商品,商品类型,退款类型,状态,金额（元）,审核时限,已超时,已升级,已催办,处理人',
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([theirs.refundNo, otherShop.refundNo].sort());
  });
  it('refuses the merchant list to a buyer', async () => {
    expect((await buyer.get('/api/merchant/refunds?format=csv')).status).toBe(403);
  });
});

describe('search uses indexes', () => {
  /** The plan of the list's own statement, captured as the route runs it, with sequential scans off. */
  async function planOf(client: HttpClient, url: string): Promise<string> {
    const pool = api.ctx.pool;
    const seen: { text: string; values?: unknown[] }[] = [];
    const original = pool.query.bind(pool);
    // biome-ignore lint/suspicious/noExplicitAny: a test spy on pg's overloaded query
    (pool as any).query = (q: any, v?: any) => {
      if (typeof q === 'object' && /from "refund_case"/i.test(q.text))
        seen.push({ text: q.text, values: q.values ?? v });
      return original(q, v);
    };
    try {
      expect((await client.get(url)).status).toBe(200);
    } finally {
      // biome-ignore lint/suspicious/noExplicitAny: restoring the spy
      (pool as any).query = original;
    }
    expect(seen).toHaveLength(1);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      // The test tables are tiny, where a scan is cheapest; this asks which index the query can use.
      await c.query('SET LOCAL enable_seqscan = off');
      const { rows } = await c.query(`EXPLAIN ${seen[0]!.text}`, seen[0]!.values);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  }
  it('reads a refund number, an order number and a buyer by index', async () => {
    const byRefund = await planOf(agent, `/api/review/queue?q=${mine.refundNo}`);
    expect(byRefund).toContain('refund_case_refund_no_unique');
    expect(byRefund).not.toMatch(/Seq Scan on refund_case/);
    const byOrder = await planOf(agent, `/api/review/queue?q=${mine.orderNo}`);
    expect(byOrder).toContain('shop_order_order_no_unique');
    expect(byOrder).not.toMatch(/Seq Scan on (refund_case|shop_order)/);
    const byName = await planOf(agent, '/api/review/queue?q=buyer2');
    expect(byName).toContain('app_user_username_prefix_idx');
    expect(byName).not.toMatch(/Seq Scan on (refund_case|app_user)/);
    const buyerList = await planOf(buyer, `/api/refunds?q=${mine.refundNo}`);
    // The buyer's own cases: by the refund number or by the buyer's index, both indexed.
    expect(buyerList).toMatch(/refund_case_(refund_no_unique|buyer_idx)/);
    expect(buyerList).not.toMatch(/Seq Scan/);
  });
});
