import http from 'node:http';
import type pg from 'pg';
import { expect } from 'vitest';
import type { HttpClient } from './app.ts';

/** One order paid through `channel`, with a not-as-described case submitted on it (5% fee). */
export async function submittedCase(
  buyer: HttpClient,
  productId: number,
  channel: 'balance' | 'alipay' | 'wechatpay',
): Promise<{ orderNo: string; refundNo: string; version: number }> {
  const order = await buyer.post('/api/orders', { productId, quantity: 1 });
  if (order.status !== 201 && order.status !== 200) throw new Error(`order: ${order.status} ${order.text}`);
  const orderNo = order.body.orderNo as string;
  const paid = await buyer.post(`/api/orders/${orderNo}/pay`, { channel });
  if (paid.status !== 200) throw new Error(`pay ${orderNo} via ${channel}: ${paid.status} ${paid.text}`);
  const c = await buyer.post('/api/refunds', {
    orderNo,
    type: 'not_as_described',
    description: `订单号${orderNo}今天10点购买，卡密面值与描述不符`,
  });
  if (c.status !== 201) throw new Error(`refund on ${orderNo}: ${c.status} ${c.text}`);
  return { orderNo, refundNo: c.body.refundNo, version: c.body.version };
}

/**
 * The books: every posting sums to zero, so do the accounts' running balances, and each account's
 * balance equals the sum of its postings.
 */
export async function expectBooksBalance(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ postings: string | null; accounts: string | null; drifted: number }>(`
    SELECT (SELECT sum(amount_fen) FROM ledger_posting) AS postings,
           (SELECT sum(balance_fen) FROM ledger_account) AS accounts,
           (SELECT count(*)::int FROM ledger_account a
             WHERE a.balance_fen <> coalesce((SELECT sum(p.amount_fen) FROM ledger_posting p
                                                WHERE p.account_id = a.id), 0)) AS drifted`);
  expect(Number(rows[0]!.postings ?? 0)).toBe(0);
  expect(Number(rows[0]!.accounts ?? 0)).toBe(0);
  expect(rows[0]!.drifted).toBe(0);
}

/** Orders whose refunded total exceeds what was paid (the CHECK should make this impossible). */
export async function overRefundedOrders(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM shop_order WHERE refunded_fen > paid_fen OR refunded_fen < 0',
  );
  return rows[0]!.n;
}

export type CapturedNotification = { path: string; headers: Record<string, string>; body: string };

/**
 * A stand-in notify endpoint: records what the simulator posts (signed, exactly as sent) and answers
 * "received" in each channel's protocol, so the simulator does not retry. The test then re-sends the
 * genuine notification to Kameng as often and as concurrently as it likes (gateways do re-send).
 */
export async function notificationCapture() {
  const received: CapturedNotification[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      }
      received.push({ path: req.url ?? '', headers, body });
      if (req.url?.endsWith('/alipay')) res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
