import { sql } from 'drizzle-orm';
import type { ProductKind, RefundType } from '../core/policy/index.ts';
import { REFUND_TYPES } from '../core/policy/vocabulary.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { Context } from '../modules/context.ts';
import { applyPayoutOutcome } from '../modules/payouts/apply-outcome.ts';
import { appealRefund, disputeFee } from '../modules/refunds/buyer-actions.ts';
import { claimRefund } from '../modules/refunds/claim-refund.ts';
import { approveRefund, rejectRefund, requestInfo } from '../modules/refunds/decide-refund.ts';
import { merchantAgree, merchantObject } from '../modules/refunds/merchant-response.ts';
import { submitRefund } from '../modules/refunds/submit-refund.ts';
import { sweepTimers } from '../modules/refunds/sweep-timers.ts';
import { withdrawRefund } from '../modules/refunds/withdraw-refund.ts';
import { inTransaction } from '../platform/db/pool.ts';
import { AppError } from '../platform/errors.ts';
import { loadActors } from './seed-actors.ts';
import { CASE, DEMO_BUYERS } from './seed-catalog.ts';
import { seedReturnCase } from './seed-returns.ts';

const HOUR = 3_600_000;
const IP = '127.0.0.1';

/** How far each demo case gets, and how long ago it was submitted. */
type Script =
  | 'waiting'
  | 'overdue'
  | 'info'
  | 'unanswered'
  | 'rejected'
  | 'appealed'
  | 'approved'
  | 'withdrawn'
  | 'objected'
  | 'agreed'
  | 'fee_disputed'
  // Held by risk control (风控审核): a "not received" claim on an order whose key was revealed.
  | 'risk_held'
  // Approved and answered by the payment channel: paid back (已退款), or refused (退款失败).
  | 'paid'
  | 'payout_failed';

const SCRIPTS: { script: Script; hoursAgo: number }[] = [
  { script: 'waiting', hoursAgo: 2 },
  { script: 'risk_held', hoursAgo: 4 },
  { script: 'waiting', hoursAgo: 5 },
  { script: 'waiting', hoursAgo: 20 },
  { script: 'objected', hoursAgo: 6 },
  { script: 'fee_disputed', hoursAgo: 8 },
  { script: 'overdue', hoursAgo: 24 * 8 },
  { script: 'overdue', hoursAgo: 24 * 9 },
  { script: 'info', hoursAgo: 26 },
  { script: 'info', hoursAgo: 30 },
  { script: 'unanswered', hoursAgo: 24 * 12 },
  { script: 'rejected', hoursAgo: 24 * 3 },
  { script: 'rejected', hoursAgo: 24 * 4 },
  { script: 'appealed', hoursAgo: 24 * 2 },
  { script: 'approved', hoursAgo: 24 * 2 },
  { script: 'approved', hoursAgo: 30 },
  { script: 'agreed', hoursAgo: 10 },
  { script: 'withdrawn', hoursAgo: 24 * 5 },
];

/**
 * 张小明 (`buyer`), the account a newcomer logs in with, owns a case in every state a case rests in
 * (审核通过 passes straight on to 退款中) — on orders of his history, never on the scripted orders
 * of seed-plan.ts that the walkthrough applies for by hand.
 */
const BUYER_SCRIPTS: { script: Script; hoursAgo: number }[] = [
  { script: 'waiting', hoursAgo: 3 },
  { script: 'info', hoursAgo: 28 },
  { script: 'risk_held', hoursAgo: 6 },
  { script: 'approved', hoursAgo: 26 },
  { script: 'paid', hoursAgo: 24 * 4 },
  { script: 'payout_failed', hoursAgo: 24 * 2 },
  { script: 'rejected', hoursAgo: 24 * 3 },
  { script: 'appealed', hoursAgo: 24 * 5 },
  { script: 'withdrawn', hoursAgo: 24 * 6 },
  { script: 'unanswered', hoursAgo: 24 * 12 },
];

/** Scripts that need the channel to answer: only on orders paid through Alipay or WeChat Pay. */
const CHANNEL_SCRIPTS = new Set<Script>(['paid', 'payout_failed']);

/**
 * Demo refund cases in every state (待审核, overdue and escalated, 待补充资料, closed, rejected, appealed,
 * 退款中, withdrawn, merchant objections), on the orders of the demo shoppers, and BUYER_SCRIPTS on
 * 张小明's (never on buyer2's, nor on the scripted orders the walkthrough uses) — made through the real use-cases with backdated clocks, so their
 * timelines, messages and timers are what the app would have written. One transaction; idempotent.
 */
export async function seedDemoRefunds(ctx: Context, now = ctx.now()): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7306252)`);
    const usernames = [...DEMO_BUYERS.map((b) => b.username), 'buyer'];
    const already = await tx.execute(sql`
      SELECT 1 FROM refund_case c JOIN app_user u ON u.id = c.buyer_id WHERE u.username IN ${usernames} LIMIT 1`);
    if (already.rows.length) return 0;
    const actors = await loadActors(tx, [...usernames, 'agent', 'supervisor']);
    const scripted = Object.values(CASE);
    const orders = await tx.execute<{
      order_no: string;
      username: string;
      merchant_username: string;
      channel: string;
    }>(sql`
      SELECT o.order_no, u.username, o.channel, (SELECT username FROM app_user WHERE merchant_id = o.merchant_id LIMIT 1) AS merchant_username
      FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
      WHERE u.username IN ${usernames} AND o.paid_fen > 0 AND o.status IN ('awaiting_delivery', 'delivered', 'completed')
        AND NOT (u.username = 'buyer' AND o.product_name IN ${scripted})
      ORDER BY o.id`);
    const merchants = await loadActors(tx, [...new Set(orders.rows.map((o) => o.merchant_username))]);
    const c = { ...ctx, db: tx };
    let made = 0;
    const used = new Set<string>();
    const plan = [
      ...SCRIPTS.map((x) => ({ ...x, who: 'demo' as const })),
      ...BUYER_SCRIPTS.map((x) => ({ ...x, who: 'buyer' as const })),
    ];
    for (const { script, hoursAgo, who } of plan) {
      const at = new Date(now.getTime() - hoursAgo * HOUR);
      // The first unused order (in id order) of the right shopper a policy-eligible request can be made on.
      for (const o of orders.rows) {
        if (used.has(o.order_no) || (o.username === 'buyer') !== (who === 'buyer')) continue;
        if (CHANNEL_SCRIPTS.has(script) && o.channel !== 'alipay' && o.channel !== 'wechatpay') continue;
        used.add(o.order_no);
        const refundNo = await trySubmit(c, actors.get(o.username)!, o.order_no, at, script === 'risk_held');
        if (!refundNo) continue;
        await play(c, script, {
          refundNo,
          at,
          buyer: actors.get(o.username)!,
          merchant: merchants.get(o.merchant_username)!,
          agent: actors.get('agent')!,
          supervisor: actors.get('supervisor')!,
        });
        made += 1;
        break;
      }
    }
    made += await seedBuyerReturns(c, actors.get('buyer')!, actors.get('agent')!);
    await sweepTimers(tx, ctx.jobs, now);
    // His history is read history: a newcomer's bell shows the newest three, not dozens.
    await tx.execute(sql`
      UPDATE site_message SET read_at = created_at
      WHERE user_id = ${actors.get('buyer')!.userId} AND read_at IS NULL
        AND id NOT IN (SELECT id FROM site_message WHERE user_id = ${actors.get('buyer')!.userId}
                       ORDER BY created_at DESC, id DESC LIMIT 3)`);
    return made;
  });
}

/**
 * 退货寄回 for 张小明: a power bank the shop wants back (七天无理由, he pays the postage) and a memory card
 * on its way back (质量问题, the shop pays) — bought, delivered and returned through the real use-cases.
 */
async function seedBuyerReturns(ctx: Context, buyer: Actor, agent: Actor): Promise<number> {
  const products = await ctx.db.execute<{ id: string; name: string; merchant: string }>(sql`
    SELECT p.id, p.name, (SELECT username FROM app_user WHERE merchant_id = p.merchant_id ORDER BY id LIMIT 1) AS merchant
    FROM product p WHERE p.kind = 'physical' AND p.name IN ('小米移动电源 3 20000mAh', '闪迪 128GB TF 存储卡')
    ORDER BY p.name`);
  const byName = new Map(products.rows.map((p) => [p.name, p]));
  const merchants = await loadActors(
    ctx.db,
    products.rows.map((p) => p.merchant),
  );
  const plan = [
    { name: '小米移动电源 3 20000mAh', stage: 'awaiting_return', type: 'no_reason_7d' },
    { name: '闪迪 128GB TF 存储卡', stage: 'return_shipped', type: 'quality_issue' },
  ] as const;
  let made = 0;
  for (const x of plan) {
    const p = byName.get(x.name);
    if (!p) continue;
    await seedReturnCase(ctx, {
      buyer,
      agent,
      merchant: merchants.get(p.merchant)!,
      productId: Number(p.id),
      stage: x.stage,
      type: x.type,
    });
    made += 1;
  }
  return made;
}

/** What the buyer says, in words that fit what was bought (no "没收到卡密" on a phone top-up). */
const SYMPTOMS: Record<ProductKind, Record<RefundType, string>> = {
  card_key: {
    partial_delivery: '买了多张卡密，只收到一部分',
    not_received: '一直没收到卡密，发货显示失败',
    not_as_described: '卡密面值与商品描述不符，显示错误',
    quality_issue: '卡密提示无效，无法使用',
    no_reason_7d: '卡密未查看未使用，不想要了',
    fee_dispute: '手续费收取错误',
  },
  membership: {
    partial_delivery: '会员时长只到账了一部分',
    not_received: '一直没收到会员激活码',
    not_as_described: '会员时长与商品描述不符',
    quality_issue: '激活码提示无效，无法开通会员',
    no_reason_7d: '激活码未使用，不想要了',
    fee_dispute: '手续费收取错误',
  },
  direct_topup: {
    partial_delivery: '充值只到账了一部分，少了约一半',
    not_received: '充值一直没有到账，账户余额没有变化',
    not_as_described: '到账面额与商品描述不符',
    quality_issue: '充值到账后无法使用',
    no_reason_7d: '充值未到账，不想要了',
    fee_dispute: '手续费收取错误',
  },
  physical: {
    partial_delivery: '少发了一件，只收到部分商品',
    not_received: '物流一直没有更新，没有收到货',
    not_as_described: '收到的商品型号与描述不符',
    quality_issue: '商品有质量问题，无法正常使用',
    no_reason_7d: '商品未使用，包装完好，申请七天无理由退货',
    fee_dispute: '手续费收取错误',
  },
};

/** A submission that came out held (or not) when the script wanted the other: undone. */
class NotThisOne extends Error {}

/**
 * Submits with the first refund type the policy allows on this order whose case is held by risk
 * control exactly when `held` is wanted (each try in a savepoint, so one that does not fit leaves
 * nothing behind); null when none does.
 */
async function trySubmit(
  ctx: Context,
  buyer: Actor,
  orderNo: string,
  at: Date,
  held: boolean,
): Promise<string | null> {
  const found = await ctx.db.execute<{ product_kind: ProductKind }>(
    sql`SELECT product_kind FROM shop_order WHERE order_no = ${orderNo}`,
  );
  const kind = found.rows[0]!.product_kind;
  for (const type of REFUND_TYPES.filter((t) => t !== 'fee_dispute')) {
    try {
      return await inTransaction(ctx.db, async (db) => {
        const { refundNo } = await submitRefund({
          db,
          jobs: ctx.jobs,
          buyer,
          orderNo,
          type,
          description: `订单号${orderNo}，昨天下午购买，${SYMPTOMS[kind][type]}`,
          merchantHours: ctx.config.refunds.merchantResponseHours,
          ip: IP,
          now: at,
        });
        const state = await db.execute<{ state: string }>(
          sql`SELECT state FROM refund_case WHERE refund_no = ${refundNo}`,
        );
        if ((state.rows[0]!.state === 'risk_hold') !== held) throw new NotThisOne();
        return refundNo;
      });
    } catch (err) {
      if (err instanceof NotThisOne) continue;
      if (err instanceof AppError && ['REFUND.NOT_ELIGIBLE', 'REFUND.CASE_OPEN'].includes(err.code)) continue;
      throw err;
    }
  }
  return null;
}

type Cast = { refundNo: string; at: Date; buyer: Actor; merchant: Actor; agent: Actor; supervisor: Actor };

async function play(ctx: Context, script: Script, p: Cast): Promise<void> {
  const { db, jobs } = ctx;
  const later = (h: number) => new Date(p.at.getTime() + h * HOUR);
  const version = async () =>
    Number(
      (
        await db.execute<{ version: number }>(
          sql`SELECT version FROM refund_case WHERE refund_no = ${p.refundNo}`,
        )
      ).rows[0]!.version,
    );
  const claim = (h: number) =>
    claimRefund({ db, agent: p.agent, refundNo: p.refundNo, ip: IP, now: later(h) });
  const decide = { db, refundNo: p.refundNo, ip: IP };
  const infoDays = ctx.config.refunds.infoRequestDays;
  switch (script) {
    case 'waiting':
    case 'overdue':
    case 'risk_held':
      return;
    case 'objected':
      return merchantObject({
        ...decide,
        merchant: p.merchant,
        text: '提取记录显示买家已查看卡密，商品无问题',
        now: later(1),
      });
    case 'agreed':
      return merchantAgree({ ...decide, jobs, merchant: p.merchant, note: '同意退款', now: later(1) });
    case 'fee_disputed':
      return disputeFee({
        ...decide,
        jobs,
        merchantHours: ctx.config.refunds.merchantResponseHours,
        buyer: p.buyer,
        text: '卡密未使用，不应收取手续费',
        now: later(0.5),
      }).catch((err) => {
        if (!(err instanceof AppError && err.code === 'REFUND.NO_FEE')) throw err;
      });
    case 'withdrawn':
      return withdrawRefund({ ...decide, buyer: p.buyer, reason: '商家已补发，问题解决', now: later(3) });
    case 'info':
    case 'unanswered':
      await claim(1);
      return requestInfo({
        ...decide,
        jobs,
        infoDays,
        reviewer: p.agent,
        expectedVersion: await version(),
        reason: '请上传充值账户的到账记录截图（需包含时间和金额）',
        now: later(1.25),
      });
    case 'approved':
    case 'paid':
    case 'payout_failed': {
      await claim(2);
      await approveRefund({
        ...decide,
        jobs,
        reviewer: p.agent,
        expectedVersion: await version(),
        now: later(2.25),
      });
      if (script === 'approved') return;
      // The channel's answer, as its notification or a query would bring it.
      const attempt = await db.execute<{ out_refund_no: string; amount_fen: number }>(sql`
        SELECT a.out_refund_no, a.amount_fen FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
        WHERE c.refund_no = ${p.refundNo} ORDER BY a.id DESC LIMIT 1`);
      const a = attempt.rows[0]!;
      await applyPayoutOutcome({
        db,
        jobs,
        outRefundNo: a.out_refund_no,
        status:
          script === 'paid'
            ? {
                kind: 'succeeded',
                channelRefundId: `DEMO${a.out_refund_no.replace(/\D/g, '')}`,
                refundedFen: Number(a.amount_fen),
                at: later(26),
              }
            : { kind: 'failed', reason: 'abnormal', message: 'ABNORMAL 退款异常（用户卡已销户或冻结）' },
        now: later(26),
      });
      return;
    }
    case 'rejected':
    case 'appealed':
      await claim(2);
      await rejectRefund({
        ...decide,
        reviewer: p.agent,
        expectedVersion: await version(),
        reasonCode: 'EVIDENCE_INSUFFICIENT',
        text: '未提供到账记录截图，无法核实',
        now: later(2.25),
      });
      if (script === 'appealed')
        await appealRefund({
          ...decide,
          jobs,
          buyer: p.buyer,
          text: '已补充到账记录截图，请主管复核',
          now: later(6),
        });
      return;
  }
}
