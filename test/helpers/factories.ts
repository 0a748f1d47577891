import { sql } from 'drizzle-orm';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import type { ProductKind } from '../../src/modules/catalog/schema.ts';
import type { Context } from '../../src/modules/context.ts';
import { adjustWallet } from '../../src/modules/ledger/wallet.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';

let serial = 0;
const next = () => ++serial;

/** Id of the demo merchant (星辰数码) and of a given demo user. */
export async function demoIds(ctx: Context) {
  const rows = await ctx.db.execute<{ username: string; id: number; merchant_id: number | null }>(
    sql`SELECT username, id, merchant_id FROM app_user WHERE username IN ('buyer','buyer2','merchant')`,
  );
  const by = Object.fromEntries(rows.rows.map((r) => [r.username, r]));
  return {
    buyerId: Number(by.buyer!.id),
    buyer2Id: Number(by.buyer2!.id),
    merchantId: Number(by.merchant!.merchant_id),
  };
}

export async function makeProduct(
  ctx: Context,
  opts: { merchantId: number; kind?: ProductKind; priceFen?: number; unitsPerItem?: number; name?: string },
): Promise<number> {
  const kind = opts.kind ?? 'card_key';
  const res = await ctx.db.execute<{ id: number }>(sql`
    INSERT INTO product (merchant_id, name, kind, category, price_fen, units_per_item)
    VALUES (${opts.merchantId}, ${opts.name ?? `测试商品 ${kind} #${next()}`}, ${kind}, '测试', ${opts.priceFen ?? 1000},
            ${kind === 'direct_topup' ? (opts.unitsPerItem ?? 50) : null})
    RETURNING id`);
  return Number(res.rows[0]!.id);
}

/** Adds `count` keys straight into stock (encrypted like an import). */
export async function addKeys(ctx: Context, productId: number, count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, () => `KEY-${productId}-${next()}-${'X'.repeat(8)}`);
  for (const k of keys) {
    await ctx.db.execute(sql`
      INSERT INTO card_key (product_id, secret_enc, fingerprint, masked)
      VALUES (${productId}, ${ctx.box.seal(k)}, ${ctx.box.fingerprint(k)}, ${'****'})`);
  }
  return keys;
}

/** Sets a buyer's balance (余额), wallet and ledger together. */
export async function setBalance(ctx: Context, userId: number, balanceFen: number): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const res = await tx.execute<{ balance_fen: string }>(
      sql`SELECT balance_fen FROM wallet WHERE user_id = ${userId} FOR UPDATE`,
    );
    const current = Number(res.rows[0]?.balance_fen ?? 0);
    await adjustWallet(tx, userId, balanceFen - current, `test:wallet:${userId}`, new Date());
  });
}

/** A second shop with its own merchant user (password kameng-demo). */
export async function makeMerchant(ctx: Context, username: string): Promise<number> {
  const m = await ctx.db.execute<{ id: number }>(
    sql`INSERT INTO merchant (name) VALUES (${`商家 ${username}`}) RETURNING id`,
  );
  const merchantId = Number(m.rows[0]!.id);
  await ctx.db.execute(sql`
    INSERT INTO app_user (username, display_name, role, merchant_id, password_hash)
    VALUES (${username}, ${username}, 'merchant', ${merchantId}, ${await hashPassword('kameng-demo')})`);
  return merchantId;
}

/** A buyer of its own (for concurrency tests with many buyers). */
export async function makeBuyers(ctx: Context, prefix: string, n: number): Promise<string[]> {
  const hash = await hashPassword('kameng-demo');
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  for (const u of names) {
    await ctx.db.execute(
      sql`INSERT INTO app_user (username, display_name, role, password_hash) VALUES (${u}, ${u}, 'buyer', ${hash})`,
    );
  }
  return names;
}
