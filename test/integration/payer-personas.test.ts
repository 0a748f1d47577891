import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AlipaySdk } from 'alipay-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wechatpay } from 'wechatpay-axios-plugin';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { simulatorBuyer } from '../../src/gateway-sim/buyer.ts';
import { loadSimulatorKeys, type SimulatorKeys } from '../../src/gateway-sim/keys.ts';
import { LEGACY_PAYER } from '../../src/gateway-sim/payers.ts';
import { type GatewaySimulator, startGatewaySimulator } from '../../src/gateway-sim/server.ts';
import { createAlipayClient, VALIDATE } from '../../src/modules/payments/alipay/client.ts';
import type { PaymentChannel } from '../../src/modules/payments/channel.ts';
import { buyerPersona, demoPayer } from '../../src/modules/payments/demo-payers.ts';
import {
  createGateways,
  createPaymentChannels,
  type GatewayChannel,
} from '../../src/modules/payments/gateways.ts';
import { demoKeyBundleDir, loadPaymentKeys, type PaymentKeys } from '../../src/modules/payments/keys.ts';
import type { RefundGateway } from '../../src/modules/payments/refund-port.ts';
import { createWechatpayClient } from '../../src/modules/payments/wechatpay/client.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { simulatorIds } from '../../src/start-payments.ts';

/**
 * The simulator's payer personas, on the wire through the official SDKs: each Kameng buyer pays from
 * an account of their own, buyers set to one persona pay from one account, and every reply, query and
 * notification about a trade shows the account that paid it — also after a restart.
 */
let dir: string;
let base: Config;
let keys: PaymentKeys;
let simKeys: SimulatorKeys;
let sim: GatewaySimulator;
let admin: GatewaySimulatorClient;
let channels: Record<GatewayChannel, PaymentChannel>;
let gateways: Record<GatewayChannel, RefundGateway>;
let alipay: AlipaySdk;
let wechat: Wechatpay;
/** Notification bodies the simulator posted, by path. */
const notified: { path: string; body: string }[] = [];
let receiver: http.Server;

function connect(s: GatewaySimulator, notifyBase: string) {
  const config: Config = {
    ...base,
    payments: {
      ...base.payments,
      alipay: { ...base.payments.alipay, gateway: `${s.url}/gateway.do` },
      wechatpay: { ...base.payments.wechatpay, baseUrl: `${s.url}/` },
    },
  };
  const buyer = simulatorBuyer(s.url);
  const opts = { notifyBaseUrl: () => notifyBase };
  const p = config.payments;
  return {
    channels: createPaymentChannels(config, keys, { alipay: buyer, wechatpay: buyer }, opts),
    gateways: createGateways(config, keys, opts),
    alipay: createAlipayClient(
      { gateway: p.alipay.gateway!, appId: p.alipay.appId, timeoutMs: 5000 },
      keys.alipay,
    ),
    wechat: createWechatpayClient(
      {
        baseUrl: p.wechatpay.baseUrl!,
        mchid: p.wechatpay.mchid,
        appid: p.wechatpay.appid,
        merchantSerial: p.wechatpay.merchantSerial,
        publicKeyId: p.wechatpay.publicKeyId,
        timeoutMs: 5000,
      },
      keys.wechatpay,
    ),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-personas-'));
  base = loadConfig({ KAMENG_DATA_DIR: dir, KAMENG_LOG_LEVEL: 'silent', PORT: '0' });
  keys = await loadPaymentKeys(base);
  simKeys = await loadSimulatorKeys(demoKeyBundleDir(dir), simulatorIds(base));
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      notified.push({ path: req.url ?? '', body });
      if (req.url?.endsWith('/alipay')) res.end('success');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sim = await startGatewaySimulator({
    keys: simKeys,
    stateFile: path.join(dir, 'gateway-sim', 'state.json'),
  });
  admin = new GatewaySimulatorClient(sim.url);
  ({ channels, gateways, alipay, wechat } = connect(
    sim,
    `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
  ));
});

afterAll(async () => {
  await sim?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

let seq = 0;
const orderNo = () => `PP${Date.now()}${++seq}`;
const charge = (channel: GatewayChannel, buyerId: number, no = orderNo()) =>
  channels[channel].charge({ tx: null as never, channel, orderNo: no, buyerId, amountFen: 1500 });

describe('each Kameng buyer pays from an account of their own', () => {
  it('Alipay: the pay reply names the buyer’s own persona, and so does a query of the trade', async () => {
    const one = await charge('alipay', 101);
    const two = await charge('alipay', 102);
    expect(one.payerAccount).toBe(demoPayer(buyerPersona(101)).alipayUserId);
    expect(two.payerAccount).toBe(demoPayer(buyerPersona(102)).alipayUserId);
    expect(one.payerAccount).not.toBe(two.payerAccount);
    // Twice more: the same account every time.
    expect((await charge('alipay', 101)).payerAccount).toBe(one.payerAccount);

    const query = await alipay.exec(
      'alipay.trade.query',
      { bizContent: { trade_no: one.channelTradeNo } },
      VALIDATE,
    );
    expect(query).toMatchObject({
      code: '10000',
      buyer_user_id: demoPayer('buyer-101').alipayUserId,
      buyer_logon_id: demoPayer('buyer-101').alipayLogonId,
    });
  });

  it('WeChat Pay: the order query’s payer.openid is the buyer’s own', async () => {
    const no = orderNo();
    const paid = await charge('wechatpay', 101, no);
    const other = await charge('wechatpay', 102);
    expect(paid.payerAccount).toBe(demoPayer('buyer-101').openid);
    expect(other.payerAccount).toBe(demoPayer('buyer-102').openid);
    const { data } = await wechat
      .chain('v3/pay/transactions/out-trade-no/{out_trade_no}')
      .get({ params: { mchid: base.payments.wechatpay.mchid }, out_trade_no: no });
    expect((data as { payer: { openid: string } }).payer.openid).toBe(demoPayer('buyer-101').openid);
  });
});

describe('buyers set to one persona', () => {
  it('pay from one Alipay account and one openid, until set back', async () => {
    const view = await admin.payAs(201, 'ring-7');
    expect(view).toMatchObject({ buyerId: 201, persona: 'ring-7', own: false, payer: demoPayer('ring-7') });
    await simulatorBuyer(sim.url).payAs([202, 203], 'ring-7');
    for (const buyerId of [201, 202, 203]) {
      expect((await charge('alipay', buyerId)).payerAccount).toBe(demoPayer('ring-7').alipayUserId);
      expect((await charge('wechatpay', buyerId)).payerAccount).toBe(demoPayer('ring-7').openid);
    }
    expect((await admin.payer(204)).own).toBe(true);
    expect((await charge('alipay', 204)).payerAccount).toBe(demoPayer('buyer-204').alipayUserId);

    await admin.payAs(203, null);
    expect(await admin.payer(203)).toMatchObject({ persona: 'buyer-203', own: true });
    expect((await charge('alipay', 203)).payerAccount).toBe(demoPayer('buyer-203').alipayUserId);
  });

  it('refuses a persona name it cannot use, and a bad buyer id', async () => {
    const put = (url: string, body: string) =>
      fetch(`${sim.url}${url}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    expect((await put('/__sim/payers/5', '{"persona":"ring 1"}')).status).toBe(400);
    expect((await put('/__sim/payers/5', '{"persona":""}')).status).toBe(400);
    expect((await put('/__sim/payers/5', '{}')).status).toBe(400);
    expect((await put('/__sim/payers/abc', '{"persona":"ring-1"}')).status).toBe(400);
    expect((await put('/__sim/payers/0', '{"persona":"ring-1"}')).status).toBe(400);
    expect((await admin.payer(5)).own).toBe(true);
  });
});

describe('a trade keeps the account that paid it', () => {
  it('a retried payment of the same order answers the first payer, whoever retries', async () => {
    const no = orderNo();
    const first = await charge('alipay', 301, no);
    const again = await charge('alipay', 302, no);
    expect(again).toEqual(first);
    const wx = orderNo();
    const paid = await charge('wechatpay', 301, wx);
    expect((await charge('wechatpay', 302, wx)).payerAccount).toBe(paid.payerAccount);
  });

  it('a persona changed after payment does not change what the refund reply and notification say', async () => {
    const no = orderNo();
    const { channelTradeNo } = await charge('alipay', 401, no);
    await admin.payAs(401, 'ring-8');
    notified.length = 0;
    const status = await gateways.alipay.requestRefund({
      channel: 'alipay',
      orderNo: no,
      channelTradeNo,
      outRefundNo: `RF${no}`,
      refundFen: 500,
      orderTotalFen: 1500,
      reason: '卡密无效',
    });
    expect(status.kind).toBe('succeeded');
    const deliveries = await admin.notifications();
    expect(deliveries.some((d) => d.outRefundNo === `RF${no}`)).toBe(true);
    const body = notified.find((n) => n.body.includes(`RF${no}`))!.body;
    expect(new URLSearchParams(body).get('buyer_id')).toBe(demoPayer('buyer-401').alipayUserId);
    const query = await alipay.exec('alipay.trade.query', { bizContent: { out_trade_no: no } }, VALIDATE);
    expect(query.buyer_user_id).toBe(demoPayer('buyer-401').alipayUserId);
  });

  it('a 付款码 the simulator did not issue is some other Alipay user, of its own', async () => {
    const code = '281234567890123456';
    const reply = await alipay.exec(
      'alipay.trade.pay',
      {
        bizContent: {
          out_trade_no: orderNo(),
          scene: 'bar_code',
          auth_code: code,
          subject: 'x',
          total_amount: '1.00',
        },
      },
      VALIDATE,
    );
    expect(reply.buyer_user_id).toBe(demoPayer(`code-${code}`).alipayUserId);
    expect(reply.buyer_user_id).not.toBe(LEGACY_PAYER.alipayUserId);
  });
});

describe('a restarted simulator', () => {
  it('keeps who pays as whom, and what each trade showed', async () => {
    await admin.payAs(501, 'ring-9');
    const no = orderNo();
    await charge('wechatpay', 501, no);
    await sim.stop();
    sim = await startGatewaySimulator({
      keys: simKeys,
      stateFile: path.join(dir, 'gateway-sim', 'state.json'),
    });
    admin = new GatewaySimulatorClient(sim.url);
    ({ channels, gateways, alipay, wechat } = connect(
      sim,
      `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    ));
    expect(await admin.payer(501)).toMatchObject({ persona: 'ring-9' });
    expect((await charge('alipay', 501)).payerAccount).toBe(demoPayer('ring-9').alipayUserId);
    expect((await charge('alipay', 502)).payerAccount).toBe(demoPayer('buyer-502').alipayUserId);
    const trade = (await admin.trades('wechatpay')).find((t) => t.outTradeNo === no)!;
    expect(trade.payer).toEqual(demoPayer('ring-9'));
    // Reset forgets the settings too.
    await admin.reset();
    expect((await admin.payer(501)).own).toBe(true);
  });
});
