import { and, eq, sql } from 'drizzle-orm';
import { isPlausibleKey, maskSecret, normaliseKeyLine } from '../../core/orders/mask.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { cardKey, product } from './schema.ts';

export const MAX_KEYS_PER_IMPORT = 50_000;

export type ImportResult = { total: number; imported: number; duplicates: number; invalid: number };

/**
 * Imports card keys from pasted text or a text/CSV file (one key per line; CSV: first column). Keys
 * already in this product's stock — or twice in the file — count as duplicates and are skipped; the
 * (product, fingerprint) unique index decides, so two imports racing each other cannot both add a key.
 * The key text is never logged or audited, only counts.
 */
export async function importCardKeys(input: {
  db: Db;
  box: SecretBox;
  merchantUser: Actor;
  productId: number;
  text: string;
  ip: string;
}): Promise<ImportResult> {
  // U+FFFD means the upload was not valid UTF-8; NUL means it was binary.
  if (input.text.includes('\u0000') || input.text.includes('\uFFFD'))
    throw new AppError('CARD_KEYS.BAD_FILE');
  const lines = input.text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const keys = lines.map(normaliseKeyLine).filter((k) => k.length > 0);
  if (keys.length === 0) throw new AppError('CARD_KEYS.BAD_FILE');
  if (keys.length > MAX_KEYS_PER_IMPORT)
    throw new AppError('REQUEST.TOO_LARGE', { maxKeys: MAX_KEYS_PER_IMPORT });
  const valid = keys.filter(isPlausibleKey);
  return inTransaction(input.db, async (tx) => {
    const [p] = await tx
      .select()
      .from(product)
      .where(
        and(eq(product.id, input.productId), eq(product.merchantId, input.merchantUser.merchantId ?? -1)),
      );
    if (!p) throw new AppError('PRODUCT.NOT_FOUND');
    if (p.kind !== 'card_key' && p.kind !== 'membership') throw new AppError('CARD_KEYS.WRONG_KIND');
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
    const result = {
      total: keys.length,
      imported,
      duplicates: valid.length - imported,
      invalid: keys.length - valid.length,
    };
    await writeAudit(tx, {
      actorId: input.merchantUser.userId,
      actorRole: input.merchantUser.role,
      ip: input.ip,
      action: 'card_keys.import',
      subject: `product:${p.id}`,
      data: result,
    });
    return result;
  });
}

/** Available keys per product, for stock figures. */
export const availableKeys = sql<number>`(SELECT count(*)::int FROM card_key k WHERE k.product_id = product.id AND k.status = 'available')`;
/** Items sold per product: paid orders not cancelled (uses shop_order_product_idx). */
export const soldItems = sql<number>`(SELECT coalesce(sum(o.quantity), 0)::int FROM shop_order o
  WHERE o.product_id = product.id AND o.status IN ('awaiting_delivery', 'delivered', 'completed'))`;
