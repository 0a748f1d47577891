import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { startTestApi } from '../helpers/app.ts';
import { demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  api = await startTestApi({}, { workers: true });
});
afterAll(() => api.stop());

const jobsNamed = async (name: string, orderId: string) =>
  (
    await api.db.database.pool.query(
      'SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>$2 = $3',
      [name, 'orderId', orderId],
    )
  ).rows[0].n;

describe('transactional outbox', () => {
  it('drops the job when the transaction that enqueued it rolls back', async () => {
    await expect(
      inTransaction(api.ctx.db, async (tx) => {
        await api.ctx.jobs.sendInTx(tx, 'delivery.topup', { orderId: 424242 });
        await tx.execute(sql`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    expect(await jobsNamed('delivery.topup', '424242')).toBe(0);
  });

  it('delivers a paid top-up through a running worker, without anyone calling the handler', async () => {
    const ids = await demoIds(api.ctx);
    await setBalance(api.ctx, ids.buyerId, 100_000);
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'direct_topup',
      priceFen: 1000,
      unitsPerItem: 10,
    });
    const buyer = api.client();
    await buyer.login('buyer');
    const { body } = await buyer.post('/api/orders', { productId, quantity: 3, topupAccount: '13600000000' });
    await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' });
    let detail = (await buyer.get(`/api/orders/${body.orderNo}`)).body;
    for (let i = 0; i < 100 && detail.deliveryStatus === 'pending'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      detail = (await buyer.get(`/api/orders/${body.orderNo}`)).body;
    }
    expect(detail).toMatchObject({
      status: 'delivered',
      deliveryStatus: 'delivered',
      orderedUnits: 30,
      arrivedUnits: 30,
    });
    expect(detail.deliveryAttempts).toHaveLength(1);
  });
});
