import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.ts';
import { withdrawRefund } from '../../src/modules/refunds/withdraw-refund.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { actorsByName, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let buyerActor: Actor;
let productId: number;
const clients: Record<'buyer' | 'buyer2' | 'agent' | 'merchant' | 'admin', HttpClient> = {} as never;
beforeAll(async () => {
  api = await startTestApi();
  const ids = await demoIds(api.ctx);
  productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 1990, name: '点卡 100 元' });
  await addKeys(api.ctx, productId, 10);
  await setBalance(api.ctx, ids.buyerId, 1_000_000);
  buyerActor = (await actorsByName(api.ctx, ['buyer'])).get('buyer')!;
  for (const name of ['buyer', 'buyer2', 'agent', 'merchant', 'admin'] as const) {
    clients[name] = api.client();
    await clients[name].login(name);
  }
});
afterAll(() => api.stop());

const q = (text: string, params: unknown[] = []) => api.db.database.pool.query(text, params);
const url = (refundNo: string) => `/api/refunds/${refundNo}/account-records`;

describe('account records (账户记录)', () => {
  it('compiles the buyer’s orders and payment vouchers from the books, sealed, on the timeline', async () => {
    const { refundNo, orderNo } = await openCase(api.ctx, buyerActor, productId, 'balance');
    const res = await clients.buyer.post(url(refundNo));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ verified: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const s = res.body.summary;
    expect(s).toMatchObject({ version: 1, refundNo, buyer: { identity: { status: 'none' } } });
    expect(s.buyer.accountAgeDays).toBeGreaterThanOrEqual(0);
    const order = s.orders.find((o: { orderNo: string }) => o.orderNo === orderNo);
    expect(order).toMatchObject({
      productName: '点卡 100 元',
      paidFen: 1990,
      channel: 'balance',
      refundedFen: 0,
    });
    expect(s.vouchers).toContainEqual({
      ref: `order:${orderNo}`,
      amountFen: 1990,
      postedAt: expect.any(String),
    });
    expect(s.totals.orders).toBe(s.orders.length);

    const detail = await clients.buyer.get(`/api/refunds/${refundNo}`);
    const event = detail.body.timeline.find((e: { kind: string }) => e.kind === 'account_records');
    expect(event.textZh).toContain('账户记录');
    const audit = await q(
      `SELECT data FROM audit_log WHERE subject = $1 AND action = 'refund.account_records'`,
      [`refund:${refundNo}`],
    );
    expect(audit.rows[0].data).toMatchObject({ recordId: res.body.id, sha256: res.body.sha256 });

    for (const who of ['buyer', 'agent', 'admin'] as const) {
      const list = await clients[who].get(url(refundNo));
      expect(list.status, who).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, verified: true })]);
    }
    expect((await clients.merchant.get(url(refundNo))).status).toBe(403);
    expect((await clients.merchant.post(url(refundNo))).status).toBe(403);
  });

  it('says a changed record no longer verifies', async () => {
    const { refundNo } = await openCase(api.ctx, buyerActor, productId, 'balance');
    const { body } = await clients.buyer.post(url(refundNo));
    await q(
      `UPDATE case_account_record SET summary = jsonb_set(summary, '{totals,paidFen}', '1') WHERE id = $1`,
      [body.id],
    );
    const list = await clients.agent.get(url(refundNo));
    expect(list.body.items[0]).toMatchObject({ id: body.id, verified: false });
    // Re-signing with a plain hash is not enough: the signature is an HMAC under the platform's key.
    await q(
      `UPDATE case_account_record SET sha256 = encode(sha256(convert_to(summary::text, 'UTF8')), 'hex') WHERE id = $1`,
      [body.id],
    );
    expect((await clients.agent.get(url(refundNo))).body.items[0].verified).toBe(false);
  });

  it('is the buyer’s own: another buyer’s case is not found, like a missing one', async () => {
    const { refundNo } = await openCase(api.ctx, buyerActor, productId, 'balance');
    for (const path of [url(refundNo), url('R99999999999999'), url('nonsense')]) {
      expect((await clients.buyer2.post(path)).status, path).toBe(404);
      expect((await clients.buyer2.get(path)).status, path).toBe(404);
    }
    expect((await clients.agent.post(url(refundNo))).status).toBe(403);
    expect((await api.client().get(url(refundNo))).status).toBe(401);
  });

  it('is refused on a withdrawn case and beyond five records', async () => {
    const { refundNo } = await openCase(api.ctx, buyerActor, productId, 'balance');
    for (let i = 0; i < 5; i++) expect((await clients.buyer.post(url(refundNo))).status).toBe(201);
    const sixth = await clients.buyer.post(url(refundNo));
    expect([sixth.status, sixth.body.error.code]).toEqual([409, 'ACCOUNT_RECORD.LIMIT']);
    expect((await clients.buyer.get(url(refundNo))).body.items).toHaveLength(5);

    const other = await openCase(api.ctx, buyerActor, productId, 'balance');
    await withdrawRefund({
      db: api.ctx.db,
      jobs: api.ctx.jobs,
      buyer: buyerActor,
      refundNo: other.refundNo,
      ip: '127.0.0.1',
      now: new Date(),
    } as Parameters<typeof withdrawRefund>[0]);
    const closed = await clients.buyer.post(url(other.refundNo));
    expect([closed.status, closed.body.error.code]).toEqual([409, 'ACCOUNT_RECORD.CASE_CLOSED']);
  });

  it('shows a verified identity (masked) once the buyer is verified', async () => {
    const { refundNo } = await openCase(api.ctx, buyerActor, productId, 'balance');
    await q(
      `INSERT INTO identity_verification (user_id, status, real_name_enc, real_name_mask, id_number_enc, id_number_mask,
         id_number_mac, phone_enc, phone_mask, provider, verified_at)
       VALUES ($1, 'verified', '\\x00', '张*明', '\\x00', '3301**********1234', 'mac', '\\x00', '138****5678', 'simulator', now())
       ON CONFLICT (user_id) DO NOTHING`,
      [buyerActor.userId],
    );
    const { body } = await clients.buyer.post(url(refundNo));
    expect(body.summary.buyer.identity).toMatchObject({ status: 'verified', realNameMask: '张*明' });
  });
});
