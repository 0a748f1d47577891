import { SHANGHAI_OFFSET_MS } from '../calendar/local-day.ts';
import { formatYuan } from '../money/fen.ts';
import { RETURN_TEMPLATES } from '../returns/return-messages.ts';
import { clause } from '../sentence.ts';
import { describeChannelFailure } from './channel-failure.ts';

/** Who a site message (站内信) about a case goes to; the module resolves these to users. */
export type Recipient = 'buyer' | 'merchant' | 'assignee' | 'supervisors';

export type CaseMessage = {
  to: Recipient;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
};

/** What a message may mention; deadlines only when the event set or moved one. */
export type MessageFacts = {
  refundNo: string;
  orderNo: string;
  reason: string | null;
  slaDeadline: Date;
  infoDeadline: Date | null;
  merchantDeadline: Date | null;
  amountFen: number;
  approvedFen: number | null;
  feeFen: number;
  /** Whether a reviewer took the case (the last one hears the buyer's answer). */
  hasAssignee: boolean;
  /** Whether that reviewer's claim is still live (else urges go to the supervisors). */
  assigneeLive: boolean;
  /** 退货寄回: the goods must come back before the refund is paid (set with the approval). */
  returnPending?: boolean;
  /** The buyer's ship-by time (awaiting the return) or the merchant's confirm-by time (shipped). */
  returnDeadline?: Date | null;
  /** Carrier name and tracking number, once the buyer shipped. */
  returnTracking?: string | null;
  /** The return postage the merchant owes the buyer (0 when the buyer pays it or declared none). */
  returnPostageFen?: number;
};

/** 2026-11-25 18:00 in Beijing time. */
export function beijingTime(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** ¥20.00 for 2000 fen, by integer arithmetic (formatYuan), never a float. */
export function yuan(fen: number): string {
  return `¥${formatYuan(fen)}`;
}

export type Template = (f: MessageFacts) => Omit<CaseMessage, 'kind'>[];

const why = (f: MessageFacts) =>
  f.reason ? { zh: `原因：${clause(f.reason)}`, en: `Reason: ${clause(f.reason)}` } : null;

/**
 * The site messages every case event sends: requests for information, decisions and deadline changes
 * reach the buyer; new cases and lapsed windows the merchant; urges the assignee (or the supervisors
 * when nobody holds the case); escalations, appeals and fee disputes the supervisors.
 */
const TEMPLATES: Record<string, Template> = {
  submit: (f) => [
    {
      to: 'buyer',
      titleZh: `退款申请 ${f.refundNo} 已提交`,
      titleEn: `Refund request ${f.refundNo} submitted`,
      bodyZh: `我们将在 ${beijingTime(f.slaDeadline)}（北京时间）前完成审核。`,
      bodyEn: `We will decide by ${beijingTime(f.slaDeadline)} (Beijing time).`,
    },
    ...(f.merchantDeadline
      ? [
          {
            to: 'merchant' as const,
            titleZh: `订单 ${f.orderNo} 有新的退款申请`,
            titleEn: `New refund request on order ${f.orderNo}`,
            bodyZh: `请在 ${beijingTime(f.merchantDeadline)} 前同意或提出异议，逾期将按流程继续处理。`,
            bodyEn: `Agree or object by ${beijingTime(f.merchantDeadline)}; after that the case proceeds without you.`,
          },
        ]
      : []),
  ],
  request_info: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 需要您补充资料`,
      titleEn: `Refund ${f.refundNo}: more information needed`,
      bodyZh: `${why(f) ? `${why(f)?.zh}。` : ''}请在 ${f.infoDeadline ? beijingTime(f.infoDeadline) : ''} 前补充，逾期退款单将关闭。审核时限暂停计算。`,
      bodyEn: `${why(f) ? `${why(f)?.en}. ` : ''}Please answer by ${f.infoDeadline ? beijingTime(f.infoDeadline) : ''} or the case closes. The review clock is paused.`,
    },
  ],
  supplement_risk: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 的补充资料已收到`,
      titleEn: `Refund ${f.refundNo}: information received`,
      bodyZh: `专人将继续核验，审核时限顺延至 ${beijingTime(f.slaDeadline)}（北京时间）。`,
      bodyEn: `A person continues the check; the deadline moves to ${beijingTime(f.slaDeadline)} (Beijing time).`,
    },
  ],
  clear_risk: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已通过核验`,
      titleEn: `Refund ${f.refundNo} passed the check`,
      bodyZh: `退款已转入正常审核，审核时限 ${beijingTime(f.slaDeadline)}（北京时间）。`,
      bodyEn: `The refund is back in normal review, deadline ${beijingTime(f.slaDeadline)} (Beijing time).`,
    },
  ],
  supplement: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 的补充资料已收到`,
      titleEn: `Refund ${f.refundNo}: information received`,
      bodyZh: `审核时限顺延至 ${beijingTime(f.slaDeadline)}（北京时间）。`,
      bodyEn: `The review deadline moves to ${beijingTime(f.slaDeadline)} (Beijing time).`,
    },
    ...(f.hasAssignee
      ? [
          {
            to: 'assignee' as const,
            titleZh: `买家已补充资料：${f.refundNo}`,
            titleEn: `The buyer answered: ${f.refundNo}`,
            bodyZh: '案件已回到待审核。',
            bodyEn: 'The case is back in review.',
          },
        ]
      : []),
  ],
  reopen: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已重新打开`,
      titleEn: `Refund ${f.refundNo} reopened`,
      bodyZh: `审核时限为 ${beijingTime(f.slaDeadline)}（北京时间）。`,
      bodyEn: `The review deadline is ${beijingTime(f.slaDeadline)} (Beijing time).`,
    },
  ],
  express_approve: (f) => [
    {
      to: 'buyer',
      titleZh: `极速退款 ${f.refundNo} 已通过`,
      titleEn: `Express refund ${f.refundNo} approved`,
      bodyZh: `您的信用良好，退款 ${yuan(f.approvedFen ?? f.amountFen)} 已立即发起，无需等待审核。`,
      bodyEn: `Your good standing got ${yuan(f.approvedFen ?? f.amountFen)} refunded at once, with no review to wait for.`,
    },
    {
      to: 'merchant',
      titleZh: `订单 ${f.orderNo} 的退款已极速通过`,
      titleEn: `Express refund on order ${f.orderNo}`,
      bodyZh: `平台已为信用良好的买家立即退款 ${yuan(f.approvedFen ?? f.amountFen)}（退款单 ${f.refundNo}）。如有证据表明退款有误（例如提取记录显示卡密已被查看），请在 ${f.merchantDeadline ? beijingTime(f.merchantDeadline) : ''} 前提出异议，由主管处理。`,
      bodyEn: `The platform refunded ${yuan(f.approvedFen ?? f.amountFen)} at once to a buyer in good standing (case ${f.refundNo}). If you have proof it was wrong (e.g. extraction records show the key was revealed), object by ${f.merchantDeadline ? beijingTime(f.merchantDeadline) : ''}; a supervisor decides.`,
    },
  ],
  express_objection: (f) => [
    {
      to: 'supervisors',
      titleZh: `商家对极速退款 ${f.refundNo} 提出异议`,
      titleEn: `Merchant objects to express refund ${f.refundNo}`,
      bodyZh: `商家提交的证据：${f.reason ?? ''}。请核实后裁定异议是否成立。`,
      bodyEn: `The merchant's proof: ${f.reason ?? ''}. Please decide whether the objection stands.`,
    },
  ],
  express_objection_upheld: (f) => [
    {
      to: 'merchant',
      titleZh: `极速退款 ${f.refundNo} 的异议成立`,
      titleEn: `Objection to express refund ${f.refundNo} upheld`,
      bodyZh: '退款金额已由平台保障金赔付至您的账户余额。',
      bodyEn: 'The guarantee fund has paid the refunded amount into your balance.',
    },
  ],
  express_objection_dismissed: (f) => [
    {
      to: 'merchant',
      titleZh: `极速退款 ${f.refundNo} 的异议不成立`,
      titleEn: `Objection to express refund ${f.refundNo} dismissed`,
      bodyZh: `${why(f)?.zh ?? ''}`,
      bodyEn: `${why(f)?.en ?? ''}`,
    },
  ],
  // The buyer is told what happened, the amount and why, and that nothing is taken without consent.
  express_recovery_requested: (f) => [
    {
      to: 'buyer',
      titleZh: `极速退款 ${f.refundNo} 经核实有误，请确认是否退还 ${yuan(f.approvedFen ?? f.amountFen)}`,
      titleEn: `Express refund ${f.refundNo} was found wrong: will you return ${yuan(f.approvedFen ?? f.amountFen)}?`,
      bodyZh: `订单 ${f.orderNo} 的极速退款已到账后，商家提交了证据提出异议，主管核实后认定退款有误${f.reason ? `（${f.reason}）` : ''}。平台已用保障金向商家赔付 ${yuan(f.approvedFen ?? f.amountFen)}，您的极速退款资格已取消。请在退款单页面选择「同意退还」（优先从余额扣除，不足部分可用支付宝或微信支付）或「不同意」并说明理由。未经您同意，平台不会扣取任何款项。`,
      bodyEn: `After the express refund on order ${f.orderNo} reached you, the merchant objected with proof and a supervisor found the refund wrong${f.reason ? ` (${f.reason})` : ''}. The platform's guarantee fund paid the merchant ${yuan(f.approvedFen ?? f.amountFen)} and your express eligibility is withdrawn. On the case page, choose "Agree to return" (your balance first, the rest by Alipay or WeChat Pay) or "Disagree" with your reason. Nothing is taken without your consent.`,
    },
  ],
  express_recovered: (f) => [
    {
      to: 'buyer',
      titleZh: `已退还 ${yuan(f.approvedFen ?? f.amountFen)}（退款单 ${f.refundNo}）`,
      titleEn: `${yuan(f.approvedFen ?? f.amountFen)} returned (case ${f.refundNo})`,
      bodyZh: '感谢您的配合，款项已退还至平台保障金。明细见退款单时间线。',
      bodyEn: 'Thank you: the amount went back to the guarantee fund. The case timeline has the details.',
    },
  ],
  express_recovery_refused: (f) => [
    {
      to: 'supervisors',
      titleZh: `买家不同意退还极速退款 ${f.refundNo} 的款项`,
      titleEn: `The buyer will not return express refund ${f.refundNo}`,
      bodyZh: `损失 ${yuan(f.approvedFen ?? f.amountFen)} 由平台保障金承担，未收取任何款项。${f.reason ? `买家理由：${f.reason}` : ''}`,
      bodyEn: `The guarantee fund keeps the loss of ${yuan(f.approvedFen ?? f.amountFen)}; nothing was taken.${f.reason ? ` The buyer's reason: ${f.reason}` : ''}`,
    },
  ],
  approve: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 审核通过`,
      titleEn: `Refund ${f.refundNo} approved`,
      bodyZh: f.returnPending
        ? `请先将商品寄回商家，商家确认收货后按原支付路径退款 ${yuan(f.approvedFen ?? f.amountFen)}。`
        : `将按原支付路径退款 ${yuan(f.approvedFen ?? f.amountFen)}。`,
      bodyEn: f.returnPending
        ? `Send the goods back first; ${yuan(f.approvedFen ?? f.amountFen)} is refunded the way you paid once the merchant confirms receipt.`
        : `${yuan(f.approvedFen ?? f.amountFen)} will be refunded the way you paid.`,
    },
    {
      to: 'merchant',
      titleZh: `订单 ${f.orderNo} 的退款已通过`,
      titleEn: `Refund on order ${f.orderNo} approved`,
      bodyZh: `退款单 ${f.refundNo}，金额 ${yuan(f.approvedFen ?? f.amountFen)}。`,
      bodyEn: `Case ${f.refundNo}, ${yuan(f.approvedFen ?? f.amountFen)}.`,
    },
  ],
  reject: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 未通过审核`,
      titleEn: `Refund ${f.refundNo} rejected`,
      bodyZh: `${why(f) ? `${why(f)?.zh}。` : ''}您可以申诉，或修改后重新提交。`,
      bodyEn: `${why(f) ? `${why(f)?.en}. ` : ''}You may appeal, or change the request and resubmit.`,
    },
  ],
  appeal: (f) => [
    {
      to: 'supervisors',
      titleZh: `新的申诉：${f.refundNo}`,
      titleEn: `New appeal: ${f.refundNo}`,
      bodyZh: why(f)?.zh ?? '',
      bodyEn: why(f)?.en ?? '',
    },
  ],
  urge: (f) => [
    {
      to: f.assigneeLive ? 'assignee' : 'supervisors',
      titleZh: `买家催办：${f.refundNo}`,
      titleEn: `The buyer urges: ${f.refundNo}`,
      bodyZh: `审核时限 ${beijingTime(f.slaDeadline)} 已过，请尽快处理。`,
      bodyEn: `The deadline ${beijingTime(f.slaDeadline)} has passed; please decide soon.`,
    },
  ],
  escalate: (f) => [
    {
      to: 'supervisors',
      titleZh: `案件已升级：${f.refundNo}`,
      titleEn: `Case escalated: ${f.refundNo}`,
      bodyZh: why(f)?.zh ?? '',
      bodyEn: why(f)?.en ?? '',
    },
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已转交主管处理`,
      titleEn: `Refund ${f.refundNo} passed to a supervisor`,
      bodyZh: '主管将优先处理您的退款。',
      bodyEn: 'A supervisor will handle your refund first.',
    },
  ],
  buyer_escalate: (f) => [
    {
      to: 'supervisors',
      titleZh: `买家要求升级：${f.refundNo}`,
      titleEn: `The buyer asks for a supervisor: ${f.refundNo}`,
      bodyZh: why(f)?.zh ?? '',
      bodyEn: why(f)?.en ?? '',
    },
  ],
  close_unanswered: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已关闭`,
      titleEn: `Refund ${f.refundNo} closed`,
      bodyZh: '补充资料的期限已过，退款单已关闭。您可以重新打开一次。',
      bodyEn: 'The information was not received in time, so the case closed. You may reopen it once.',
    },
  ],
  payout_succeeded: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 已退回`,
      titleEn: `Refund ${f.refundNo} paid`,
      bodyZh: `${yuan(f.approvedFen ?? f.amountFen)} 已按原支付路径退回${f.reason ? `，渠道退款单号 ${f.reason}` : ''}。`,
      bodyEn: `${yuan(f.approvedFen ?? f.amountFen)} went back the way you paid${f.reason ? ` (channel refund id ${f.reason})` : ''}.`,
    },
  ],
  payout_failed: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 未能原路退回`,
      titleEn: `Refund ${f.refundNo} could not be paid back`,
      bodyZh: `${f.reason ? `${describeChannelFailure(f.reason).zh}。` : '支付渠道未能完成退款（如卡已冻结或账户已关闭）。'}您可以在退款单页面同意改为退回账户余额，或等待平台人工处理。`,
      bodyEn: `${f.reason ? `${describeChannelFailure(f.reason).en}.` : 'The payment channel could not complete the refund (e.g. a frozen card or a closed account).'} You can agree on the case page to take it to your balance instead, or wait for the platform to handle it.`,
    },
    {
      to: 'supervisors',
      titleZh: `退款失败待处理：${f.refundNo}`,
      titleEn: `Refund failed, needs handling: ${f.refundNo}`,
      bodyZh: f.reason ? `原因：${describeChannelFailure(f.reason).zh}` : '',
      bodyEn: f.reason ? `Reason: ${describeChannelFailure(f.reason).en}` : '',
    },
  ],
  merchant_lapsed: (f) => [
    {
      to: 'merchant',
      titleZh: `答复期限已过：${f.refundNo}`,
      titleEn: `Response window over: ${f.refundNo}`,
      bodyZh: '退款将在没有您答复的情况下继续处理。',
      bodyEn: 'The case proceeds without your answer.',
    },
  ],
  ...RETURN_TEMPLATES,
  dispute_fee: (f) => [
    {
      to: 'supervisors',
      titleZh: `手续费争议：${f.refundNo}`,
      titleEn: `Fee disputed: ${f.refundNo}`,
      bodyZh: `手续费 ${yuan(f.feeFen)}。${why(f)?.zh ?? ''}`,
      bodyEn: `Fee ${yuan(f.feeFen)}. ${why(f)?.en ?? ''}`,
    },
  ],
  waive_fee: (f) => [
    {
      to: 'buyer',
      titleZh: `退款 ${f.refundNo} 的手续费已免除`,
      titleEn: `Fee waived on refund ${f.refundNo}`,
      bodyZh: `可退金额调整为 ${yuan(f.amountFen)}。`,
      bodyEn: `The refundable amount is now ${yuan(f.amountFen)}.`,
    },
  ],
};

/** The messages one case event sends (none for events nobody needs to hear about). */
export function caseMessages(kind: string, f: MessageFacts): CaseMessage[] {
  const template = TEMPLATES[kind === 'merchant_agree' ? 'approve' : kind];
  const messages = template ? template(f).map((m) => ({ ...m, kind: `refund.${kind}` })) : [];
  // The merchant who agreed needs no message about its own agreement.
  return kind === 'merchant_agree' ? messages.filter((m) => m.to !== 'merchant') : messages;
}

/**
 * The channel paid a refund the books could not take (the guarantee fund short): the supervisors are
 * told once; the payout is re-checked until it books.
 */
export function bookingFailedMessage(refundNo: string, amountFen: number, why: string): CaseMessage {
  return {
    to: 'supervisors',
    kind: 'payout_booking_failed',
    titleZh: `退款 ${refundNo} 已出款但未能入账`,
    titleEn: `Refund ${refundNo} paid out but not booked`,
    bodyZh: `渠道已退款 ${yuan(amountFen)}，账务记账被拒绝（${why}）。请补足担保金等，系统将每 30 分钟重试入账。`,
    bodyEn: `The channel refunded ${yuan(amountFen)} but the ledger refused the booking (${why}). Top up the guarantee fund or correct the cause; booking is retried every 30 minutes.`,
  };
}
