import { sql } from 'drizzle-orm';
import type { ComplaintKind } from '../core/complaints/complaint-machine.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { fileComplaint } from '../modules/complaints/file-complaint.ts';
import { answerComplaint } from '../modules/complaints/party-actions.ts';
import { resolveComplaint } from '../modules/complaints/resolve-complaint.ts';
import {
  acceptComplaint,
  dismissComplaint,
  investigateComplaint,
} from '../modules/complaints/staff-actions.ts';
import type { Context } from '../modules/context.ts';
import { type Db, inTransaction } from '../platform/db/pool.ts';
import { AppError } from '../platform/errors.ts';
import { DEMO_BUYERS } from './seed-catalog.ts';

const IP = '127.0.0.1';
const HOUR = 3_600_000;

type Play = 'submitted' | 'accepted' | 'investigating' | 'reopen_case' | 'compensated' | 'dismissed';
const PLAN: { state: string; kind: ComplaintKind; play: Play; text: string }[] = [
  {
    state: 'rejected',
    kind: 'unfair_rejection',
    play: 'submitted',
    text: '我提供了卡密页面截图，拒绝理由不成立',
  },
  {
    state: 'rejected',
    kind: 'unfair_rejection',
    play: 'reopen_case',
    text: '截图清楚显示面值不符，请重新审核',
  },
  {
    state: 'submitted',
    kind: 'slow_handling',
    play: 'compensated',
    text: '提交后很久没人处理，耽误了充值活动',
  },
  {
    state: 'submitted',
    kind: 'merchant_conduct',
    play: 'investigating',
    text: '商家客服态度恶劣，拒不承认发错卡密',
  },
  {
    state: 'info_requested',
    kind: 'agent_conduct',
    play: 'accepted',
    text: '客服反复要求同样的资料，没有说明原因',
  },
  { state: 'withdrawn', kind: 'unfair_fee', play: 'dismissed', text: '手续费太高，不合理' },
];

async function actor(tx: Db, where: ReturnType<typeof sql>): Promise<Actor | null> {
  const [r] = (
    await tx.execute<{ id: string; role: Actor['role']; merchant_id: string | null; username: string }>(
      sql`SELECT id, role, merchant_id, username FROM app_user WHERE ${where} ORDER BY id LIMIT 1`,
    )
  ).rows;
  if (!r) return null;
  return {
    userId: Number(r.id),
    role: r.role,
    merchantId: r.merchant_id === null ? null : Number(r.merchant_id),
    username: r.username,
    displayName: r.username,
    via: 'session',
  };
}

/**
 * Demo complaints (投诉) in several states on the demo shoppers' cases — submitted, accepted, under
 * investigation with the merchant's answer, resolved (case back to review; compensation from the
 * guarantee fund) and dismissed — made through the real use-cases. Idempotent: nothing if any exist.
 */
export async function seedDemoComplaints(ctx: Context, now = ctx.now()): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7306253)`);
    if ((await tx.execute(sql`SELECT 1 FROM complaint LIMIT 1`)).rows.length) return 0;
    const usernames = DEMO_BUYERS.map((b) => b.username);
    const supervisor = await actor(tx, sql`username = 'supervisor'`);
    const admin = await actor(tx, sql`username = 'admin'`);
    if (!supervisor || !admin) return 0;
    const used = new Set<string>();
    let made = 0;
    for (const [i, p] of PLAN.entries()) {
      const [c] = (
        await tx.execute<{ refund_no: string; buyer: string; merchant_id: string; last_at: string }>(sql`
          SELECT c.refund_no, u.username AS buyer, c.merchant_id,
            (SELECT max(e.at) FROM refund_case_event e WHERE e.case_id = c.id) AS last_at
          FROM refund_case c JOIN app_user u ON u.id = c.buyer_id
          WHERE u.username IN ${usernames} AND c.state = ${p.state}
            AND NOT (c.refund_no = ANY(${`{${[...used].join(',')}}`}::text[]))
          ORDER BY c.id LIMIT 1`)
      ).rows;
      if (!c) continue;
      used.add(c.refund_no);
      const buyer = (await actor(tx, sql`username = ${c.buyer}`))!;
      // Filed after everything already on the case's timeline (a complaint never precedes its case).
      const planned = now.getTime() - (PLAN.length - i) * 5 * HOUR;
      const at = new Date(Math.max(planned, new Date(c.last_at).getTime() + 60_000));
      const { complaintNo } = await fileComplaint({
        db: tx,
        buyer,
        kind: p.kind,
        refundNo: c.refund_no,
        text: p.text,
        ip: IP,
        now: at,
      });
      made += 1;
      if (p.play === 'submitted') continue;
      const [row] = (
        await tx.execute<{ concerned: string[] }>(
          sql`SELECT concerned_staff_ids::text[] AS concerned FROM complaint WHERE complaint_no = ${complaintNo}`,
        )
      ).rows;
      const staff = row!.concerned.map(Number).includes(supervisor.userId) ? admin : supervisor;
      const base = { db: tx, staff, complaintNo, ip: IP };
      const later = (h: number) => new Date(at.getTime() + h * HOUR);
      if (p.play === 'dismissed') {
        await dismissComplaint({
          ...base,
          reason: '手续费按已公示的《退款政策》收取，且该退款已撤销',
          now: later(1),
        });
        continue;
      }
      await acceptComplaint({ ...base, now: later(1) });
      if (p.play === 'accepted') continue;
      if (p.play === 'investigating') {
        const merchant = await actor(tx, sql`role = 'merchant' AND merchant_id = ${Number(c.merchant_id)}`);
        await investigateComplaint({ ...base, note: '已调取聊天记录，等待商家说明', now: later(2) });
        if (merchant)
          await answerComplaint({
            db: tx,
            actor: merchant,
            complaintNo,
            text: '已核实是发货系统错误，愿意补发或全额退款，并向买家致歉',
            ip: IP,
            now: later(3),
          });
        continue;
      }
      // Each use-case runs in a savepoint: an outcome the books cannot pay (no guarantee fund) is left out.
      await resolveComplaint({
        ...base,
        jobs: ctx.jobs,
        explanation:
          p.play === 'reopen_case'
            ? '复核后认为买家证据充分，退款单重新交主管审核'
            : '审核确有延误，平台致歉并由保障金赔付',
        actions: p.play === 'reopen_case' ? ['reopen_case'] : ['compensate'],
        compensationFen: p.play === 'compensated' ? 500 : 0,
        now: later(2),
      }).catch((err) => {
        if (!(err instanceof AppError)) throw err;
      });
    }
    return made;
  });
}
