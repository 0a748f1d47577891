import { z } from 'zod';
import { COMPLAINT_KINDS, type ComplaintKind } from './complaint-machine.ts';

const days = z.number().int().min(1).max(60);
const text = z.string().trim().min(1).max(500);

/**
 * The complaint part of the 《退款政策》: how long the platform takes, what it may pay, and where a buyer
 * turns if the platform's answer does not satisfy them (the help-centre page is generated from it).
 */
export const ComplaintPolicySchema = z.strictObject({
  /** Business days from filing (or reopening) to a resolution, by kind. */
  resolveDays: z.strictObject(
    Object.fromEntries(COMPLAINT_KINDS.map((k) => [k, days])) as Record<ComplaintKind, typeof days>,
  ),
  /** Business days the merchant has to answer a complaint about it. */
  merchantAnswerDays: days,
  /** The most a supervisor may compensate from the guarantee fund (先行赔付) on one complaint. */
  maxCompensationFen: z.number().int().min(0).max(100_000_000),
  /** Business days after a resolution during which the buyer may reopen (once). */
  reopenWithinDays: days,
  /** Where to go outside the platform (12315, 消费者协会), in the order the help page lists them. */
  external: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,40}$/),
        nameZh: text,
        nameEn: text,
        howZh: text,
        howEn: text,
        url: z.url().max(200).optional(),
      }),
    )
    .max(10),
  /** What to bring when complaining outside (the case file first). */
  bring: z.array(z.strictObject({ zh: text, en: text })).max(20),
});
export type ComplaintPolicy = z.output<typeof ComplaintPolicySchema>;

export const DEFAULT_COMPLAINT_POLICY: ComplaintPolicy = {
  resolveDays: {
    slow_handling: 3,
    unfair_rejection: 5,
    unfair_fee: 5,
    merchant_conduct: 5,
    agent_conduct: 5,
    merchant_general: 7,
  },
  merchantAnswerDays: 2,
  maxCompensationFen: 50_000,
  reopenWithinDays: 15,
  external: [
    {
      id: '12315',
      nameZh: '全国12315平台',
      nameEn: 'National 12315 platform',
      howZh: '登录全国12315平台网站或小程序，选择“投诉”，填写经营者（本平台及商家）信息并上传案件档案',
      howEn:
        'Sign in to the 12315 website or mini-program, choose "complaint", name the business (this platform and the merchant) and upload the case file',
      url: 'https://www.12315.cn/',
    },
    {
      id: 'consumer-association',
      nameZh: '当地消费者协会',
      nameEn: 'Local consumer association',
      howZh: '向所在地消费者协会提交书面投诉或拨打其热线，附上案件档案',
      howEn:
        'Send a written complaint to your local consumer association or call its hotline, with the case file',
    },
  ],
  bring: [
    {
      zh: '案件档案（PDF 与 ZIP，可在退款单页下载）',
      en: 'The case file (PDF and ZIP, downloadable on the case page)',
    },
    { zh: '订单号、退款编号与投诉编号', en: 'The order number, refund number and complaint number' },
    {
      zh: '付款记录（支付宝或微信支付账单截图）',
      en: 'The payment record (Alipay or WeChat Pay bill screenshot)',
    },
    { zh: '与商家或客服沟通的截图', en: 'Screenshots of your conversation with the merchant or support' },
  ],
};
