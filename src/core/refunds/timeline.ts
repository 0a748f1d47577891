import { formatYuan } from '../money/fen.ts';
import type { CaseState } from './case-machine.ts';
import { describeChannelFailure } from './channel-failure.ts';

export const CASE_STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  submitted: { zh: '待审核', en: 'Awaiting review' },
  info_requested: { zh: '待补充资料', en: 'More information requested' },
  risk_hold: { zh: '风控审核', en: 'Under risk review' },
  approved: { zh: '审核通过', en: 'Approved' },
  awaiting_return: { zh: '待买家退货', en: 'Waiting for the return' },
  return_shipped: { zh: '待商家收货', en: 'Return on its way' },
  refunding: { zh: '退款中', en: 'Refunding' },
  refunded: { zh: '已退款', en: 'Refunded' },
  refund_failed: { zh: '退款失败', en: 'Refund failed' },
  rejected: { zh: '审核拒绝', en: 'Rejected' },
  appealed: { zh: '申诉中', en: 'Under appeal' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const ROLE = {
  buyer: ['买家', 'The buyer'],
  merchant: ['商家', 'The merchant'],
  agent: ['客服', 'An agent'],
  supervisor: ['主管', 'A supervisor'],
  admin: ['管理员', 'An admin'],
  system: ['系统', 'The system'],
} as const;

/** Sentences for events that say more than "moved the case to …" (who comes first, reason after). */
const SENTENCES: Record<string, [string, string]> = {
  submit: ['提交了退款申请，等待审核', 'submitted the refund request; it awaits review'],
  resubmit: ['修改后重新提交了退款申请', 'changed the request and submitted it again'],
  resubmitted: ['已修改后重新提交，见新的退款单', 'resubmitted this request as a new case'],
  withdraw: ['撤销了退款申请', 'withdrew the request'],
  claim: ['已受理，正在处理', 'took the case'],
  request_info: ['请买家补充资料，审核时限暂停', 'asked for more information; the review clock is paused'],
  supplement: ['补充了资料，审核时限顺延', 'answered; the review deadline moved on'],
  supplement_risk: ['补充了资料，继续风控审核', 'answered; the risk review continues'],
  flag_risk: ['将此退款转入风控人工审核', 'sent the case to a risk review by a person'],
  clear_risk: ['完成风控核验，转入正常审核', 'cleared the risk review; the case is back in normal review'],
  approve: ['审核通过', 'approved the refund'],
  merchant_agree: ['同意退款', 'agreed to the refund'],
  express_approve: ['极速退款：系统已自动通过，立即退款', 'express refund: approved by the system at once'],
  express_objection: [
    '对极速退款提出异议并提交证据，交由主管处理',
    'objected to the express refund with proof; a supervisor decides',
  ],
  express_objection_upheld: [
    '异议成立：退款有误，损失由平台保障金承担',
    'objection upheld: the refund was wrong; the guarantee fund bears the loss',
  ],
  express_objection_dismissed: ['异议不成立，退款维持', 'objection dismissed; the refund stands'],
  express_recovery_requested: [
    '请买家确认是否退还平台已赔付的款项（仅在买家同意后收取）',
    'asked the buyer whether they agree to return what the guarantee fund paid (taken only with consent)',
  ],
  express_recovery_consented: ['同意退还平台已赔付的款项', 'agreed to return what the guarantee fund paid'],
  express_recovered: ['已将款项退还至平台保障金', 'returned the amount to the guarantee fund'],
  express_recovery_refused: [
    '不同意退还，损失由平台承担',
    "refused to return it; the loss stays the platform's",
  ],
  merchant_object: ['对退款提出异议', 'objected to the refund'],
  review_after_complaint: [
    '根据投诉处理结果，退款单重新进入主管审核',
    'sent the case back to a supervisor for review after a complaint',
  ],
  complaint_filed: ['就此退款单提交了投诉', 'filed a complaint about this case'],
  merchant_lapsed: [
    '确认商家未在期限内答复，按流程继续处理',
    'found the merchant did not answer in time; the case proceeds',
  ],
  reject: ['驳回了退款申请', 'rejected the request'],
  appeal: ['提出申诉，交由主管处理', 'appealed; a supervisor will decide'],
  urge: ['催办了退款', 'urged the case'],
  escalate: ['将案件升级至主管', 'escalated the case to a supervisor'],
  buyer_escalate: ['要求升级处理，转交主管跟进', 'asked for a supervisor (escalation)'],
  start_payout: ['发起原路退款', 'started the refund to the original payment'],
  payout_succeeded: ['已按原支付路径退款', 'refunded the money the way it was paid'],
  payout_to_balance: ['已将退款退回账户余额', 'paid the refund to the balance'],
  payout_failed: ['退款未成功，转人工处理', 'could not refund; a person will handle it'],
  retry_payout: ['重新发起退款', 'started the refund again'],
  refund_to_balance: ['同意改为退回账户余额', 'agreed to take the refund to their balance instead'],
  close_unanswered: [
    '因补充资料期限已过关闭了退款单',
    'closed the case: the information request went unanswered',
  ],
  reopen: ['重新打开了退款单', 'reopened the case'],
  request_return: [
    '请买家将商品寄回商家，商家确认收货后退款',
    'asked the buyer to send the goods back; the refund is paid once the merchant confirms receipt',
  ],
  return_reminder: [
    '提醒买家尽快寄回商品并填写物流单号，逾期退款单将关闭',
    'reminded the buyer to ship the goods and enter the tracking number before the case closes',
  ],
  ship_return: ['寄回了商品并填写了物流单号', 'shipped the goods back and entered the tracking number'],
  confirm_return: [
    '确认收到退货，退款将按原支付路径退回',
    'confirmed receipt of the goods; the refund is on its way',
  ],
  return_confirm_lapsed: [
    '确认商家未在期限内确认收货，视为已收货，自动退款',
    'found the merchant did not confirm receipt in time; treated as received and refunded',
  ],
  object_return: ['对退回的商品提出异议，交由客服处理', 'objected to the returned goods; an agent decides'],
  return_postage_paid: [
    '将商家承担的退货运费补偿至买家余额',
    "paid the return postage the merchant owes into the buyer's balance",
  ],
  return_postage_unpaid: [
    '退货运费补偿暂未支付（平台保障金不足），将由人工处理',
    'could not pay the return postage yet (guarantee fund short); a person will settle it',
  ],
  close_unshipped: [
    '因买家未在期限内寄回商品关闭了退款单',
    'closed the case: the goods were not shipped back in time',
  ],
  dispute_fee: ['对手续费提出争议', 'disputed the fee'],
  fee_dispute_filed: ['对已扣除的手续费提出争议，见新的退款单', 'disputed the fee kept, in a new case'],
  waive_fee: ['免除了手续费', 'waived the fee'],
  contact: ['联系了买家', 'contacted the buyer'],
  evidence_added: ['补充了凭证', 'added evidence'],
  account_records: [
    '附上了平台生成的账户记录（历史订单与支付凭证，可校验）',
    'attached account records compiled by Kameng (order history and payment vouchers, tamper-evident)',
  ],
};

/** Events whose text is what someone said (a note), not why something happened. */
const NOTE_KINDS = new Set([
  'supplement',
  'supplement_risk',
  'clear_risk',
  'appeal',
  'contact',
  'merchant_object',
  'dispute_fee',
  'reopen',
  'approve',
  'express_recovery_refused',
  'object_return',
]);

/** The sentence shown in a case timeline for one event, in both languages. */
export function describeCaseEvent(e: {
  kind: string;
  toState: CaseState;
  actorRole: string;
  reason: string | null;
  /** A payout paid to the buyer's Kameng balance (the way a balance payment came, or by consent). */
  toBalance?: boolean;
  /** A decision taken on a new quote: the amount at submission and on the day of the decision. */
  requote?: { beforeFen: number; nowFen: number };
  /** An express loss returned by the buyer: how much, and from where. */
  recovered?: { lossFen: number; fromBalanceFen: number; fromChannelFen: number; channel: string | null };
}): { textZh: string; textEn: string } {
  const base = describe(e);
  if (e.recovered) return withRecovery(base, e.recovered);
  if (!e.requote) return base;
  const [b, n] = [yuanOf(e.requote.beforeFen), yuanOf(e.requote.nowFen)];
  return {
    textZh: `${base.textZh}（按审批时的订单情况重新计算：可退 ${b} → ${n}）`,
    textEn: `${base.textEn} (re-quoted on the facts at decision: ${b} → ${n})`,
  };
}

const CHANNEL_NAMES: Record<string, [string, string]> = {
  alipay: ['支付宝', 'Alipay'],
  wechatpay: ['微信支付', 'WeChat Pay'],
};

function withRecovery(
  base: { textZh: string; textEn: string },
  r: { lossFen: number; fromBalanceFen: number; fromChannelFen: number; channel: string | null },
): { textZh: string; textEn: string } {
  const [zh, en] = CHANNEL_NAMES[r.channel ?? ''] ?? ['渠道', 'the channel'];
  const partsZh = [
    ...(r.fromBalanceFen > 0 ? [`余额 ${yuanOf(r.fromBalanceFen)}`] : []),
    ...(r.fromChannelFen > 0 ? [`${zh} ${yuanOf(r.fromChannelFen)}`] : []),
  ];
  const partsEn = [
    ...(r.fromBalanceFen > 0 ? [`${yuanOf(r.fromBalanceFen)} from the balance`] : []),
    ...(r.fromChannelFen > 0 ? [`${yuanOf(r.fromChannelFen)} through ${en}`] : []),
  ];
  return {
    textZh: `${base.textZh} ${yuanOf(r.lossFen)}（${partsZh.join('，')}）`,
    textEn: `${base.textEn.replace(/\.$/, '')}: ${yuanOf(r.lossFen)} (${partsEn.join(', ')}).`,
  };
}

const yuanOf = (fen: number) => `¥${formatYuan(fen)}`;

function describe(e: {
  kind: string;
  toState: CaseState;
  actorRole: string;
  reason: string | null;
  toBalance?: boolean;
}): {
  textZh: string;
  textEn: string;
} {
  const [whoZh, whoEn] = ROLE[e.actorRole as keyof typeof ROLE] ?? ROLE.system;
  const to = CASE_STATE_LABELS[e.toState];
  const note =
    e.kind === 'payout_succeeded'
      ? { zh: '渠道退款单号', en: 'Channel refund id' }
      : NOTE_KINDS.has(e.kind)
        ? { zh: '说明', en: 'Note' }
        : { zh: '原因', en: 'Reason' };
  // A channel's refusal is recorded in its own words ("abnormal: ABNORMAL …"); readers get a sentence.
  const said =
    e.reason && e.kind === 'payout_failed'
      ? describeChannelFailure(e.reason)
      : { zh: e.reason, en: e.reason };
  const why = e.reason
    ? { zh: `，${note.zh}：${said.zh}`, en: ` ${note.en}: ${said.en}` }
    : { zh: '', en: '' };
  const sentence =
    e.kind === 'payout_succeeded' && e.toBalance ? SENTENCES.payout_to_balance : SENTENCES[e.kind];
  if (sentence)
    return { textZh: `${whoZh}${sentence[0]}${why.zh}`, textEn: `${whoEn} ${sentence[1]}.${why.en}` };
  return {
    textZh: `${whoZh}将退款单变更为「${to.zh}」${why.zh}`,
    textEn: `${whoEn} moved the case to "${to.en}".${why.en}`,
  };
}

type WaitFacts = {
  state: CaseState;
  escalated: boolean;
  slaDeadline: string;
  infoDeadline: string | null;
  merchantOpen: boolean;
  /** The buyer's ship-by or the merchant's confirm-by time, while a return is under way. */
  returnDeadline?: string | null;
  /** The buyer reads "you"; merchants and staff read "the buyer". */
  viewer: 'buyer' | 'merchant' | 'other';
};

/** What the platform is waiting for, in plain words (deadlines are Beijing time strings). */
export function waitingFor(c: WaitFacts): { zh: string; en: string } {
  switch (c.state) {
    case 'submitted':
      if (c.escalated) return { zh: '主管正在优先处理', en: 'A supervisor is handling it first' };
      return c.merchantOpen
        ? {
            zh: `等待商家答复与客服审核（审核时限 ${c.slaDeadline}）`,
            en: `Waiting for the merchant and a reviewer (deadline ${c.slaDeadline})`,
          }
        : {
            zh: `等待客服审核（审核时限 ${c.slaDeadline}）`,
            en: `Waiting for a reviewer (deadline ${c.slaDeadline})`,
          };
    case 'info_requested':
      return c.viewer === 'buyer'
        ? {
            zh: `等待您补充资料（截至 ${c.infoDeadline}）`,
            en: `Waiting for your information (by ${c.infoDeadline})`,
          }
        : {
            zh: `等待买家补充资料（截至 ${c.infoDeadline}，审核时限暂停）`,
            en: `Waiting for the buyer's information (by ${c.infoDeadline}; the review clock is paused)`,
          };
    case 'risk_hold':
      return c.viewer === 'buyer'
        ? {
            zh: `此退款需要进一步核验，由专人审核（时限 ${c.slaDeadline}）。完成实名认证、附上账户记录可加快处理`,
            en: `This refund needs a closer check by a person (by ${c.slaDeadline}). Verifying your identity and attaching your account records speeds it up`,
          }
        : {
            zh: `风控人工审核中（时限 ${c.slaDeadline}）`,
            en: `Under risk review by a person (by ${c.slaDeadline})`,
          };
    case 'appealed':
      return {
        zh: `等待主管处理申诉（时限 ${c.slaDeadline}）`,
        en: `Waiting for a supervisor to decide the appeal (by ${c.slaDeadline})`,
      };
    case 'awaiting_return':
      return c.viewer === 'buyer'
        ? {
            zh: `请将商品寄回商家并填写物流单号（截至 ${c.returnDeadline}），逾期退款单将关闭`,
            en: `Send the goods back and enter the tracking number by ${c.returnDeadline}, or the case closes`,
          }
        : {
            zh: `等待买家寄回商品（截至 ${c.returnDeadline}）`,
            en: `Waiting for the buyer to ship the goods back (by ${c.returnDeadline})`,
          };
    case 'return_shipped':
      return c.viewer === 'merchant'
        ? {
            zh: `请在 ${c.returnDeadline} 前确认收货或提出异议，逾期视为已收货并自动退款`,
            en: `Confirm receipt or object by ${c.returnDeadline}; after that it counts as received and is refunded`,
          }
        : {
            zh: `等待商家确认收货（截至 ${c.returnDeadline}，逾期自动退款）`,
            en: `Waiting for the merchant to confirm receipt (by ${c.returnDeadline}, then refunded automatically)`,
          };
    case 'approved':
    case 'refunding':
      return { zh: '等待退款按原支付路径到账', en: 'Waiting for the refund to reach the original payment' };
    case 'refund_failed':
      return c.viewer === 'buyer'
        ? {
            zh: '原路退款未成功：您可以同意改为退回账户余额，或等待平台人工处理',
            en: 'The refund could not go back the way you paid: agree to take it to your balance, or wait for the platform',
          }
        : {
            zh: '退款未成功：等待买家同意退回余额或人工重新发起',
            en: 'The refund failed: waiting for the buyer to take it to the balance, or a person to retry',
          };
    case 'rejected':
      return c.viewer === 'buyer'
        ? {
            zh: '已驳回：您可以申诉，或修改后重新提交',
            en: 'Rejected: you may appeal, or change it and resubmit',
          }
        : {
            zh: '已驳回：买家可以申诉，或修改后重新提交',
            en: 'Rejected: the buyer may appeal, or change it and resubmit',
          };
    case 'closed':
      return c.viewer === 'buyer'
        ? { zh: '已关闭：您可以重新打开一次', en: 'Closed: you may reopen it once' }
        : { zh: '已关闭：买家可以重新打开一次', en: 'Closed: the buyer may reopen it once' };
    default:
      return { zh: '无需等待', en: 'Nothing pending' };
  }
}

/** A key revealed after the case was submitted, as the case timeline marks it. */
export function describeLateReveal(action: 'reveal' | 'copy'): { textZh: string; textEn: string } {
  return action === 'copy'
    ? { textZh: '买家在提交申请后复制了卡密', textEn: 'The buyer copied a card key after applying' }
    : { textZh: '买家在提交申请后查看了卡密', textEn: 'The buyer revealed a card key after applying' };
}
