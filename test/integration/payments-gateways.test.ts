import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { simulatorBuyer } from '../../src/gateway-sim/buyer.ts';
import { loadSimulatorKeys } from '../../src/gateway-sim/keys.ts';
import { type GatewaySimulator, startGatewaySimulator } from '../../src/gateway-sim/server.ts';
import { installAuth } from '../../src/modules/auth/actor.ts';
import type { PaymentChannel } from '../../src/modules/payments/channel.ts';
import {
  createGateways,
  createPaymentChannels,
  type GatewayChannel,
} from '../../src/modules/payments/gateways.ts';
import { demoKeyBundleDir, loadPaymentKeys } from '../../src/modules/payments/keys.ts';
import { registerNotifyRoutes } from '../../src/modules/payments/notify-routes.ts';
import type {
  RefundAttempt,
  RefundGateway,
  RefundNotification,
} from '../../src/modules/payments/refund-port.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { AppError } from '../../src/platform/errors.ts';
import { type App, createHttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { simulatorIds } from '../../src/start-payments.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * The real SDKs (alipay-sdk, wechatpay-axios-plugin) against the gateway simulator on a loopback port:
 * payments, partial refunds, idempotent retries, the scripted faults, and verified notifications
 * delivered to the notify routes (behind the real auth hook, without a session).
 */
let dir: string;
let db: TestDatabase;
let sim: GatewaySimulator;
let admin: GatewaySimulatorClient;
let receiver: App;
let receiverUrl: string;
let gateways: Record<GatewayChannel, RefundGateway>;
let channels: Record<GatewayChannel, PaymentChannel>;
/** What the notify routes handed to the handler, in arrival order. */
const delivered: RefundNotification[] = [];
/** Raw notification requests as they reached Kameng (for tampering with). */
const raw: { channel: GatewayChannel; headers: Record<string, string>; body: string }[] = [];

const TIMEOUT_MS = 800;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-pay-'));
  const base = loadConfig({ KAMENG_DATA_DIR: dir, KAMENG_LOG_LEVEL: 'silent', PORT: '0' });
  const keys = await loadPaymentKeys(base);
  sim = await startGatewaySimulator({
    keys: await loadSimulatorKeys(demoKeyBundleDir(dir), simulatorIds(base)),
    notifyRetryDelaysMs: [100, 200],
  });
  admin = new GatewaySimulatorClient(sim.url);
  const config = {
    ...base,
    payments: {
      ...base.payments,
      alipay: { ...base.payments.alipay, gateway: `${sim.url}/gateway.do` },
      wechatpay: { ...base.payments.wechatpay, baseUrl: `${sim.url}/` },
      timeoutMs: TIMEOUT_MS,
    },
  };
  db = await freshDatabase();
  receiver = await createHttpServer({ log: createLogger('silent'), trustProxy: false });
  installAuth(receiver, db.database.db);
  receiver.addHook('preHandler', async (req) => {
    const channel = req.url.endsWith('/alipay') ? 'alipay' : 'wechatpay';
    raw.push({ channel, headers: req.headers as Record<string, string>, body: String(req.body) });
  });
  let notifyBase = '';
  gateways = createGateways(config, keys, { notifyBaseUrl: () => notifyBase });
  const buyer = simulatorBuyer(sim.url);
  channels = createPaymentChannels(
    config,
    keys,
    { alipay: buyer, wechatpay: buyer },
    {
      notifyBaseUrl: () => notifyBase,
    },
  );
  registerNotifyRoutes(receiver, { gateways }, async (n) => {
    delivered.push(n);
    return n.outRefundNo.startsWith('UNKNOWN') ? 'unknown' : 'ok';
  });
  notifyBase = await receiver.listen({ port: 0, host: '127.0.0.1' });
  receiverUrl = notifyBase;
});

afterAll(async () => {
  await receiver?.close();
  await sim?.stop();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await admin.clearFaults();
});

const uid = () => randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase();

async function pay(channel: GatewayChannel, amountFen: number) {
  const orderNo = `${Date.now()}${Math.floor(Math.random() * 1e6)}`.slice(0, 18);
  const { channelTradeNo } = await channels[channel].charge({
    tx: null as never,
    channel,
    orderNo,
    buyerId: 1,
    amountFen,
  });
  return (refundFen: number, outRefundNo = `RF${uid()}`): RefundAttempt => ({
    channel,
    orderNo,
    channelTradeNo,
    outRefundNo,
    refundFen,
    orderTotalFen: amountFen,
    reason: '卡密无效',
  });
}

async function simRefunds(channel: GatewayChannel, orderNo: string) {
  return (await admin.refunds(channel)).filter((r) => r.outTradeNo === orderNo);
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['alipay', 'wechatpay'] as const)('%s through the official SDK', (channel) => {
  it('takes a payment with a real channel trade number', async () => {
    const attempt = await pay(channel, 1234);
    const a = attempt(1);
    expect(a.channelTradeNo).toMatch(channel === 'alipay' ? /^\d{28}$/ : /^4200\d{24}$/);
    const [trade] = (await admin.trades(channel)).filter((t) => t.outTradeNo === a.orderNo);
    expect(trade).toMatchObject({ status: 'SUCCESS', totalFen: 1234, tradeNo: a.channelTradeNo });
  });

  it('refunds partially twice, refuses a third over the total, and never refunds a retry twice', async () => {
    const attempt = await pay(channel, 10_000);
    const first = attempt(3000);
    const second = attempt(5000);
    const r1 = await gateways[channel].requestRefund(first);
    const r2 = await gateways[channel].requestRefund(second);
    expect(r1).toMatchObject({ kind: 'succeeded', refundedFen: 3000 });
    expect(r2).toMatchObject({ kind: 'succeeded', refundedFen: 5000 });
    expect(
      r1.kind === 'succeeded' && r2.kind === 'succeeded' && r1.channelRefundId !== r2.channelRefundId,
    ).toBe(true);

    const third = await gateways[channel].requestRefund(attempt(2001));
    expect(third).toMatchObject({ kind: 'failed', reason: 'rejected' });

    const retry = await gateways[channel].requestRefund(first);
    expect(retry).toEqual(r1);
    // The same number with another amount is refused, not refunded.
    expect(await gateways[channel].requestRefund({ ...first, refundFen: 100 })).toMatchObject({
      kind: 'failed',
      reason: 'rejected',
    });

    const books = await simRefunds(channel, first.orderNo);
    expect(books.map((r) => r.amountFen).sort()).toEqual([3000, 5000]);
    expect(books.every((r) => r.status === 'SUCCESS')).toBe(true);

    expect(await gateways[channel].queryRefund(first)).toEqual(r1);
    expect(await gateways[channel].queryRefund(second)).toEqual(r2);
    expect(await gateways[channel].queryRefund(attempt(1, 'RF-NEVER-SENT'))).toEqual({ kind: 'not_found' });
    // The rest up to the total is still allowed.
    expect(await gateways[channel].requestRefund(attempt(2000))).toMatchObject({ kind: 'succeeded' });
  });

  it('reports PROCESSING, then SUCCESS by query and by notification', async () => {
    const a = (await pay(channel, 800))(800);
    await admin.addFault({
      match: { outRefundNo: a.outRefundNo },
      fault: 'processing_then_success',
      delayMs: 400,
    });
    expect(await gateways[channel].requestRefund(a)).toEqual({ kind: 'processing' });
    expect(await gateways[channel].queryRefund(a)).toEqual({ kind: 'processing' });
    // A retry while it is under way neither fails nor refunds again.
    expect(await gateways[channel].requestRefund(a)).toEqual({ kind: 'processing' });
    const settled = await until(
      () => gateways[channel].queryRefund(a),
      (s) => s.kind === 'succeeded',
    );
    expect(settled).toMatchObject({ kind: 'succeeded', refundedFen: 800 });
    await admin.notifications();
    const got = delivered.filter((n) => n.outRefundNo === a.outRefundNo);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      channel,
      orderNo: a.orderNo,
      refundFen: 800,
      status: { kind: 'succeeded' },
    });
    expect(await simRefunds(channel, a.orderNo)).toHaveLength(1);
    // The simulator's own settle control refuses a body that is not {outRefundNo?}: 400, not 500.
    for (const body of ['{bad', 'null', '{"outRefundNo":7}'])
      expect((await fetch(`${admin.baseUrl}/__sim/settle`, { method: 'POST', body })).status).toBe(400);
    expect(await admin.settle(a.outRefundNo)).toBe(0);
  });

  it('reports ABNORMAL (frozen card) and CLOSED as failures, and frees the amount', async () => {
    const attempt = await pay(channel, 1000);
    const abnormal = attempt(1000);
    await admin.addFault({ match: { outRefundNo: abnormal.outRefundNo }, fault: 'abnormal' });
    expect(await gateways[channel].requestRefund(abnormal)).toMatchObject({
      kind: 'failed',
      reason: 'abnormal',
    });
    expect(await gateways[channel].requestRefund(abnormal)).toMatchObject({
      kind: 'failed',
      reason: 'abnormal',
    });

    const closed = attempt(1000);
    await admin.addFault({ match: { outRefundNo: closed.outRefundNo }, fault: 'closed' });
    expect(await gateways[channel].requestRefund(closed)).toMatchObject({ kind: 'failed', reason: 'closed' });

    if (channel === 'wechatpay') {
      expect(await gateways[channel].queryRefund(closed)).toMatchObject({ kind: 'failed', reason: 'closed' });
    } else {
      // Alipay keeps only successful refunds: a failed one is not found.
      expect(await gateways[channel].queryRefund(closed)).toEqual({ kind: 'not_found' });
    }
    // Nothing left the trade: the whole amount can still be refunded (to a new attempt).
    expect(await gateways[channel].requestRefund(attempt(1000))).toMatchObject({ kind: 'succeeded' });
  });

  it('a timeout is unknown, never a success; the query then tells, and a retry does not pay twice', async () => {
    const a = (await pay(channel, 700))(700);
    await admin.addFault({
      match: { outRefundNo: a.outRefundNo },
      fault: 'timeout',
      delayMs: TIMEOUT_MS * 3,
    });
    const timedOut = await gateways[channel].requestRefund(a);
    expect(timedOut.kind).toBe('unknown');
    // The gateway did process it — which is why a timeout must never be read as failure either.
    expect(await gateways[channel].queryRefund(a)).toMatchObject({ kind: 'succeeded', refundedFen: 700 });
    expect(await gateways[channel].requestRefund(a)).toMatchObject({ kind: 'succeeded', refundedFen: 700 });
    expect(await simRefunds(channel, a.orderNo)).toHaveLength(1);
  });

  it('a 5xx is unknown; the refund was not made and a retry with the same number makes it once', async () => {
    const a = (await pay(channel, 600))(600);
    await admin.addFault({ match: { outRefundNo: a.outRefundNo }, fault: 'http500' });
    expect((await gateways[channel].requestRefund(a)).kind).toBe('unknown');
    expect(await gateways[channel].queryRefund(a)).toEqual({ kind: 'not_found' });
    await admin.addFault({ match: { outRefundNo: a.outRefundNo }, fault: 'http500', on: 'query' });
    expect((await gateways[channel].queryRefund(a)).kind).toBe('unknown');
    expect(await gateways[channel].requestRefund(a)).toMatchObject({ kind: 'succeeded' });
    expect(await gateways[channel].requestRefund(a)).toMatchObject({ kind: 'succeeded' });
    expect(await simRefunds(channel, a.orderNo)).toHaveLength(1);
  });

  it('delivers a verified notification to the handler, without a session', async () => {
    const a = (await pay(channel, 1500))(500);
    const result = await gateways[channel].requestRefund(a);
    await admin.notifications();
    const got = delivered.filter((n) => n.outRefundNo === a.outRefundNo);
    expect(got).toEqual([
      {
        channel,
        outRefundNo: a.outRefundNo,
        orderNo: a.orderNo,
        refundFen: 500,
        status: {
          kind: 'succeeded',
          channelRefundId: (result as { channelRefundId: string }).channelRefundId,
          refundedFen: 500,
          at: expect.any(Date),
        },
      },
    ]);
    const log = (await admin.notifications()).filter((d) => d.outRefundNo === a.outRefundNo);
    expect(log).toMatchObject([
      { kind: 'genuine', accepted: true, status: channel === 'alipay' ? 200 : 204 },
    ]);
    if (channel === 'alipay') expect(log[0]!.answer).toBe('success');
  });

  it('refuses a forged notification (nothing reaches the handler) and accepts the genuine one', async () => {
    const a = (await pay(channel, 900))(300);
    await admin.addFault({ match: { outRefundNo: a.outRefundNo }, fault: 'forged_notify' });
    await gateways[channel].requestRefund(a);
    const log = (await admin.notifications()).filter((d) => d.outRefundNo === a.outRefundNo);
    expect(log.map((d) => [d.kind, d.accepted])).toEqual([
      ['forged', false],
      ['genuine', true],
    ]);
    expect(log[0]!.status).toBe(channel === 'alipay' ? 200 : 401);
    if (channel === 'alipay') expect(log[0]!.answer).toBe('fail');
    // The forged copy claimed the whole order; the handler only ever saw the genuine 300.
    expect(delivered.filter((n) => n.outRefundNo === a.outRefundNo).map((n) => n.refundFen)).toEqual([300]);
  });

  it('hands duplicates and out-of-order notifications to the handler, each parsed', async () => {
    const attempt = await pay(channel, 2000);
    const dup = attempt(100);
    await admin.addFault({ match: { outRefundNo: dup.outRefundNo }, fault: 'duplicate_notify' });
    await gateways[channel].requestRefund(dup);
    await admin.notifications();
    const dups = delivered.filter((n) => n.outRefundNo === dup.outRefundNo);
    expect(dups).toHaveLength(2);
    expect(dups[1]).toEqual(dups[0]);

    const early = attempt(200);
    const late = attempt(300);
    await admin.addFault({
      match: { outRefundNo: early.outRefundNo },
      fault: 'out_of_order_notify',
      delayMs: 300,
    });
    await gateways[channel].requestRefund(early);
    await gateways[channel].requestRefund(late);
    await admin.notifications();
    const order = delivered
      .filter((n) => n.outRefundNo === early.outRefundNo || n.outRefundNo === late.outRefundNo)
      .map((n) => n.outRefundNo);
    expect(order).toEqual([late.outRefundNo, early.outRefundNo]);
  });

  it('answers "try again" when the handler knows no such refund, and the gateway retries', async () => {
    const a = (await pay(channel, 400))(400, `UNKNOWN${uid()}`);
    await gateways[channel].requestRefund(a);
    const log = (await admin.notifications()).filter((d) => d.outRefundNo === a.outRefundNo);
    expect(log.map((d) => d.accepted)).toEqual([false, false, false]);
    expect(log[0]!.status).toBe(channel === 'alipay' ? 200 : 404);
  });
});

describe('the notify routes', () => {
  it('take no session or CSRF token, and appear in the OpenAPI document', async () => {
    const res = await fetch(`${receiverUrl}/api/payments/notify/wechatpay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    // Refused for its missing signature — not for a missing session or CSRF token.
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'SIGN_ERROR', message: '验签失败' });
    const alipay = await fetch(`${receiverUrl}/api/payments/notify/alipay`, { method: 'POST', body: 'a=b' });
    expect([alipay.status, await alipay.text()]).toEqual([200, 'fail']);
    const doc = (await (await fetch(`${receiverUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/payments/notify/alipay', '/api/payments/notify/wechatpay']),
    );
  });
});

describe('parseNotification on tampered input', () => {
  const lastRaw = (channel: GatewayChannel) => [...raw].reverse().find((r) => r.channel === channel)!;

  it('Alipay: a changed amount or a missing signature is BAD_SIGNATURE', async () => {
    const a = (await pay('alipay', 500))(200);
    await gateways.alipay.requestRefund(a);
    await admin.notifications();
    const genuine = [...raw].reverse().find((r) => r.channel === 'alipay' && r.body.includes(a.outRefundNo))!;
    await expect(gateways.alipay.parseNotification(genuine.headers, genuine.body)).resolves.toMatchObject({
      refundFen: 200,
    });
    const params = new URLSearchParams(genuine.body);
    params.set('send_back_fee', '5.00');
    await expect(gateways.alipay.parseNotification({}, params.toString())).rejects.toMatchObject({
      code: 'PAYMENT.BAD_SIGNATURE',
    });
    params.delete('sign');
    await expect(gateways.alipay.parseNotification({}, params.toString())).rejects.toBeInstanceOf(AppError);
  });

  it('WeChat Pay: a changed body, an unknown key id, an old timestamp are BAD_SIGNATURE', async () => {
    const a = (await pay('wechatpay', 500))(200);
    await gateways.wechatpay.requestRefund(a);
    await admin.notifications();
    const genuine = lastRaw('wechatpay');
    const ok = await gateways.wechatpay.parseNotification(genuine.headers, genuine.body);
    expect(ok).toMatchObject({ outRefundNo: a.outRefundNo, refundFen: 200, status: { kind: 'succeeded' } });

    const bad = (headers: Record<string, string>, body: string) =>
      expect(gateways.wechatpay.parseNotification(headers, body)).rejects.toMatchObject({
        code: 'PAYMENT.BAD_SIGNATURE',
      });
    await bad(genuine.headers, genuine.body.replace('"REFUND.SUCCESS"', '"REFUND.CLOSED"'));
    await bad({ ...genuine.headers, 'wechatpay-serial': 'PUB_KEY_ID_SOMEONE_ELSE' }, genuine.body);
    await bad(
      { ...genuine.headers, 'wechatpay-timestamp': String(Math.floor(Date.now() / 1000) - 3600) },
      genuine.body,
    );
    await bad({}, genuine.body);
  });
});

describe('a restarted simulator', () => {
  it('keeps its books in the state file: refunds made before still count, none is made twice', async () => {
    const stateFile = path.join(dir, 'gateway-sim', 'state.json');
    const base = loadConfig({ KAMENG_DATA_DIR: dir, KAMENG_LOG_LEVEL: 'silent', PORT: '0' });
    const keys = await loadPaymentKeys(base);
    const simKeys = await loadSimulatorKeys(demoKeyBundleDir(dir), simulatorIds(base));
    const start = () => startGatewaySimulator({ keys: simKeys, stateFile });
    const connect = (s: GatewaySimulator) => {
      const config = {
        ...base,
        payments: {
          ...base.payments,
          alipay: { ...base.payments.alipay, gateway: `${s.url}/gateway.do` },
          wechatpay: { ...base.payments.wechatpay, baseUrl: `${s.url}/` },
        },
      };
      const buyer = simulatorBuyer(s.url);
      return {
        gateways: createGateways(config, keys),
        channels: createPaymentChannels(config, keys, { alipay: buyer, wechatpay: buyer }),
      };
    };
    let first = await start();
    const before = connect(first);
    const attempts: RefundAttempt[] = [];
    for (const channel of ['alipay', 'wechatpay'] as const) {
      const orderNo = `RS${Date.now()}${channel.length}`;
      const { channelTradeNo } = await before.channels[channel].charge({
        tx: null as never,
        channel,
        orderNo,
        buyerId: 1,
        amountFen: 1000,
      });
      const a = {
        channel,
        orderNo,
        channelTradeNo,
        outRefundNo: `RS-${uid()}`,
        refundFen: 600,
        orderTotalFen: 1000,
        reason: 'x',
      };
      expect(await before.gateways[channel].requestRefund(a)).toMatchObject({ kind: 'succeeded' });
      attempts.push(a);
    }
    await first.stop();
    first = await start();
    try {
      const after = connect(first);
      for (const a of attempts) {
        expect(await after.gateways[a.channel].queryRefund(a)).toMatchObject({
          kind: 'succeeded',
          refundedFen: 600,
        });
        expect(await after.gateways[a.channel].requestRefund(a)).toMatchObject({ kind: 'succeeded' });
        expect(
          await after.gateways[a.channel].requestRefund({ ...a, outRefundNo: `RS-${uid()}`, refundFen: 401 }),
        ).toMatchObject({
          kind: 'failed',
          reason: 'rejected',
        });
        const books = (await new GatewaySimulatorClient(first.url).refunds(a.channel)).filter(
          (r) => r.outTradeNo === a.orderNo,
        );
        expect(books.map((r) => r.amountFen)).toEqual([600]);
      }
    } finally {
      await first.stop();
    }
  });
});
