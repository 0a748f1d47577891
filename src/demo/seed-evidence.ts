import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { formatYuan } from '../core/money/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { Context } from '../modules/context.ts';
import { attachEvidence } from '../modules/evidence/attach-evidence.ts';
import { storeEvidence } from '../modules/evidence/store-evidence.ts';
import { orderScreenshot } from './demo-screenshot.ts';
import { DEMO_BUYERS } from './seed-catalog.ts';

type Row = {
  case_id: string;
  refund_no: string;
  order_no: string;
  paid_fen: string;
  placed: string;
  buyer_id: string;
  username: string;
};

/**
 * Screenshots on three demo cases, so the evidence checks (凭证核验) have something to show after
 * `npm start`: one whose order number is read (✓), one without it (✗), and another buyer's re-encoded
 * copy of the first (⚠ 与其他账户的凭证相同). Stored through the upload path, so their checks are queued
 * and the worker runs them once it starts. Idempotent: nothing is added when a demo case has evidence.
 */
export async function seedDemoEvidence(ctx: Context): Promise<number> {
  const has = await ctx.db.execute(sql`
    SELECT 1 FROM evidence e JOIN refund_case c ON c.id = e.case_id
    JOIN app_user u ON u.id = c.buyer_id WHERE u.username IN ${DEMO_BUYERS.map((b) => b.username)} LIMIT 1`);
  if (has.rows.length) return 0;
  const { rows } = await ctx.db.execute<Row>(sql`
    SELECT DISTINCT ON (u.username) c.id AS case_id, c.refund_no, o.order_no, o.paid_fen, u.id AS buyer_id, u.username,
      to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS placed
    FROM refund_case c JOIN shop_order o ON o.id = c.order_id JOIN app_user u ON u.id = c.buyer_id
    WHERE u.username IN ${DEMO_BUYERS.map((b) => b.username)} ORDER BY u.username, c.id`);
  // The demo buyer's own case (张小明), and another demo buyer's for the copied screenshot.
  const first = rows.find((r) => r.username === 'buyer') ?? rows[0];
  const second = rows.find((r) => r !== first);
  if (!first) return 0;
  const actor = (r: Row): Actor => ({
    userId: Number(r.buyer_id),
    role: 'buyer',
    merchantId: null,
    username: r.username,
    displayName: r.username,
    via: 'session',
  });
  const put = (r: Row, bytes: Buffer, fileName: string) =>
    storeEvidence({
      db: ctx.db,
      blobs: ctx.blobs,
      jobs: ctx.jobs,
      owner: actor(r),
      file: Readable.from(bytes),
      fileName,
      ip: '127.0.0.1',
      within: async (tx, s) => {
        await attachEvidence(tx, {
          publicIds: [s.evidenceId],
          ownerId: actor(r).userId,
          caseId: Number(r.case_id),
        });
      },
    });
  const paid = `¥${formatYuan(Number(first.paid_fen))}`;
  const good = await orderScreenshot([
    '发货成功',
    `订单号：${first.order_no}`,
    `实付金额：${paid}`,
    `下单时间：${first.placed}`,
  ]);
  await put(first, good, '订单详情.png');
  await put(
    first,
    await orderScreenshot(['充值失败', '请联系客服处理', `实付金额：${paid}`], { title: '充值记录' }),
    '充值记录.png',
  );
  if (second)
    await put(second, await sharp(good).resize({ width: 720 }).jpeg({ quality: 75 }).toBuffer(), '截图.jpg');
  return second ? 3 : 2;
}
