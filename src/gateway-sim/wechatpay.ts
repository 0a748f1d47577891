import { createVerify, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { demoPayer } from '../modules/payments/demo-payers.ts';
import { formatRfc3339China } from '../modules/payments/formats.ts';
import type { SimEngine } from './engine.ts';
import { TRANSPORT_FAULTS } from './faults.ts';
import type { SimulatorKeys } from './keys.ts';
import { buyerIdOf, payerOfTrade } from './payers.ts';
import { newWechatTransactionId, type SimRefund, type SimTrade } from './state.ts';
import { nonce, rsaSign, wechatRefundNotification } from './wechatpay-notify.ts';

type Json = Record<string, unknown>;
type Keys = SimulatorKeys['wechatpay'];

const DEFAULT_TIMEOUT_HOLD_MS = 15_000;
const MAX_CLOCK_SKEW_S = 300;
/** `WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",…` → its fields. */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  const m = /^WECHATPAY2-SHA256-RSA2048\s+(.+)$/.exec(header ?? '');
  if (!m) return null;
  return Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((p) => [p[1]!, p[2]!]));
}

/**
 * WeChat Pay API v3: JSON requests signed `WECHATPAY2-SHA256-RSA2048` with the merchant key (verified
 * here), replies signed with the platform key under the WeChat Pay public key id, refund notifications
 * signed the same way with the resource encrypted under the APIv3 key.
 */
export function registerWechatpay(app: FastifyInstance, engine: SimEngine, keys: Keys): void {
  const { state } = engine;

  const send = (reply: FastifyReply, status: number, payload?: Json) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const ts = String(Math.floor(Date.now() / 1000));
    const n = nonce();
    return reply
      .code(status)
      .headers({
        'content-type': 'application/json; charset=utf-8',
        'request-id': randomUUID(),
        'wechatpay-timestamp': ts,
        'wechatpay-nonce': n,
        'wechatpay-serial': keys.publicKeyId,
        'wechatpay-signature': rsaSign(`${ts}\n${n}\n${body}\n`, keys.platformPrivateKey),
        'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      })
      .send(body);
  };
  const fail = (reply: FastifyReply, status: number, code: string, message: string) =>
    send(reply, status, { code, message });

  /** Checks the merchant's request signature; answers 401 itself when it does not hold. */
  const authentic = (req: FastifyRequest, reply: FastifyReply): boolean => {
    const auth = parseAuthorization(req.headers.authorization);
    const body = typeof req.body === 'string' ? req.body : '';
    const skew = Math.abs(Math.floor(Date.now() / 1000) - Number(auth?.timestamp));
    const valid =
      auth !== null &&
      auth.mchid === keys.mchid &&
      auth.serial_no === keys.merchantSerial &&
      skew <= MAX_CLOCK_SKEW_S &&
      verify(
        `${req.method}\n${req.url}\n${auth.timestamp}\n${auth.nonce_str}\n${body}\n`,
        auth.signature,
        keys.merchantPublicKey,
      );
    if (!valid) void fail(reply, 401, 'SIGN_ERROR', '签名错误，请检查商户号、证书序列号与签名串');
    return valid;
  };

  /** Applies a scripted transport fault around `work`. */
  const withFaults = async (
    reply: FastifyReply,
    ctx: { op: 'pay' | 'refund' | 'query'; outRefundNo?: string; outTradeNo?: string },
    work: () => { status: number; body: Json },
  ) => {
    const fault = engine.faults.take(TRANSPORT_FAULTS, { channel: 'wechatpay', ...ctx });
    if (fault?.fault === 'http500') return fail(reply, 500, 'SYSTEM_ERROR', '系统错误');
    const { status, body } = work();
    if (fault?.fault === 'timeout') await engine.hold(fault.delayMs ?? DEFAULT_TIMEOUT_HOLD_MS);
    return send(reply, status, body);
  };

  engine.onNotify('wechatpay', (refund) => {
    const trade = state.trade('wechatpay', refund.outTradeNo);
    return trade ? wechatRefundNotification(refund, trade, keys) : null;
  });

  app.post('/v3/pay/transactions/native', async (req, reply) => {
    if (!authentic(req, reply)) return reply;
    const body = parseJson(req.body);
    const outTradeNo = str(body?.out_trade_no);
    return withFaults(reply, { op: 'pay', outTradeNo }, () => {
      const amount = body?.amount as Json | undefined;
      const total = amount?.total;
      if (!body || body.mchid !== keys.mchid || body.appid !== keys.appid) {
        return { status: 400, body: { code: 'PARAM_ERROR', message: 'appid 或 mchid 不正确' } };
      }
      if (!outTradeNo || !Number.isSafeInteger(total) || (total as number) <= 0) {
        return { status: 400, body: { code: 'PARAM_ERROR', message: 'out_trade_no 或 amount.total 无效' } };
      }
      const existing = state.trade('wechatpay', outTradeNo);
      if (existing) {
        if (existing.totalFen !== total)
          return { status: 400, body: { code: 'INVALID_REQUEST', message: '订单号重复' } };
        return { status: 200, body: { code_url: existing.codeUrl } };
      }
      const now = new Date().toISOString();
      const trade: SimTrade = {
        channel: 'wechatpay',
        outTradeNo,
        tradeNo: null,
        totalFen: total as number,
        status: 'NOTPAY',
        subject: str(body.description) ?? '',
        createdAt: now,
        paidAt: null,
        codeUrl: `weixin://wxpay/bizpayurl?pr=${nonce(7)}`,
      };
      state.putTrade(trade);
      return { status: 200, body: { code_url: trade.codeUrl } };
    });
  });

  app.get('/v3/pay/transactions/out-trade-no/:outTradeNo', async (req, reply) => {
    if (!authentic(req, reply)) return reply;
    const { outTradeNo } = req.params as { outTradeNo: string };
    return withFaults(reply, { op: 'query', outTradeNo }, () => {
      const trade = state.trade('wechatpay', outTradeNo);
      if (!trade) return { status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } };
      return { status: 200, body: transactionBody(trade) };
    });
  });

  app.post('/v3/refund/domestic/refunds', async (req, reply) => {
    if (!authentic(req, reply)) return reply;
    const body = parseJson(req.body);
    const outRefundNo = str(body?.out_refund_no);
    const outTradeNo = str(body?.out_trade_no);
    return withFaults(reply, { op: 'refund', outRefundNo, outTradeNo }, () => {
      const amount = (body?.amount ?? {}) as Json;
      if (
        !body ||
        !outRefundNo ||
        !Number.isSafeInteger(amount.refund) ||
        !Number.isSafeInteger(amount.total)
      ) {
        return { status: 400, body: { code: 'PARAM_ERROR', message: 'out_refund_no 或 amount 无效' } };
      }
      const trade = state.findTrade('wechatpay', { outTradeNo, tradeNo: str(body.transaction_id) });
      if (!trade) return { status: 404, body: { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' } };
      if (amount.total !== trade.totalFen) {
        return { status: 400, body: { code: 'PARAM_ERROR', message: '订单金额与原订单金额不一致' } };
      }
      const result = engine.open({
        channel: 'wechatpay',
        trade,
        outRefundNo,
        amountFen: amount.refund as number,
        reason: str(body.reason) ?? '',
        notifyUrl: str(body.notify_url) ?? null,
      });
      switch (result.kind) {
        case 'created':
        case 'existing':
          return { status: 200, body: refundBody(result.refund, trade) };
        case 'mismatch':
          return {
            status: 400,
            body: { code: 'INVALID_REQUEST', message: '退款单号已存在，且与原请求参数不一致' },
          };
        case 'exceeds':
          return { status: 400, body: { code: 'INVALID_REQUEST', message: '申请退款金额超过订单可退金额' } };
        case 'not_paid':
          return { status: 400, body: { code: 'INVALID_REQUEST', message: '订单未支付' } };
        case 'bad_amount':
          return { status: 400, body: { code: 'PARAM_ERROR', message: '退款金额无效' } };
      }
    });
  });

  app.get('/v3/refund/domestic/refunds/:outRefundNo', async (req, reply) => {
    if (!authentic(req, reply)) return reply;
    const { outRefundNo } = req.params as { outRefundNo: string };
    return withFaults(reply, { op: 'query', outRefundNo }, () => {
      const found = state.refund('wechatpay', outRefundNo);
      const trade = found && state.trade('wechatpay', found.outTradeNo);
      if (!found || !trade)
        return { status: 404, body: { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' } };
      return { status: 200, body: refundBody(engine.current(found), trade) };
    });
  });

  /**
   * Kameng buyer `buyerId` scans the QR code and pays from the WeChat account of their persona (demo
   * and tests only; not part of WeChat Pay's API). Without a buyerId, a WeChat user the simulator does
   * not know pays: a persona of that code's own. A second scan changes nothing: the first payer stands.
   */
  app.post('/__sim/wechatpay/scan', async (req, reply) => {
    const body = parseJson(req.body);
    const codeUrl = str(body?.code_url);
    const trade = state.listTrades().find((t) => t.channel === 'wechatpay' && t.codeUrl === codeUrl);
    if (!trade) return reply.code(404).send({ error: 'no such code_url' });
    const buyerId = body?.buyerId === undefined ? undefined : buyerIdOf(req.body);
    if (buyerId === null) return reply.code(400).send({ error: 'buyerId must be a positive integer' });
    if (trade.status !== 'SUCCESS') {
      const now = new Date();
      const persona =
        buyerId === undefined
          ? `code-${new URL(trade.codeUrl!).searchParams.get('pr')}`
          : engine.payers.personaOf(buyerId);
      trade.status = 'SUCCESS';
      trade.tradeNo = newWechatTransactionId(now);
      trade.paidAt = now.toISOString();
      trade.payer = demoPayer(persona);
      state.putTrade(trade);
    }
    return reply.send({
      transaction_id: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      openid: payerOfTrade(trade).openid,
    });
  });

  function transactionBody(trade: SimTrade): Json {
    return {
      appid: keys.appid,
      mchid: keys.mchid,
      out_trade_no: trade.outTradeNo,
      ...(trade.tradeNo ? { transaction_id: trade.tradeNo } : {}),
      trade_type: 'NATIVE',
      trade_state: trade.status,
      trade_state_desc: trade.status === 'SUCCESS' ? '支付成功' : '未支付',
      ...(trade.paidAt ? { success_time: formatRfc3339China(new Date(trade.paidAt)) } : {}),
      ...(trade.status === 'SUCCESS' ? { payer: { openid: payerOfTrade(trade).openid } } : {}),
      amount: { total: trade.totalFen, payer_total: trade.totalFen, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  function refundBody(r: SimRefund, trade: SimTrade): Json {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.tradeNo,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successAt ? { success_time: formatRfc3339China(new Date(r.successAt)) } : {}),
      create_time: formatRfc3339China(new Date(r.createdAt)),
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: trade.totalFen,
        refund: r.amountFen,
        payer_total: trade.totalFen,
        payer_refund: r.amountFen,
        settlement_total: trade.totalFen,
        settlement_refund: r.amountFen,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
    };
  }
}

function verify(message: string, signature: string | undefined, publicKey: string): boolean {
  if (!signature) return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

function parseJson(body: unknown): Json | null {
  if (typeof body !== 'string' || body === '') return null;
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
