import { createVerify } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { fenToYuan, formatChinaTime, yuanToFen } from '../modules/payments/formats.ts';
import {
  type AlipayIdStandard,
  alipayBuyerFields,
  alipayRefundNotification,
  alipaySignContent,
  sign,
} from './alipay-notify.ts';
import type { SimEngine } from './engine.ts';
import { TRANSPORT_FAULTS } from './faults.ts';
import type { SimulatorKeys } from './keys.ts';
import { buyerIdOf } from './payers.ts';
import { newAlipayTradeNo, type SimTrade } from './state.ts';

type Params = Record<string, string>;
type Biz = Record<string, unknown>;

const DEFAULT_TIMEOUT_HOLD_MS = 15_000;
/** Barcode-pay codes as Alipay issues them: 25–30 then 14–22 digits. */
const AUTH_CODE = /^(2[5-9]|30)\d{14,22}$/;

const ok = (extra: Biz) => ({ code: '10000', msg: 'Success', ...extra });
const bizError = (subCode: string, subMsg: string) => ({
  code: '40004',
  msg: 'Business Failed',
  sub_code: subCode,
  sub_msg: subMsg,
});

/**
 * The Alipay OpenAPI gateway (`/gateway.do`), as `AlipaySdk.exec` calls it: form-POSTed parameters
 * signed RSA2 with the app's private key (verified here with the app public key), JSON replies under
 * `<method>_response` signed with "Alipay's" private key, and refund notifications signed the same
 * way for `checkNotifySignV2`.
 */
export function registerAlipay(app: FastifyInstance, engine: SimEngine, keys: SimulatorKeys['alipay']): void {
  const { state } = engine;
  const respond = (reply: FastifyReply, method: string, body: Biz) => {
    const inner = JSON.stringify(body);
    const key = `${method.replaceAll('.', '_')}_response`;
    return reply
      .type('application/json;charset=utf-8')
      .send(`{"${key}":${inner},"sign":"${sign(inner, keys.alipayPrivateKey)}"}`);
  };

  engine.onNotify('alipay', (refund) => {
    const trade = state.trade('alipay', refund.outTradeNo);
    return trade
      ? alipayRefundNotification(refund, trade, state.refundedFen(trade), keys, engine.alipayIds)
      : null;
  });

  app.post('/gateway.do', async (req, reply) => {
    const params: Params = { ...(req.query as Params) };
    for (const [k, v] of new URLSearchParams(typeof req.body === 'string' ? req.body : '')) params[k] = v;
    const method = params.method ?? 'unknown';
    if (params.app_id !== keys.appId) {
      return respond(reply, method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-app-id',
      });
    }
    if (params.sign_type !== 'RSA2' || !params.sign || !verifyRequest(params, keys.appPublicKey)) {
      return respond(reply, method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
        sub_msg: '验签出错',
      });
    }
    let biz: Biz;
    try {
      biz = JSON.parse(params.biz_content ?? '{}') as Biz;
    } catch {
      return respond(reply, method, bizError('ACQ.INVALID_PARAMETER', 'biz_content 不是 JSON'));
    }
    const op = method === 'alipay.trade.pay' ? 'pay' : method === 'alipay.trade.refund' ? 'refund' : 'query';
    const fault = engine.faults.take(TRANSPORT_FAULTS, {
      channel: 'alipay',
      op,
      outRefundNo: str(biz.out_request_no),
      outTradeNo: str(biz.out_trade_no),
    });
    if (fault?.fault === 'http500')
      return reply.code(500).type('text/html').send('<h1>500 Internal Server Error</h1>');
    const body = handle(method, biz, params);
    if (fault?.fault === 'timeout') await engine.hold(fault.delayMs ?? DEFAULT_TIMEOUT_HOLD_MS);
    return respond(reply, method, body);
  });

  /**
   * The buyer's side (demo and tests only; not part of Alipay's API): Kameng buyer `buyerId` opens
   * their Alipay app, which shows a one-time 付款码 of the account they pay from (their persona).
   */
  app.post('/__sim/alipay/auth-code', async (req, reply) => {
    const buyerId = buyerIdOf(req.body);
    if (buyerId === null) return reply.code(400).send({ error: 'buyerId must be a positive integer' });
    const { authCode, persona } = engine.payers.issueAuthCode(buyerId);
    return reply.send({ auth_code: authCode, persona });
  });

  function handle(method: string, biz: Biz, params: Params): Biz {
    switch (method) {
      case 'alipay.trade.pay':
        return pay(biz);
      case 'alipay.trade.query':
        return query(biz);
      case 'alipay.trade.refund':
        return refund(biz, params.notify_url ?? null);
      case 'alipay.trade.fastpay.refund.query':
        return refundQuery(biz);
      default:
        return { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-method', sub_msg: method };
    }
  }

  function pay(biz: Biz): Biz {
    const outTradeNo = str(biz.out_trade_no);
    const totalFen = yuanToFen(str(biz.total_amount) ?? '');
    if (!outTradeNo || totalFen === null || totalFen <= 0) {
      return bizError('ACQ.INVALID_PARAMETER', 'out_trade_no 或 total_amount 无效');
    }
    const authCode = str(biz.auth_code) ?? '';
    if (!AUTH_CODE.test(authCode)) return bizError('ACQ.PAYMENT_AUTH_CODE_INVALID', '付款码无效');
    // The code is used up either way; it says which account pays.
    const payer = engine.payers.takeAuthCode(authCode);
    const existing = state.trade('alipay', outTradeNo);
    if (existing) {
      // The same order paid again (a retry after a lost reply): the first payment, and its payer, stand.
      if (existing.totalFen !== totalFen) return bizError('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      return ok(payReply(existing, engine.alipayIds));
    }
    const now = new Date();
    const trade: SimTrade = {
      channel: 'alipay',
      outTradeNo,
      tradeNo: newAlipayTradeNo(now),
      totalFen,
      status: 'SUCCESS',
      subject: str(biz.subject) ?? '',
      createdAt: now.toISOString(),
      paidAt: now.toISOString(),
      codeUrl: null,
      payer,
    };
    state.putTrade(trade);
    return ok(payReply(trade, engine.alipayIds));
  }

  function query(biz: Biz): Biz {
    const trade = state.findTrade('alipay', {
      outTradeNo: str(biz.out_trade_no),
      tradeNo: str(biz.trade_no),
    });
    if (!trade) return bizError('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const fullyRefunded = state.refundedFen(trade) === trade.totalFen;
    return ok({
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      trade_status: fullyRefunded ? 'TRADE_CLOSED' : 'TRADE_SUCCESS',
      total_amount: fenToYuan(trade.totalFen),
      send_pay_date: formatChinaTime(new Date(trade.paidAt ?? trade.createdAt)),
      ...alipayBuyerFields(trade, engine.alipayIds),
    });
  }

  function refund(biz: Biz, notifyUrl: string | null): Biz {
    const trade = state.findTrade('alipay', {
      outTradeNo: str(biz.out_trade_no),
      tradeNo: str(biz.trade_no),
    });
    if (!trade) return bizError('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const amountFen = yuanToFen(str(biz.refund_amount) ?? '');
    // Without out_request_no Alipay takes the order number: one full refund per trade.
    const outRequestNo = str(biz.out_request_no) ?? trade.outTradeNo;
    if (amountFen === null) return bizError('ACQ.INVALID_PARAMETER', 'refund_amount 无效');
    const result = engine.open({
      channel: 'alipay',
      trade,
      outRefundNo: outRequestNo,
      amountFen,
      reason: str(biz.refund_reason) ?? '',
      notifyUrl,
    });
    switch (result.kind) {
      case 'mismatch':
        return bizError('ACQ.DISCORDANT_REPEAT_REQUEST', '退款请求号已用于不同的退款金额或交易');
      case 'exceeds':
        return bizError(
          'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL',
          `退款金额超限，可退 ${fenToYuan(result.availableFen)} 元`,
        );
      case 'not_paid':
        return bizError('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      case 'bad_amount':
        return bizError('ACQ.INVALID_PARAMETER', 'refund_amount 无效');
      case 'created':
      case 'existing': {
        const r = result.refund;
        if (r.status === 'ABNORMAL') return bizError('ACQ.BUYER_ERROR', '买家状态非法，无法退款');
        if (r.status === 'CLOSED') return bizError('ACQ.TRADE_HAS_CLOSE', '交易已关闭，无法退款');
        // fund_change is Y only on the call that moved the money; a repeat or a pending refund says N.
        const moved = result.kind === 'created' && r.status === 'SUCCESS';
        return ok({
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          ...alipayBuyerFields(trade, engine.alipayIds),
          fund_change: moved ? 'Y' : 'N',
          refund_fee: fenToYuan(state.refundedFen(trade)),
          ...(r.status === 'SUCCESS'
            ? {
                send_back_fee: fenToYuan(r.amountFen),
                gmt_refund_pay: formatChinaTime(new Date(r.successAt!)),
              }
            : {}),
        });
      }
    }
  }

  function refundQuery(biz: Biz): Biz {
    const trade = state.findTrade('alipay', {
      outTradeNo: str(biz.out_trade_no),
      tradeNo: str(biz.trade_no),
    });
    if (!trade) return bizError('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const outRequestNo = str(biz.out_request_no) ?? trade.outTradeNo;
    const found = state.refund('alipay', outRequestNo);
    const base = { trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo };
    // Alipay answers 10000 with no refund fields when it has no successful refund under that number.
    if (!found || found.outTradeNo !== trade.outTradeNo) return ok(base);
    const r = engine.current(found);
    if (r.status === 'ABNORMAL' || r.status === 'CLOSED') return ok(base);
    return ok({
      ...base,
      out_request_no: r.outRefundNo,
      total_amount: fenToYuan(trade.totalFen),
      refund_amount: fenToYuan(r.amountFen),
      // REFUND_PROCESSING is the simulator's way of showing a refund still under way (see ADR 0004).
      refund_status: r.status === 'SUCCESS' ? 'REFUND_SUCCESS' : 'REFUND_PROCESSING',
      ...(r.successAt
        ? { gmt_refund_pay: formatChinaTime(new Date(r.successAt)), send_back_fee: fenToYuan(r.amountFen) }
        : {}),
    });
  }
}

function verifyRequest(params: Params, appPublicKey: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(alipaySignContent(params, ['sign']), 'utf8')
      .verify(appPublicKey, params.sign!, 'base64');
  } catch {
    return false;
  }
}

function payReply(trade: SimTrade, ids: AlipayIdStandard): Biz {
  const amount = fenToYuan(trade.totalFen);
  return {
    trade_no: trade.tradeNo,
    out_trade_no: trade.outTradeNo,
    ...alipayBuyerFields(trade, ids),
    total_amount: amount,
    receipt_amount: amount,
    buyer_pay_amount: amount,
    gmt_payment: formatChinaTime(new Date(trade.paidAt ?? trade.createdAt)),
    fund_bill_list: [{ fund_channel: 'ALIPAYACCOUNT', amount }],
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
