import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { scopeLabelZh } from '../../core/casefile/scope.ts';
import type { ComplaintKind, ComplaintState } from '../../core/complaints/complaint-machine.ts';
import { COMPLAINT_KIND_LABELS, COMPLAINT_STATE_LABELS } from '../../core/complaints/complaint-texts.ts';
import { CHANNEL_LABELS, REFUND_TYPE_LABELS } from '../../core/policy/vocabulary.ts';
import type { CaseState } from '../../core/refunds/case-machine.ts';
import { yuan } from '../../core/refunds/case-messages.ts';
import { CASE_STATE_LABELS } from '../../core/refunds/timeline.ts';
import type { CaseFileFacts } from './collect.ts';

// Source Han Sans SC (思源黑体, SIL OFL 1.1) from npm: the PDF embeds the subset of glyphs it uses, so
// it shows Chinese on any reader, and `npm install` is all a server needs (no system fonts).
const require = createRequire(import.meta.url);
const FONT_PATH = require.resolve('node-source-han-sans-sc/SourceHanSansSC-Regular.otf');
let fontBytes: Buffer | null = null;
const font = () => (fontBytes ??= readFileSync(FONT_PATH));

const SHANGHAI = 8 * 3_600_000;
function bj(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '—';
  return `${new Date(Date.parse(iso) + SHANGHAI).toISOString().slice(0, 19).replace('T', ' ')}`;
}
const money = (v: unknown) => (v === null || v === undefined ? '—' : yuan(Number(v)));
const txt = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/**
 * The records' codes in words: the file goes to 12315 or a consumer association, whose readers know
 * 已完成 and 支付宝, not `completed` and `alipay`. A code without words here is printed as it is.
 */
const WORDS: Record<string, Record<string, string>> = {
  orderStatus: {
    pending_payment: '待付款',
    awaiting_delivery: '待发货',
    delivered: '已发货',
    completed: '已完成',
    cancelled: '已取消',
  },
  keyStatus: { available: '未售', sold: '已发放', void: '已作废', refunded: '已退款（已收回）' },
  attempt: { succeeded: '成功', partial: '部分到账', failed: '失败' },
  payout: { pending: '待发起', processing: '处理中', unknown: '结果待查', succeeded: '成功', failed: '失败' },
  txnKind: {
    payment: '支付',
    settlement: '结算',
    fee: '手续费',
    refund: '退款',
    advance: '垫付',
    recovery: '追偿',
    deposit: '保证金',
    funding: '注资',
    withdrawal: '提现',
    reversal: '冲正',
    compensation: '保障金赔付',
  },
  riskAction: {
    hold: '暂停审核（人工核验）',
    no_express: '不走极速退款',
    watch: '观察',
    score: '计分',
    none: '通过',
  },
  channel: Object.fromEntries(Object.entries(CHANNEL_LABELS).map(([k, v]) => [k, v.zh])),
  refundType: Object.fromEntries(Object.entries(REFUND_TYPE_LABELS).map(([k, v]) => [k, v.zh])),
};
const say = (table: keyof typeof WORDS, code: unknown) =>
  typeof code === 'string' ? (WORDS[table]![code] ?? code) : txt(code);

const ROLE: Record<string, string> = {
  buyer: '买家',
  merchant: '商家',
  agent: '客服',
  supervisor: '主管',
  admin: '管理员',
  system: '系统',
};

/** Renders the case file as an A4 PDF in Chinese. */
export async function renderCaseFilePdf(f: CaseFileFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `案件档案 ${f.case.refundNo}`, Author: 'Kameng 卡盟售后中心', Subject: 'Case file' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font());
  doc.font('cjk');
  const width = doc.page.width - 96;

  const heading = (title: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.6).fontSize(13).fillColor('#1f3a93').text(title).moveDown(0.2);
    doc
      .moveTo(48, doc.y)
      .lineTo(48 + width, doc.y)
      .strokeColor('#c8d1e6')
      .stroke()
      .moveDown(0.3);
    doc.fontSize(9.5).fillColor('#000');
  };
  const kv = (pairs: [string, unknown][]) => {
    for (const [k, v] of pairs)
      doc.fillColor('#555').text(`${k}：`, { continued: true }).fillColor('#000').text(txt(v));
  };
  const line = (s: string, color = '#000') => doc.fillColor(color).text(s, { width });

  doc.fontSize(20).text('案件档案', { align: 'center' });
  doc
    .fontSize(11)
    .fillColor('#444')
    .text(`退款编号 ${f.case.refundNo} · 订单号 ${f.order.orderNo}`, { align: 'center' });
  doc
    .fontSize(9)
    .text(`生成时间 ${bj(f.generatedAt)}（北京时间） · ${scopeLabelZh(f.scope)}`, { align: 'center' });
  doc.fontSize(9.5).fillColor('#000');

  heading('一、订单信息');
  kv([
    ['商品', f.order.productName],
    ['商家', f.merchantName],
    ['买家', f.buyerName],
    ['数量 × 单价', `${txt(f.order.quantity)} × ${money(f.order.unitPriceFen)}`],
    ['实付金额', money(f.order.paidFen)],
    ['已退款', money(f.order.refundedFen)],
    ['支付渠道 / 交易号', `${say('channel', f.order.channel)} / ${txt(f.order.channelTradeNo)}`],
    ['下单 / 付款 / 发货', `${bj(f.order.createdAt)} / ${bj(f.order.paidAt)} / ${bj(f.order.deliveredAt)}`],
    ['订单状态', say('orderStatus', f.order.status)],
  ]);

  heading('二、发货与提取记录');
  if (!f.cardKeys.length && !f.deliveries.length && !f.shipment) line('无发货记录', '#777');
  for (const k of f.cardKeys)
    line(`卡密 #${txt(k.id)}  ${txt(k.masked)}  状态 ${say('keyStatus', k.status)}  发放 ${bj(k.soldAt)}`);
  for (const d of f.deliveries)
    line(
      `直充第 ${txt(d.attemptNo)} 次  ${say('attempt', d.status)}  请求 ${txt(d.requestedUnits)}，到账 ${txt(d.arrivedUnits)}  ${bj(d.at)}`,
    );
  if (f.shipment)
    line(
      `物流 ${txt(f.shipment.carrier)} ${txt(f.shipment.trackingNo)}  发货 ${bj(f.shipment.shippedAt)}  签收 ${bj(f.shipment.receivedAt)}`,
    );
  for (const x of f.extractions)
    line(
      `提取：卡密 #${txt(x.cardKeyId)} ${x.action === 'copy' ? '复制' : '查看'}  ${bj(x.at)}${x.ip ? `  IP ${txt(x.ip)}` : ''}`,
    );
  if (f.cardKeys.length && !f.extractions.length) line('无提取记录（卡密从未被查看或复制）', '#777');

  heading('三、退款申请与政策依据');
  kv([
    ['退款类型', say('refundType', f.case.type)],
    ['当前状态', CASE_STATE_LABELS[f.case.state as CaseState]?.zh ?? f.case.state],
    ['申请说明', f.case.description],
    ['政策版本', `第 ${txt(f.quote.policyVersion)} 版`],
    ['报价', `可退 ${money(f.quote.amountFen)}（原额 ${money(f.quote.grossFen)}）`],
    [
      '手续费',
      f.quote.fees.length
        ? f.quote.fees.map((x) => `${txt(x.labelZh ?? x.id)} ${money(x.amountFen)}`).join('；')
        : '无',
    ],
    ['审核时限', bj(f.case.slaDeadline)],
    ['批准金额', money(f.case.approvedFen)],
  ]);
  doc.moveDown(0.2);
  line('引用规则：', '#555');
  for (const r of f.quote.reasons) line(`  [${r.ruleId}] ${r.textZh}`);

  heading('四、处理时间线（含操作人与时间）');
  for (const e of f.events) {
    const who = `${ROLE[e.actorRole] ?? e.actorRole}${e.actorId !== null ? ` #${e.actorId}` : ''}`;
    line(`${bj(e.at)}  [${who}]  ${e.textZh}`);
  }

  heading('五、退款支付记录');
  if (!f.payouts.length) line('无', '#777');
  for (const p of f.payouts)
    line(
      `${txt(p.outRefundNo)}  ${say('channel', p.channel)}  ${money(p.amountFen)}（手续费 ${money(p.feeFen)}）  ${say('payout', p.status)}  渠道退款单号 ${txt(p.channelRefundId)}  ${bj(p.settledAt)}`,
    );

  heading('六、投诉及处理结果');
  if (!f.complaints.length) line('无', '#777');
  for (const k of f.complaints) {
    const o = k.outcome as { explanation?: string; lines?: { zh: string }[] } | null;
    line(
      `${txt(k.complaintNo)}  ${COMPLAINT_KIND_LABELS[k.kind as ComplaintKind]?.zh ?? txt(k.kind)}  ${COMPLAINT_STATE_LABELS[k.state as ComplaintState]?.zh ?? txt(k.state)}  提交 ${bj(k.createdAt)}  处理时限 ${bj(k.deadline)}`,
    );
    line(`  内容：${txt(k.text)}`);
    if (k.merchantAnswer) line(`  商家答复：${txt(k.merchantAnswer)}`);
    if (o)
      line(
        `  结果：${txt(o.explanation)}${(o.lines ?? []).map((l) => `；${l.zh}`).join('')}（${bj(k.closedAt)}）`,
      );
  }

  heading('七、会话记录');
  if (!f.conversation.length) line('无', '#777');
  for (const m of f.conversation) {
    const thread = m.thread === 'buyer' ? '买家与平台' : '商家与平台';
    const files = m.files > 0 ? `（附件 ${m.files} 个）` : '';
    line(`${bj(m.at)}  [${thread} · ${ROLE[m.authorRole] ?? m.authorRole}]  ${m.body}${files}`);
  }

  heading('八、凭证清单（SHA-256）');
  if (!f.evidence.length) line('无', '#777');
  f.evidence.forEach((e, i) => {
    line(
      `${i + 1}. ${e.fileName}（${ROLE[e.uploadedByRole] ?? e.uploadedByRole}上传，${e.sizeBytes} 字节，${bj(e.createdAt)}）`,
    );
    line(`   ${e.sha256}`, '#333');
  });

  if (f.ledger) {
    heading('九、账务记录（完整版）');
    for (const t of f.ledger)
      line(
        `#${t.id} ${say('txnKind', t.kind)} ${t.ref}  ${bj(t.at)}  ${t.postings.map((p) => `${txt(p.account)} ${Number(p.amountFen) > 0 ? '+' : ''}${money(p.amountFen)}`).join('，')}`,
      );
  }
  if (f.risk) {
    heading('十、风控评估（完整版）');
    line(
      `评分 ${txt(f.risk.score)}  结论 ${say('riskAction', f.risk.action)}  规则版本 ${txt(f.risk.rulesVersion)}  ${bj(f.risk.createdAt)}`,
    );
  }

  doc.moveDown(1).fontSize(8).fillColor('#666');
  line(
    '本档案由系统根据平台记录自动生成。随附 ZIP 中的 manifest.json 记录了每个文件的 SHA-256 与时间线哈希链，可用 `kameng casefile verify 文件.zip` 校验是否被改动。',
    '#666',
  );
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
