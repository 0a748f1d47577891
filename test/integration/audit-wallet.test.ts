import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { submittedCase } from '../helpers/payouts.ts';

// Items 6 and 7 of issue 18: the admin audit log and the buyer's wallet.

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;
let merchant: HttpClient;
let refunded: Awaited<ReturnType<typeof submittedCase>>;

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 100_000);
  await setBalance(api.ctx, ids.buyer2Id, 7_700);
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 4_000 });
  await addKeys(api.ctx, productId, 3);
  buyer = api.client();
  await buyer.login('buyer');
  buyer2 = api.client();
  await buyer2.login('buyer2');
  supervisor = api.client();
  await supervisor.login('supervisor');
  admin = api.client();
  await admin.login('admin');
  merchant = api.client();
  await merchant.login('merchant');
  // Paid from the balance, refunded to it: a payment and a refund on the buyer's balance account.
  refunded = await submittedCase(buyer, productId, 'balance');
  const approved = await supervisor.post(`/api/review/${refunded.refundNo}/approve`, {
    expectedVersion: refunded.version,
  });
  expect(approved.body.state).toBe('refunding');
  const { rows } = await api.ctx.pool.query(
    'SELECT a.id FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
    [refunded.refundNo],
  );
  await runPayout({
    db: api.ctx.db,
    jobs: api.ctx.jobs,
    gateways: api.ctx.gateways,
    attemptId: Number(rows[0].id),
    now: () => new Date(),
  });
  expect((await buyer.get(`/api/refunds/${refunded.refundNo}`)).body.state).toBe('refunded');
});
afterAll(() => api.stop());

describe('the audit log', () => {
  it('shows who did what to which case, when and from which IP', async () => {
    const res = await admin.get(`/api/admin/audit?targetType=refund&targetId=${refunded.refundNo}`);
    expect(res.status).toBe(200);
    const actions = res.body.items.map((i: { action: string }) => i.action);
    expect(actions).toContain('refund.approve');
    const approve = res.body.items.find((i: { action: string }) => i.action === 'refund.approve');
    expect(approve).toMatchObject({
      actorUsername: 'supervisor',
      actorRole: 'supervisor',
      targetType: 'refund',
      targetId: refunded.refundNo,
      ip: '127.0.0.1',
    });
    expect(Date.parse(approve.at)).toBeGreaterThan(Date.now() - 600_000);
    for (const i of res.body.items) expect(i.targetId).toBe(refunded.refundNo);
  });
  it('filters by actor (username or id), action, action family and time', async () => {
    const byName = await admin.get('/api/admin/audit?actor=supervisor');
    expect(byName.body.items.length).toBeGreaterThan(0);
    for (const i of byName.body.items) expect(i.actorUsername).toBe('supervisor');
    const supervisorId = byName.body.items[0].actorId;
    const byId = await admin.get(`/api/admin/audit?actor=${supervisorId}`);
    expect(byId.body.items.map((i: { id: number }) => i.id)).toEqual(
      byName.body.items.map((i: { id: number }) => i.id),
    );
    const logins = await admin.get('/api/admin/audit?action=auth.login');
    expect(logins.body.items.length).toBeGreaterThanOrEqual(5);
    for (const i of logins.body.items) expect(i.action).toBe('auth.login');
    const family = await admin.get('/api/admin/audit?action=refund.');
    expect(family.body.items.length).toBeGreaterThan(0);
    for (const i of family.body.items) expect(i.action.startsWith('refund.')).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin.get(`/api/admin/audit?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      (await admin.get(`/api/admin/audit?to=${encodeURIComponent(past)}&action=auth.login`)).body.items,
    ).toEqual([]);
    expect((await admin.get('/api/admin/audit?actor=nobody-at-all')).body.items).toEqual([]);
  });
  it('pages newest first with a keyset cursor: no row twice, none missed', async () => {
    const all = await admin.get('/api/admin/audit?limit=200');
    const total = all.body.items.length;
    expect(total).toBeGreaterThan(6);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await admin.get(
        `/api/admin/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 1000);
    expect(seen).toEqual(all.body.items.map((i: { id: number }) => i.id));
    expect(new Set(seen).size).toBe(seen.length);
    const ats = all.body.items.map((i: { at: string }) => i.at);
    expect([...ats].sort().reverse()).toEqual(ats);
  });
  it('exports the filtered log as CSV', async () => {
    const res = await fetch(`${admin.baseUrl}/api/admin/audit?format=csv&actor=supervisor`, {
      headers: admin.headersFor('GET'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('时间,操作人ID,操作人,角色,操作,对象类型,对象编号,IP,详情');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1))
      expect(l).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+,supervisor,supervisor,/);
  });
  it('refuses bad filters with 400', async () => {
    expect((await admin.get('/api/admin/audit?cursor=not-a-cursor')).status).toBe(400);
    // A cursor that JavaScript reads as a date but PostgreSQL would not: 400, not 500.
    const odd = Buffer.from(JSON.stringify({ at: 'Tue Mar 01 2022', id: 5 })).toString('base64url');
    expect((await admin.get(`/api/admin/audit?cursor=${odd}`)).status).toBe(400);
    expect((await admin.get('/api/admin/audit?targetId=R1')).body.error.code).toBe('REQUEST.VALIDATION');
    expect((await admin.get('/api/admin/audit?from=yesterday')).status).toBe(400);
    expect((await admin.get(`/api/admin/audit?action=${'a'.repeat(65)}`)).status).toBe(400);
    expect((await admin.get('/api/admin/audit?actor=a%00b')).status).toBe(400);
  });
  it('lists the recorded actions for the filter', async () => {
    const res = await admin.get('/api/admin/audit/actions');
    expect(res.body.items).toContain('refund.approve');
    expect(res.body.items).toEqual([...res.body.items].sort());
  });
  it('is for admins only', async () => {
    for (const c of [buyer, merchant, supervisor]) {
      expect((await c.get('/api/admin/audit')).status).toBe(403);
      expect((await c.get('/api/admin/audit?format=csv')).status).toBe(403);
      expect((await c.get('/api/admin/audit/actions')).status).toBe(403);
    }
    expect((await api.client().get('/api/admin/audit')).status).toBe(401);
  });
});

describe('the wallet', () => {
  it('shows the balance and its movements, which add up to it, with Chinese memos', async () => {
    const res = await buyer.get('/api/me/wallet?limit=100');
    expect(res.status).toBe(200);
    const { balanceFen, items } = res.body;
    // 1,000.00 set, 40.00 paid, 38.00 refunded (a 5% fee kept).
    expect(balanceFen).toBe(100_000 - 4_000 + 3_800);
    expect(items.reduce((s: number, i: { amountFen: number }) => s + i.amountFen, 0)).toBe(balanceFen);
    expect(items[0].balanceAfterFen).toBe(balanceFen);
    for (let k = 1; k < items.length; k++)
      expect(items[k].balanceAfterFen).toBe(items[k - 1].balanceAfterFen - items[k - 1].amountFen);
    expect(items[0]).toMatchObject({
      kind: 'refund',
      amountFen: 3_800,
      refundNo: refunded.refundNo,
      orderNo: refunded.orderNo,
      memoZh: `退款至余额 ¥38.00 — 订单 ${refunded.orderNo}`,
    });
    expect(items[1]).toMatchObject({
      kind: 'payment',
      amountFen: -4_000,
      memoZh: `余额支付 ¥40.00 — 订单 ${refunded.orderNo}`,
    });
    expect(res.body.withdrawal.allowed).toBe(false);
    expect(res.body.withdrawal.reasonZh).toContain('余额不支持提现');
  });
  it('pages with balances that still add up', async () => {
    const first = await buyer.get('/api/me/wallet?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await buyer.get(`/api/me/wallet?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].balanceAfterFen).toBe(first.body.balanceFen - first.body.items[0].amountFen);
    expect((await buyer.get('/api/me/wallet?cursor=abc')).status).toBe(400);
  });
  it('never shows another buyer’s wallet', async () => {
    const other = await buyer2.get('/api/me/wallet');
    expect(other.body.balanceFen).toBe(7_700);
    expect(other.body.items.map((i: { amountFen: number }) => i.amountFen)).toEqual([7_700]);
    expect(JSON.stringify(other.body)).not.toContain(refunded.orderNo);
    // The wallet is always the caller's: no id is read from the request.
    const tried = await buyer2.get(`/api/me/wallet?buyerId=${ids.buyerId}&userId=${ids.buyerId}`);
    expect(tried.body.balanceFen).toBe(7_700);
  });
  it('is for buyers only', async () => {
    for (const c of [merchant, supervisor, admin]) expect((await c.get('/api/me/wallet')).status).toBe(403);
    expect((await api.client().get('/api/me/wallet')).status).toBe(401);
  });
});
