import { assertNever } from '../assert-never.ts';
import { formatYuan } from '../money/fen.ts';

/** What can happen to an order, as stored in `order_event` (kind + data). */
export type OrderEventData =
  | { kind: 'placed'; quantity: number; amountFen: number }
  | { kind: 'paid'; channel: 'balance' | 'alipay' | 'wechatpay'; amountFen: number }
  | { kind: 'keys_delivered'; count: number; restocked?: boolean }
  | { kind: 'delivery_failed'; reason: 'out_of_stock' | 'topup_failed'; wanted?: number; available?: number }
  | {
      kind: 'topup_attempt';
      attemptNo: number;
      status: 'succeeded' | 'partial' | 'failed';
      requestedUnits: number;
      arrivedUnits: number;
    }
  | { kind: 'shipped'; carrier: string; trackingNo: string }
  | { kind: 'received'; auto: boolean }
  | { kind: 'completed'; auto: boolean }
  | { kind: 'cancelled'; reason: 'buyer' | 'expired' }
  | { kind: 'key_extracted'; action: 'reveal' | 'copy'; cardKeyId: number }
  | { kind: 'keys_refunded'; refundNo: string; count: number };

const CHANNEL = {
  balance: ['余额', 'balance'],
  alipay: ['支付宝', 'Alipay'],
  wechatpay: ['微信支付', 'WeChat Pay'],
} as const;

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

/** The sentence a buyer reads in the order's timeline, in both languages. */
export function describeOrderEvent(e: OrderEventData): { textZh: string; textEn: string } {
  switch (e.kind) {
    case 'placed':
      return {
        textZh: `下单 ${e.quantity} 件，应付 ${yuan(e.amountFen)}`,
        textEn: `Order placed: ${e.quantity} item(s), ${yuan(e.amountFen)} due`,
      };
    case 'paid':
      return {
        textZh: `已通过${CHANNEL[e.channel][0]}支付 ${yuan(e.amountFen)}`,
        textEn: `Paid ${yuan(e.amountFen)} by ${CHANNEL[e.channel][1]}`,
      };
    case 'keys_delivered':
      return e.restocked
        ? {
            textZh: `商家补货后，系统已补发 ${e.count} 个卡密`,
            textEn: `${e.count} card key(s) delivered after the shop restocked`,
          }
        : {
            textZh: `系统已自动发放 ${e.count} 个卡密`,
            textEn: `${e.count} card key(s) delivered automatically`,
          };
    case 'delivery_failed':
      return e.reason === 'out_of_stock'
        ? {
            textZh: `发货失败：库存不足（需要 ${e.wanted ?? '?'} 个，仅剩 ${e.available ?? 0} 个），未发放任何卡密`,
            textEn: `Delivery failed: out of stock (needed ${e.wanted ?? '?'}, ${e.available ?? 0} left); no key was issued`,
          }
        : {
            textZh: '发货失败：充值多次未成功，已停止重试',
            textEn: 'Delivery failed: the top-up did not go through after several tries',
          };
    case 'topup_attempt': {
      const zh = { succeeded: '充值成功', partial: '部分到账', failed: '充值失败' }[e.status];
      const en = { succeeded: 'top-up succeeded', partial: 'partially arrived', failed: 'top-up failed' }[
        e.status
      ];
      return {
        textZh: `第 ${e.attemptNo} 次充值：${zh}，到账 ${e.arrivedUnits}/${e.requestedUnits}`,
        textEn: `Top-up attempt ${e.attemptNo}: ${en}, ${e.arrivedUnits}/${e.requestedUnits} arrived`,
      };
    }
    case 'shipped':
      return {
        textZh: `商家已发货：${e.carrier} ${e.trackingNo}`,
        textEn: `Shipped by the merchant: ${e.carrier} ${e.trackingNo}`,
      };
    case 'received':
      return e.auto
        ? {
            textZh: '超时未确认，系统已自动确认收货',
            textEn: 'Receipt confirmed automatically after the confirmation period',
          }
        : { textZh: '买家已确认收货', textEn: 'The buyer confirmed receipt' };
    case 'completed':
      return e.auto
        ? { textZh: '订单已自动完成', textEn: 'Order completed automatically' }
        : { textZh: '订单已完成', textEn: 'Order completed' };
    case 'cancelled':
      return e.reason === 'expired'
        ? {
            textZh: '超时未支付，订单已自动取消，库存已释放',
            textEn: 'Not paid in time: cancelled automatically, stock released',
          }
        : { textZh: '买家取消了订单', textEn: 'The buyer cancelled the order' };
    case 'key_extracted':
      return e.action === 'copy'
        ? { textZh: '买家复制了卡密', textEn: 'The buyer copied a card key' }
        : { textZh: '买家查看了卡密', textEn: 'The buyer revealed a card key' };
    case 'keys_refunded':
      return {
        textZh: `退款单 ${e.refundNo} 审核通过，${e.count} 张卡密随退款作废`,
        textEn: `Refund ${e.refundNo} approved: ${e.count} card key(s) taken back and void`,
      };
    default:
      return assertNever(e);
  }
}

/** A refund case's event as the order's timeline tells it (the case page has the whole story). */
export type RefundEventOnOrder = {
  kind: string;
  refundNo: string;
  data: { amountFen?: number; approvedFen?: number; channel?: string };
};

/** The sentence for a refund event on the order's timeline, or null for events the order skips. */
export function describeRefundEvent(e: RefundEventOnOrder): { textZh: string; textEn: string } | null {
  const no = e.refundNo;
  switch (e.kind) {
    case 'submit':
    case 'resubmit':
      return {
        textZh: `申请退款（退款单 ${no}），可退 ${yuan(e.data.amountFen ?? 0)}`,
        textEn: `Refund applied for (case ${no}), ${yuan(e.data.amountFen ?? 0)} refundable`,
      };
    case 'approve':
    case 'merchant_agree':
    case 'express_approve':
      return {
        textZh: `退款单 ${no} 审核通过，同意退款 ${yuan(e.data.approvedFen ?? 0)}`,
        textEn: `Refund ${no} approved: ${yuan(e.data.approvedFen ?? 0)}`,
      };
    case 'payout_succeeded':
      return e.data.channel === 'balance'
        ? {
            textZh: `退款单 ${no} 已退款 ${yuan(e.data.amountFen ?? 0)}，已退回账户余额`,
            textEn: `Refund ${no} paid: ${yuan(e.data.amountFen ?? 0)} to the balance`,
          }
        : {
            textZh: `退款单 ${no} 已退款 ${yuan(e.data.amountFen ?? 0)}，原路退回`,
            textEn: `Refund ${no} paid: ${yuan(e.data.amountFen ?? 0)} back the way it came`,
          };
    case 'reject':
      return { textZh: `退款单 ${no} 被驳回`, textEn: `Refund ${no} was rejected` };
    case 'appeal':
      return { textZh: `买家对退款单 ${no} 提出申诉`, textEn: `The buyer appealed refund ${no}` };
    case 'withdraw':
      return { textZh: `买家撤销了退款单 ${no}`, textEn: `The buyer withdrew refund ${no}` };
    case 'close_unanswered':
      return {
        textZh: `退款单 ${no} 因未按时补充资料已关闭`,
        textEn: `Refund ${no} closed: the information request went unanswered`,
      };
    default:
      return null;
  }
}
