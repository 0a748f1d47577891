import { formatYuan } from '../money/index.ts';
import { COMPLAINT_KINDS } from './complaint-machine.ts';
import type { ComplaintPolicy } from './complaint-policy.ts';
import { COMPLAINT_KIND_LABELS } from './complaint-texts.ts';

export type GuideSection = {
  id: string;
  titleZh: string;
  titleEn: string;
  itemsZh: string[];
  itemsEn: string[];
};

/**
 * The help-centre page on complaining (如何投诉), written from the policy's complaint data: the steps inside
 * the platform with their deadlines, then the outside channels and what to bring. Changing the policy
 * changes the page.
 */
export function complaintGuide(
  p: ComplaintPolicy,
  policyVersion: number | null,
): {
  policyVersion: number | null;
  sections: GuideSection[];
} {
  const days = COMPLAINT_KINDS.map((k) => ({ k, d: p.resolveDays[k] }));
  return {
    policyVersion,
    sections: [
      {
        id: 'inside',
        titleZh: '一、先在平台内投诉',
        titleEn: '1. Complain on the platform first',
        itemsZh: [
          '在退款单页面点击「投诉」，选择投诉类型，写明发生了什么并上传凭证；对商家的整体投诉可在「我的投诉」中提交。',
          '投诉由未参与该退款单处理的客服主管受理，不会交给被投诉的客服。',
          ...days.map(({ k, d }) => `${COMPLAINT_KIND_LABELS[k].zh}：${d} 个工作日内处理完毕。`),
          `涉及商家的投诉，商家须在 ${p.merchantAnswerDays} 个工作日内答复。`,
          '超过处理时限仍未处理，可点击「催办」，投诉将升级至平台管理员。',
          `处理结果可能包括：退款单重新审核、退还手续费、由平台保障金赔付（单笔最高 ¥${formatYuan(p.maxCompensationFen)}），并以站内信说明理由。`,
          `对处理结果不满意，可在 ${p.reopenWithinDays} 个工作日内重新打开一次。`,
        ],
        itemsEn: [
          'On the refund case page choose "Complain", pick the kind, say what happened and add evidence; a complaint about a merchant in general is filed from "My complaints".',
          'A supervisor who did not handle the case takes it; it never goes to the agent it is about.',
          ...days.map(({ k, d }) => `${COMPLAINT_KIND_LABELS[k].en}: resolved within ${d} business days.`),
          `A merchant complained about answers within ${p.merchantAnswerDays} business days.`,
          'Past the deadline you can urge; the complaint is then escalated to the platform admins.',
          `The outcome may send the case back to review, give the fee back, or compensate you from the guarantee fund (up to ¥${formatYuan(p.maxCompensationFen)}), always with the reasons in a site message.`,
          `If you do not accept the outcome you can reopen the complaint once, within ${p.reopenWithinDays} business days.`,
        ],
      },
      {
        id: 'outside',
        titleZh: '二、平台处理仍不满意：向监管部门或消费者协会投诉',
        titleEn: '2. Still not satisfied: complain to a regulator or consumer association',
        itemsZh: p.external.map((e) => `${e.nameZh}${e.url ? `（${e.url}）` : ''}：${e.howZh}`),
        itemsEn: p.external.map((e) => `${e.nameEn}${e.url ? ` (${e.url})` : ''}: ${e.howEn}`),
      },
      {
        id: 'bring',
        titleZh: '三、需要准备的材料',
        titleEn: '3. What to bring',
        itemsZh: p.bring.map((b) => b.zh),
        itemsEn: p.bring.map((b) => b.en),
      },
    ],
  };
}
