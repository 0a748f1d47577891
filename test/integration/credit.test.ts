import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
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

  it('is the buyer’s own: other roles are refused', async () => {
    const agent = api.client();
    await agent.login('agent');
    expect((await agent.get('/api/me/credit')).status).toBe(403);
    expect((await api.client().get('/api/me/credit')).status).toBe(401);
  });
});
