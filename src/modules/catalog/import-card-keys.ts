import { and, eq, sql } from 'drizzle-orm';
import { checkCardKey, KEY_REFUSAL_TEXT, type KeyRefusal } from '../../core/orders/card-key-check.ts';
import { maskSecret, normaliseKeyLine } from '../../core/orders/mask.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { deliverToWaitingOrders } from '../orders/deliver-keys.ts';
import { PAID_STATUSES_SQL } from '../orders/schema.ts';
import { cardKey, product } from './schema.ts';

export const MAX_KEYS_PER_IMPORT = 50_000;

/** How many refused lines an answer lists one by one (the count covers all of them). */
export const MAX_REFUSALS_LISTED = 200;

export type KeyLineRefusal = { line: number; reason: KeyRefusal; zh: string; en: string };

export type ImportResult = {
  total: number;
  imported: number;
  duplicates: number;
  invalid: number;
  /** The refused lines (1-based line numbers of the file), up to MAX_REFUSALS_LISTED. */
  refused: KeyLineRefusal[];
  /** Orders that had found the product out of stock and were delivered from this import (补发). */
  redelivered: string[];
};

/**
 * Imports card keys from pasted text or a text/CSV file (one key per line; CSV: first column). Keys
 * already in this product's stock — or twice in the file — count as duplicates and are skipped; the
 * (product, fingerprint) unique index decides, so two imports racing each other cannot both add a key.
 * Lines that cannot be keys (too short, a space inside, not the product's key format) are refused
 * with their line number and reason, and the rest is imported. Paid orders that found the product out
 * of stock are then delivered from the new keys (补发, `deliverToWaitingOrders`).
 * The key text is never logged or audited, only counts.
 */
export async function importCardKeys(input: {
  db: Db;
  box: SecretBox;
  merchantUser: Actor;
  productId: number;
  text: string;
  ip: string;
  now: Date;
}): Promise<ImportResult> {
  // U+FFFD means the upload was not valid UTF-8; NUL means it was binary.
  if (input.text.includes('\u0000') || input.text.includes('\uFFFD'))
    throw new AppError('CARD_KEYS.BAD_FILE');
  const lines = input.text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const keys = lines
    .map((text, i) => ({ key: normaliseKeyLine(text), line: i + 1 }))
    .filter((k) => k.key.length > 0);
  if (keys.length === 0) throw new AppError('CARD_KEYS.BAD_FILE');
  if (keys.length > MAX_KEYS_PER_IMPORT)
    throw new AppError('REQUEST.TOO_LARGE', { maxKeys: MAX_KEYS_PER_IMPORT });
  return inTransaction(input.db, async (tx) => {
    const [p] = await tx
      .select()
      .from(product)
      .where(
        and(eq(product.id, input.productId), eq(product.merchantId, input.merchantUser.merchantId ?? -1)),
      );
    if (!p) throw new AppError('PRODUCT.NOT_FOUND');
    if (p.kind !== 'card_key' && p.kind !== 'membership') throw new AppError('CARD_KEYS.WRONG_KIND');
    const valid: string[] = [];
    const refused: KeyLineRefusal[] = [];
    let invalid = 0;
    for (const { key, line } of keys) {
      const reason = checkCardKey(key, p.keyFormat);
      if (!reason) valid.push(key);
      else {
        invalid++;
        if (refused.length < MAX_REFUSALS_LISTED) refused.push({ line, reason, ...KEY_REFUSAL_TEXT[reason] });
      }
    }
    let imported = 0;
    for (let i = 0; i < valid.length; i += 1000) {
      const rows = valid.slice(i, i + 1000).map((k) => ({
        productId: p.id,
        secretEnc: input.box.seal(k),
        fingerprint: input.box.fingerprint(k),
        masked: maskSecret(k),
      }));
      const inserted = await tx
        .insert(cardKey)
        .values(rows)
        .onConflictDoNothing()
        .returning({ id: cardKey.id });
      imported += inserted.length;
    }
    // Paid orders waiting for this product's keys get them first (补发).
    const redelivered = imported > 0 ? await deliverToWaitingOrders(tx, p.id, input.now) : [];
    const result = {
      total: keys.length,
      imported,
      duplicates: valid.length - imported,
      invalid,
      redelivered: redelivered.length,
    };
    await writeAudit(tx, {
      actorId: input.merchantUser.userId,
      actorRole: input.merchantUser.role,
      ip: input.ip,
      action: 'card_keys.import',
      subject: `product:${p.id}`,
      data: result,
    });
    return { ...result, refused, redelivered };
  });
}

/** Available keys per product, for stock figures. */
export const availableKeys = sql<number>`(SELECT count(*)::int FROM card_key k WHERE k.product_id = product.id AND k.status = 'available')`;
/** Items sold per product: paid orders not cancelled (uses shop_order_product_idx). */
export const soldItems = sql<number>`(SELECT coalesce(sum(o.quantity), 0)::int FROM shop_order o
  WHERE o.product_id = product.id AND o.status IN (${PAID_STATUSES_SQL}))`;
