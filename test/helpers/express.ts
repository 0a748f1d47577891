import { expect } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
import { GUARANTEE } from '../../src/core/ledger/accounts.ts';
import { fundingTxn } from '../../src/core/ledger/settlement.ts';
import type { Context } from '../../src/modules/context.ts';
import type { SimulatedSmsSender } from '../../src/modules/identity/simulated-sms.ts';
import { postTxn } from '../../src/modules/ledger/post-txn.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import type { HttpClient } from './app.ts';
import { addKeys, makeBuyers } from './factories.ts';

/** What the express helpers need of a running test API. */
type Api = { ctx: Context; client(): HttpClient; db: { database: { pool: import('pg').Pool } } };

let serial = 0;

/**
 * A buyer at 优秀 (identity verified, five paid orders of `stocked`): their small undelivered-key
 * claims are refunded at once (极速退款).
 */
export async function trustedBuyer(
  api: Api,
  stocked: number,
): Promise<{ client: HttpClient; userId: number }> {
  const n = ++serial;
  const [name] = await makeBuyers(api.ctx, `trusted-${n}-${Date.now()}`, 1);
  const client = api.client();
  const { id: userId } = await client.login(name!);
  const first = `1101051986041${String(300 + n).padStart(4, '0')}`;
  await client.post('/api/me/identity', {
    realName: '钱信用',
    idNumber: first + residentIdCheckChar(first),
    phone: `1381234${String(2000 + n)}`,
  });
  const code = (api.ctx.identity.sms as SimulatedSmsSender).outbox
    .filter((m) => m.userId === userId)
    .at(-1)!.code;
  expect((await client.post('/api/me/identity/confirm', { code })).status).toBe(200);
  for (let i = 0; i < 5; i++) {
    const order = await client.post('/api/orders', { productId: stocked, quantity: 1 });
    expect((await client.post(`/api/orders/${order.body.orderNo}/pay`, { channel: 'alipay' })).status).toBe(
      200,
    );
  }
  return { client, userId };
}

/** Paid orders of `productId` whose key was never delivered (stock withdrawn before payment). */
export async function undelivered(
  api: Api,
  client: HttpClient,
  productId: number,
  n: number,
): Promise<string[]> {
  await addKeys(api.ctx, productId, n);
  const placed: string[] = [];
  for (let i = 0; i < n; i++)
    placed.push((await client.post('/api/orders', { productId, quantity: 1 })).body.orderNo);
  await api.db.database.pool.query(
    `UPDATE card_key SET status = 'void' WHERE product_id = $1 AND status = 'available'`,
    [productId],
  );
  for (const orderNo of placed)
    expect((await client.post(`/api/orders/${orderNo}/pay`, { channel: 'alipay' })).status).toBe(200);
  return placed;
}

export const notReceived = (orderNo: string) => ({
  orderNo,
  type: 'not_received',
  description: `订单号${orderNo}今天付款后一直没有收到卡密`,
});

export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Tops the guarantee fund (保障金) up from outside, as in production. */
export async function fundGuarantee(ctx: Context, amountFen: number, ref: string): Promise<void> {
  await inTransaction(ctx.db, (tx) =>
    postTxn(tx, fundingTxn({ kind: 'funding', ref, to: GUARANTEE, amountFen, memo: 'fund' }), new Date()),
  );
}
