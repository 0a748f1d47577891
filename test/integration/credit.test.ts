import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
import { refreshCredit, refreshStaleCredit } from '../../src/modules/credit/refresh-credit.ts';
import type { SimulatedSmsSender } from '../../src/modules/identity/simulated-sms.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct } from '../helpers/factories.ts';
import { submittedCase } from '../helpers/payouts.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let productId: number;
beforeAll(async () => {
  api = await startTestApi();
  productId = await makeProduct(api.ctx, { merchantId: (await demoIds(api.ctx)).merchantId, priceFen: 5000 });
  await addKeys(api.ctx, productId, 20);
});
afterAll(() => api.stop());

let serial = 0;

async function stored(userId: number) {
  const { rows } = await api.ctx.db.execute<{ score: number; stale: boolean }>(
    sql`SELECT score, stale_gen > fresh_gen AS stale FROM buyer_credit WHERE user_id = ${userId}`,
  );
  return rows[0];
}

async function freshBuyer(): Promise<{ client: HttpClient; userId: number }> {
  const [name] = await makeBuyers(api.ctx, `credit-${++serial}-${Date.now()}`, 1);
  const client = api.client();
  const user = await client.login(name!);
  return { client, userId: user.id };
}

async function payOrder(client: HttpClient): Promise<string> {
  const order = await client.post('/api/orders', { productId, quantity: 1 });
  const orderNo = order.body.orderNo as string;
  const paid = await client.post(`/api/orders/${orderNo}/pay`, { channel: 'alipay' });
  expect(paid.status).toBe(200);
  return orderNo;
}

const ID = (() => {
  const first = '11010519850312003';
  return first + residentIdCheckChar(first);
})();

describe('credit score (信用分)', () => {
  it('starts at the base, 普通, with every factor and what would raise it', async () => {
    const { client } = await freshBuyer();
    const res = await client.get('/api/me/credit');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      score: 500,
      base: 500,
      level: 'normal',
      nextLevel: { level: 'good', missing: 100 },
    });
    expect(res.body.factors).toHaveLength(12);
    expect(res.body.factors.reduce((s: number, f: { points: number }) => s + f.points, 0)).toBe(0);
    expect(res.body.next[0]).toEqual({ id: 'paidOrders', gain: 120 });
    expect(res.body.next.map((h: { id: string }) => h.id)).toContain('identityVerified');
  });

  it('is recomputed when a fact changes, not on read', async () => {
    const { client, userId } = await freshBuyer();
    const first = (await client.get('/api/me/credit')).body;
    const again = (await client.get('/api/me/credit')).body;
    expect(again.computedAt).toBe(first.computedAt);

    await payOrder(client);
    const paid = (await client.get('/api/me/credit')).body;
    // One order of 50 元: +4 for the order, +34 for the amount (20 × log10(51)).
    expect(paid.score).toBe(500 + 4 + 34);
    expect(paid.computedAt).not.toBe(first.computedAt);

    // 实名认证 (with the phone bound by its code) is a fact too.
    await client.post('/api/me/identity', { realName: '王小二', idNumber: ID, phone: '13912345678' });
    const code = (api.ctx.identity.sms as SimulatedSmsSender).outbox
      .filter((m) => m.userId === userId)
      .at(-1)!.code;
    expect((await client.post('/api/me/identity/confirm', { code })).status).toBe(200);
    const verified = (await client.get('/api/me/credit')).body;
    expect(verified.score).toBe(paid.score + 160);
    expect(verified.level).toBe('good');
    expect(verified.next.map((h: { id: string }) => h.id)).not.toContain('identityVerified');
  });

  it('falls after a rejection, and agents see it on the workbench', async () => {
    const { client } = await freshBuyer();
    const { refundNo } = await submittedCase(client, productId, 'alipay');
    const before = (await client.get('/api/me/credit')).body.score;
    const agent = api.client();
    await agent.login('agent');
    const claimed = await agent.post(`/api/review/${refundNo}/claim`);
    const rejected = await agent.post(`/api/review/${refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '没有提供卡密截图',
      expectedVersion: claimed.body.version,
    });
    expect(rejected.status, rejected.text).toBe(200);
    const after = (await client.get('/api/me/credit')).body;
    expect(after.score).toBe(before - 30 - 120); // one rejection; one case on one order is a 100 % rate
    const review = await agent.get(`/api/review/${refundNo}`);
    expect(review.status).toBe(200);
    expect(review.body.credit).toMatchObject({ score: after.score, level: after.level });
    expect(review.body.credit.factors.find((f: { id: string }) => f.id === 'casesRejected')).toMatchObject({
      points: -30,
      value: 1,
    });
  });

  it('is marked stale by a decision, not recomputed in it; the next reader or a worker recomputes it', async () => {
    const { client, userId } = await freshBuyer();
    const { refundNo } = await submittedCase(client, productId, 'alipay');
    const before = (await client.get('/api/me/credit')).body;
    const agent = api.client();
    await agent.login('agent');
    const claimed = await agent.post(`/api/review/${refundNo}/claim`);
    const rejected = await agent.post(`/api/review/${refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '没有提供卡密截图',
      expectedVersion: claimed.body.version,
    });
    expect(rejected.status, rejected.text).toBe(200);
    // The decision left the stored score as it was, and said it is stale.
    expect(await stored(userId)).toMatchObject({ score: before.score, stale: true });
    // A sweep (what workers run each second) brings it up to date.
    expect(await refreshStaleCredit(api.ctx.db, api.ctx.now)).toBeGreaterThanOrEqual(1);
    expect(await stored(userId)).toMatchObject({ score: before.score - 30 - 120, stale: false });
    expect((await client.get('/api/me/credit')).body.score).toBe(before.score - 30 - 120);
  });

  it('stays stale when a decision commits while a refresh reads (the refresh cannot hide it)', async () => {
    const { client, userId } = await freshBuyer();
    await payOrder(client);
    const decision = await api.ctx.pool.connect();
    try {
      await decision.query('BEGIN');
      // What a decision's statement does besides the case: the score's row is marked stale.
      await decision.query('UPDATE buyer_credit SET stale_gen = stale_gen + 1 WHERE user_id = $1', [userId]);
      // A refresh reads its facts now (without the decision) and waits on the row for its store…
      const refreshing = refreshCredit(api.ctx.db, userId, new Date());
      await new Promise((r) => setTimeout(r, 200));
      await decision.query('COMMIT');
      await refreshing;
    } finally {
      decision.release();
    }
    // …and the row is still stale after it: the facts it stored miss the decision.
    expect(await stored(userId)).toMatchObject({ stale: true });
    await refreshStaleCredit(api.ctx.db, api.ctx.now);
    expect(await stored(userId)).toMatchObject({ stale: false });
  });

  it('is refreshed by the workers within seconds of a decision', async () => {
    const withWorkers = await startTestApi({}, { workers: true });
    try {
      const product = await makeProduct(withWorkers.ctx, {
        merchantId: (await demoIds(withWorkers.ctx)).merchantId,
        priceFen: 5000,
      });
      await addKeys(withWorkers.ctx, product, 2);
      const [name] = await makeBuyers(withWorkers.ctx, `credit-w-${Date.now()}`, 1);
      const client = withWorkers.client();
      const user = await client.login(name!);
      const { refundNo } = await submittedCase(client, product, 'alipay');
      const agent = withWorkers.client();
      await agent.login('agent');
      const claimed = await agent.post(`/api/review/${refundNo}/claim`);
      await agent.post(`/api/review/${refundNo}/reject`, {
        reasonCode: 'EVIDENCE_INSUFFICIENT',
        text: '没有提供卡密截图',
        expectedVersion: claimed.body.version,
      });
      const storedThere = async () =>
        (
          await withWorkers.ctx.db.execute<{ stale: boolean }>(
            sql`SELECT stale_gen > fresh_gen AS stale FROM buyer_credit WHERE user_id = ${user.id}`,
          )
        ).rows[0]!.stale;
      const deadline = Date.now() + 10_000;
      while ((await storedThere()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await storedThere()).toBe(false);
    } finally {
      await withWorkers.stop();
    }
  });

  it('is the buyer’s own: other roles are refused', async () => {
    const agent = api.client();
    await agent.login('agent');
    expect((await agent.get('/api/me/credit')).status).toBe(403);
    expect((await api.client().get('/api/me/credit')).status).toBe(401);
  });
});
