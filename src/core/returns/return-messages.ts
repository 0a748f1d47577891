import { SHANGHAI_OFFSET_MS } from '../calendar/local-day.ts';
import { formatYuan } from '../money/fen.ts';
// Types only: case-messages spreads these templates in, so a value import back would be a cycle.
import type { MessageFacts, Template } from '../refunds/case-messages.ts';

const at = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') : '';
const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const why = (f: MessageFacts) => (f.reason ? { zh: `原因：${f.reason}`, en: `Reason: ${f.reason}` } : null);

/** The site messages (站内信) of the return-shipping steps (退货寄回); see core/refunds/case-messages.ts. */
export const RETURN_TEMPLATES: Record<string, Template> = {
  request_return: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo}：请寄回商品`,
      titleEn: `Refund ${f.refundNo}: please send the goods back`,
      bodyZh: `退货地址见退款单页面。请在 ${at(f.returnDeadline)}（北京时间）前寄出并填写物流单号，逾期退款单将关闭。`,
      bodyEn: `The return address is on the case page. Ship and enter the tracking number by ${at(f.returnDeadline)} (Beijing time), or the case closes.`,
    },
    {
      to: 'merchant',
      titleZh: `退款单 ${f.refundNo} 等待买家退货`,
      titleEn: `Case ${f.refundNo}: waiting for the buyer's return`,
      bodyZh: '买家寄出后，请在期限内确认收货或提出异议。',
      bodyEn: 'Once the buyer ships, confirm receipt or object within the window.',
    },
  ],
  return_postage_paid: (f) => [
    {
      to: 'buyer',
      titleZh: `退货运费已补偿：${f.refundNo}`,
      titleEn: `Return postage refunded: ${f.refundNo}`,
      bodyZh: `商家承担的退货运费 ${yuan(f.returnPostageFen ?? 0)} 已存入您的余额，可用于下单支付。`,
      bodyEn: `The return postage the merchant pays, ${yuan(f.returnPostageFen ?? 0)}, is in your balance, to pay for orders.`,
    },
    {
      to: 'merchant',
      titleZh: `退款单 ${f.refundNo}：退货运费已补偿给买家`,
      titleEn: `Case ${f.refundNo}: return postage paid to the buyer`,
      bodyZh: `按《退款政策》由商家承担的退货运费 ${yuan(f.returnPostageFen ?? 0)} 已从您的店铺余额付给买家（余额不足部分由平台保障金垫付，之后从您的结算中追回）。`,
      bodyEn: `The return postage the refund policy puts on the shop, ${yuan(f.returnPostageFen ?? 0)}, was paid to the buyer from your balance (what it lacked was advanced by the guarantee fund and is recovered from your settlements).`,
    },
  ],
  return_reminder: (f) => [
    {
      to: 'buyer',
      titleZh: `提醒：退款 ${f.refundNo} 的退货即将逾期`,
      titleEn: `Reminder: the return for refund ${f.refundNo} is nearly due`,
      bodyZh: `请在 ${at(f.returnDeadline)}（北京时间）前寄回商品并填写物流单号，否则退款单将关闭。`,
      bodyEn: `Ship the goods and enter the tracking number by ${at(f.returnDeadline)} (Beijing time), or the case closes.`,
    },
  ],
  ship_return: (f) => [
    {
      to: 'merchant',
      titleZh: `买家已寄回商品：${f.refundNo}`,
      titleEn: `The buyer shipped the goods back: ${f.refundNo}`,
      bodyZh: `${f.returnTracking ?? ''}。请在 ${at(f.returnDeadline)}（北京时间）前确认收货或提出异议，逾期视为已收货并自动退款。`,
      bodyEn: `${f.returnTracking ?? ''}. Confirm receipt or object by ${at(f.returnDeadline)} (Beijing time); after that it counts as received and is refunded.`,
    },
  ],
  confirm_return: (f) => [
    {
      to: 'buyer',
      titleZh: `商家已确认收货：${f.refundNo}`,
      titleEn: `The merchant received the goods: ${f.refundNo}`,
      bodyZh: `${yuan(f.approvedFen ?? f.amountFen)} 将按原支付路径退回。`,
      bodyEn: `${yuan(f.approvedFen ?? f.amountFen)} is on its way back the way you paid.`,
    },
  ],
  return_confirm_lapsed: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已自动退款`,
      titleEn: `Refund ${f.refundNo} paid automatically`,
      bodyZh: `商家未在期限内确认收货，视为已收货，${yuan(f.approvedFen ?? f.amountFen)} 将按原支付路径退回。`,
      bodyEn: `The merchant did not confirm receipt in time, so it counts as received: ${yuan(f.approvedFen ?? f.amountFen)} goes back the way you paid.`,
    },
    {
      to: 'merchant',
      titleZh: `确认收货期限已过：${f.refundNo}`,
      titleEn: `Receipt window over: ${f.refundNo}`,
      bodyZh: '已视为收到退货，系统已自动退款。',
      bodyEn: 'The return counts as received; the refund was paid automatically.',
    },
  ],
  object_return: (f) => [
    {
      to: 'buyer',
      titleZh: `商家对退回的商品有异议：${f.refundNo}`,
      titleEn: `The merchant objects to the returned goods: ${f.refundNo}`,
      bodyZh: `客服将核实后处理。${why(f)?.zh ?? ''}`,
      bodyEn: `An agent will look into it. ${why(f)?.en ?? ''}`,
    },
    ...(f.hasAssignee
      ? [
          {
            to: 'assignee' as const,
            titleZh: `商家对退货有异议：${f.refundNo}`,
            titleEn: `Merchant objects to the return: ${f.refundNo}`,
            bodyZh: '案件已回到待审核。',
            bodyEn: 'The case is back in review.',
          },
        ]
      : []),
  ],
  close_unshipped: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已关闭`,
      titleEn: `Refund ${f.refundNo} closed`,
      bodyZh: '未在期限内寄回商品并填写物流单号，退款单已关闭。您可以重新打开一次。',
      bodyEn: 'The goods were not shipped back in time, so the case closed. You may reopen it once.',
    },
    {
      to: 'merchant',
      titleZh: `退款单 ${f.refundNo} 已关闭`,
      titleEn: `Case ${f.refundNo} closed`,
      bodyZh: '买家未在期限内退货，退款单已关闭。',
      bodyEn: 'The buyer did not ship the goods back in time; the case is closed.',
    },
  ],
};
