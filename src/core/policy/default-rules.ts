import type { Rule } from './schema.ts';
import type { ProductKind } from './vocabulary.ts';

// Functions, not shared constants: each rule owns its arrays, so a structuredClone'd draft that an
// admin edits rule by rule cannot change two rules at once through an aliased array.
const VIRTUAL = (): ProductKind[] => ['card_key', 'direct_topup', 'membership'];
const ALL = (): ProductKind[] => ['card_key', 'direct_topup', 'membership', 'physical'];

/**
 * Virtual goods (卡密, 直充, 会员). Priorities leave gaps so admins can slot rules in between.
 * Refusals cite their rule id in the sentence, because the seed says a rejection must say why.
 */
export const VIRTUAL_RULES: Rule[] = [
  {
    id: 'V-7D',
    appliesTo: { kinds: VIRTUAL(), types: ['no_reason_7d'] },
    when: {},
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '虚拟商品不支持七天无理由退款（规则 V-7D）。',
    textEn: 'Virtual goods cannot be returned without a reason within 7 days (rule V-7D).',
    hintZh: '如商品未发货或卡密未提取，请选择「未收到货」或「与描述不符」。',
    hintEn: 'If nothing was delivered or no key was revealed, choose “Not received” or “Not as described”.',
    priority: 100,
  },
  {
    id: 'V-UNDELIVERED',
    appliesTo: { kinds: VIRTUAL(), types: ['not_received', 'partial_delivery'] },
    when: { delivered: false },
    outcome: { refund: 'full', feeIds: [] },
    // The platform's own delivery records prove it; asking for screenshots of our pages adds nothing.
    evidence: [],
    textZh: '虚拟商品未发货，或发货记录中没有发放任何卡密、没有任何到账：全额退款，不收手续费。',
    textEn:
      'Virtual goods not delivered, or the delivery records show no key issued and nothing arrived: full refund, no fee.',
    priority: 90,
  },
  {
    id: 'V-WRONG-TYPE',
    appliesTo: { kinds: VIRTUAL(), types: ['not_as_described', 'quality_issue'] },
    when: { delivered: false },
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '订单尚未发货，无法判断商品是否与描述不符或有质量问题（规则 V-WRONG-TYPE）。',
    textEn:
      'The order has not been delivered, so it cannot be judged not as described or defective (rule V-WRONG-TYPE).',
    hintZh: '请选择「未收到货」，未发货的订单可全额退款。',
    hintEn: 'Choose “Not received”: an undelivered order is refunded in full.',
    priority: 90,
  },
  {
    id: 'V-FAILED',
    appliesTo: { kinds: VIRTUAL(), types: ['not_received', 'partial_delivery'] },
    // `used: false` rather than keysRevealed: a failed top-up where some credit did arrive is a
    // partial delivery (V-PARTIAL), not a full refund.
    when: { failed: true, used: false },
    outcome: { refund: 'full', feeIds: [] },
    evidence: [],
    textZh: '发货失败且卡密从未被提取：全额退款，不收手续费。',
    textEn: 'Delivery failed and no key was ever revealed: full refund, no fee.',
    priority: 80,
  },
  {
    id: 'V-PARTIAL',
    appliesTo: { kinds: VIRTUAL(), types: ['not_received', 'partial_delivery'] },
    when: { delivered: true, arrivedShort: true },
    outcome: { refund: 'undelivered_share', feeIds: [] },
    evidence: [
      {
        kind: 'screenshot',
        min: 0,
        descriptionZh: '充值账户的到账记录截图（包含时间和金额），可帮助更快审核',
        descriptionEn:
          'A screenshot of the arrival record in the topped-up account (time and amount) speeds up review',
      },
    ],
    textZh: '部分到账（如充值 50 元只到账 30 元）：按未到账的比例退款，未到账部分不收手续费。',
    textEn:
      'Partly delivered (e.g. 30 of a 50 yuan top-up arrived): the undelivered share is refunded, with no fee on it.',
    priority: 60,
  },
  {
    id: 'V-UNUSED',
    // Top-ups are absent: credit that arrived is already used (see `used`).
    appliesTo: {
      kinds: ['card_key', 'membership'],
      types: ['not_received', 'not_as_described', 'quality_issue'],
    },
    // Keys that were never revealed can be taken back and resold, so the reason the buyer gives does
    // not change what the platform loses; the seed's "已发货订单扣除5%手续费" applies to all three.
    // Keys are quoted one by one: on an order of several, the unrevealed ones match here and the
    // revealed ones V-USED. Viewing a key to check it would make it "used", so the text never invites it.
    when: { delivered: true, used: false },
    outcome: { refund: 'full', feeIds: ['PLATFORM-SERVICE'] },
    evidence: [],
    textZh:
      '已发货但卡密未提取（未使用）：可以退款，扣除平台服务费；退款通过后，这些卡密即作废，不能再查看。',
    textEn:
      'Delivered but the keys were never revealed (unused): refundable, less the platform service fee; once the refund is approved those keys are void and can no longer be viewed.',
    priority: 50,
  },
  {
    id: 'V-NOT-SHORT',
    appliesTo: { kinds: VIRTUAL(), types: ['partial_delivery'] },
    when: { delivered: true, arrivedShort: false },
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '发货记录显示已全部到账，不属于部分到账（规则 V-NOT-SHORT）。',
    textEn:
      'The delivery records show everything arrived, so this is not a partial delivery (rule V-NOT-SHORT).',
    hintZh: '如实际到账不足，请联系客服并提供充值账户到账记录的截图，由客服人工核实。',
    hintEn:
      'If less actually arrived, contact support with a screenshot of the account’s arrival record for a manual check.',
    priority: 40,
  },
  {
    id: 'V-USED',
    appliesTo: { kinds: VIRTUAL(), types: ['not_received', 'not_as_described', 'quality_issue'] },
    when: { delivered: true, used: true },
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '卡密已提取或充值已到账，虚拟商品使用后不支持退款（规则 V-USED）。',
    textEn:
      'The key was revealed or the top-up arrived; used virtual goods cannot be refunded (rule V-USED).',
    hintZh: '如卡密无效，请先联系商家补发或换卡；如到账不足，请选择「部分到账」；仍有异议可申诉。',
    hintEn:
      'If the key does not work, ask the merchant to replace it; if less arrived, choose “Partially delivered”; you may appeal.',
    priority: 30,
  },
];

export const PHYSICAL_RULES: Rule[] = [
  {
    id: 'P-7D',
    appliesTo: { kinds: ['physical'], types: ['no_reason_7d'] },
    when: { maxDaysSinceReceipt: 7 },
    outcome: { refund: 'full', feeIds: [] },
    evidence: [
      {
        kind: 'photo',
        min: 0,
        descriptionZh: '商品及包装完好的照片',
        descriptionEn: 'Photos showing the item and its packaging intact',
      },
    ],
    textZh: '实物商品自签收次日起 7 天内可申请七天无理由退款（商品需完好）。',
    textEn:
      'Physical goods can be returned without a reason within 7 days after the day of receipt (item intact).',
    priority: 50,
  },
  {
    id: 'P-7D-EXPIRED',
    appliesTo: { kinds: ['physical'], types: ['no_reason_7d'] },
    when: {},
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '七天无理由仅适用于签收后 7 天内的实物商品（规则 P-7D-EXPIRED）。',
    textEn: 'The 7-day no-reason return only applies within 7 days of receipt (rule P-7D-EXPIRED).',
    hintZh: '如商品有质量问题或与描述不符，请选择对应的退款类型；尚未收到请选择「未收到货」。',
    hintEn:
      'If the item is defective or not as described, choose that type; if it has not arrived, choose “Not received”.',
    priority: 40,
  },
  {
    id: 'P-NOT-RECEIVED',
    appliesTo: { kinds: ['physical'], types: ['not_received'] },
    when: { received: false },
    outcome: { refund: 'full', feeIds: [] },
    evidence: [],
    textZh: '实物商品未签收：可全额退款；已发货的订单由商家核实物流后处理。',
    textEn:
      'Physical goods not yet received: full refund; if shipped, the merchant checks the tracking first.',
    priority: 50,
  },
  {
    id: 'P-RECEIVED',
    appliesTo: { kinds: ['physical'], types: ['not_received'] },
    when: { received: true },
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '签收记录显示商品已送达（规则 P-RECEIVED）。',
    textEn: 'The delivery record shows the parcel was signed for (rule P-RECEIVED).',
    hintZh: '如包裹并非本人签收，请提供物流记录截图联系客服；商品有问题请选择「质量问题」或「与描述不符」。',
    hintEn:
      'If someone else signed for it, contact support with the tracking record; for a faulty item choose “Quality issue”.',
    priority: 50,
  },
  {
    id: 'P-DEFECT',
    appliesTo: { kinds: ['physical'], types: ['not_as_described', 'quality_issue'] },
    when: { received: true },
    outcome: { refund: 'full', feeIds: [] },
    evidence: [
      {
        kind: 'photo',
        min: 1,
        descriptionZh: '清晰拍摄问题部位和商品整体的照片',
        descriptionEn: 'Clear photos of the problem and of the whole item',
      },
      {
        kind: 'video',
        min: 0,
        descriptionZh: '开箱或问题演示视频（可选）',
        descriptionEn: 'An unboxing video or one showing the problem (optional)',
      },
    ],
    textZh: '实物商品与描述不符或有质量问题：凭照片凭证全额退款。',
    textEn: 'Physical goods not as described or defective: full refund with photo evidence.',
    priority: 50,
  },
  {
    id: 'P-DEFECT-EARLY',
    appliesTo: { kinds: ['physical'], types: ['not_as_described', 'quality_issue'] },
    when: { received: false },
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '商品尚未签收，无法判断质量或是否与描述相符（规则 P-DEFECT-EARLY）。',
    textEn: 'The parcel has not been received, so quality cannot be judged yet (rule P-DEFECT-EARLY).',
    hintZh: '请在收到商品后再申请；如迟迟未收到，请选择「未收到货」。',
    hintEn: 'Apply once the item arrives; if it does not arrive, choose “Not received”.',
    priority: 50,
  },
  {
    id: 'P-PARTIAL',
    appliesTo: { kinds: ['physical'], types: ['partial_delivery'] },
    when: { received: true, arrivedShort: true },
    outcome: { refund: 'undelivered_share', feeIds: [] },
    evidence: [
      {
        kind: 'photo',
        min: 1,
        descriptionZh: '包裹内全部商品的照片',
        descriptionEn: 'A photo of everything in the parcel',
      },
    ],
    textZh: '实物商品少发：按缺少数量的比例退款。',
    textEn: 'Items missing from the parcel: the missing share is refunded.',
    priority: 50,
  },
  {
    id: 'P-PARTIAL-NONE',
    appliesTo: { kinds: ['physical'], types: ['partial_delivery'] },
    when: {},
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '签收记录未显示少发（规则 P-PARTIAL-NONE）。',
    textEn: 'The delivery record does not show missing items (rule P-PARTIAL-NONE).',
    hintZh: '如实际收到的数量少于订购数量，请拍摄包裹内全部商品并联系客服核实；尚未收到请选择「未收到货」。',
    hintEn:
      'If fewer items arrived than ordered, photograph the parcel contents and contact support; if nothing arrived, choose “Not received”.',
    priority: 40,
  },
];

export const FEE_DISPUTE_RULES: Rule[] = [
  {
    id: 'F-DISPUTE',
    appliesTo: { kinds: ALL(), types: ['fee_dispute'] },
    // The quote shows what could come back; a supervisor decides (and may waive) in review.
    when: { feeCharged: true },
    outcome: { refund: 'charged_fees', feeIds: [] },
    evidence: [],
    textZh: '对已扣除的手续费有异议：由售后主管复核，不合理的手续费将全额退还。',
    textEn:
      'Disputing a fee that was deducted: a supervisor reviews it, and an unjustified fee is refunded in full.',
    priority: 50,
  },
  {
    id: 'F-NO-FEE',
    appliesTo: { kinds: ALL(), types: ['fee_dispute'] },
    when: { feeCharged: false },
    outcome: { refund: 'none', feeIds: [] },
    evidence: [],
    textZh: '该订单没有被扣除过手续费（规则 F-NO-FEE）。',
    textEn: 'No fee has been deducted on this order (rule F-NO-FEE).',
    hintZh: '如对退款金额有其他异议，请选择对应的退款类型或联系客服。',
    hintEn:
      'For any other disagreement about the amount, choose the matching refund type or contact support.',
    priority: 50,
  },
];
