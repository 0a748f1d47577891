import { sql } from 'drizzle-orm';
import { creditThresholdsOf, levelOf } from '../core/credit/index.ts';
import { residentIdCheckChar } from '../core/identity/resident-id.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { Context } from '../modules/context.ts';
import { refreshCredit } from '../modules/credit/refresh-credit.ts';
import { confirmVerification } from '../modules/identity/confirm-verification.ts';
import type { SimulatedSmsSender } from '../modules/identity/simulated-sms.ts';
import { startVerification } from '../modules/identity/start-verification.ts';
import { currentPolicy } from '../modules/policy/current-policy.ts';
import { inTransaction } from '../platform/db/pool.ts';

// 11010519900307 + sequence 123 + its GB 11643 check character: a valid-looking demo number.
const DEMO_ID = '11010519900307123';

/**
 * 信用分 in the demo: `buyer` (张小明) completes 实名认证 through the real flow (the simulated SMS
 * outbox gives the code), so with the demo orders it reaches 优秀 and gets express refunds on small
 * card-key orders; then every demo buyer is scored, so the workbench shows buyers at each level.
 * Returns how many buyers are at each level.
 */
export async function seedCredit(ctx: Context): Promise<Record<string, number>> {
  const now = ctx.now();
  const [u] = (
    await ctx.db.execute<{ id: number; verified: boolean | null }>(sql`
      SELECT u.id, (SELECT true FROM identity_verification v WHERE v.user_id = u.id) AS verified
      FROM app_user u WHERE u.username = 'buyer'`)
  ).rows;
  const sms = ctx.identity.sms as Partial<SimulatedSmsSender>;
  if (u && !u.verified && sms.outbox) {
    const buyer: Actor = {
      userId: Number(u.id),
      role: 'buyer',
      merchantId: null,
      username: 'buyer',
      displayName: '张小明',
      via: 'session',
    };
    const common = { db: ctx.db, identity: ctx.identity, buyer, ip: '127.0.0.1', now };
    await startVerification({
      ...common,
      realName: '张小明',
      idNumber: DEMO_ID + residentIdCheckChar(DEMO_ID),
      phone: '13800138000',
    });
    const code = sms.outbox.filter((m) => m.userId === buyer.userId).at(-1)?.code;
    if (code) await confirmVerification({ ...common, code });
  }
  const thresholds = creditThresholdsOf((await currentPolicy(ctx.db)).document);
  return inTransaction(ctx.db, async (tx) => {
    const buyers = await tx.execute<{ id: number }>(
      sql`SELECT id FROM app_user WHERE role = 'buyer' ORDER BY id LIMIT 2000`,
    );
    const levels: Record<string, number> = {};
    for (const b of buyers.rows) {
      const level = levelOf(await refreshCredit(tx, Number(b.id), now), thresholds);
      levels[level] = (levels[level] ?? 0) + 1;
    }
    return levels;
  });
}
