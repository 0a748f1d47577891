import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { listProducts, type ProductView } from './list-products.ts';
import { product } from './schema.ts';

/** A merchant changes one of its products (another shop's product is "not found"), audited. */
export async function updateProduct(input: {
  db: Db;
  merchantUser: Actor;
  productId: number;
  restockRefundedKeys?: boolean;
  /** A format checked by the route (isKeyFormat), or null to drop it. */
  keyFormat?: string | null;
  ip: string;
}): Promise<ProductView> {
  const merchantId = input.merchantUser.merchantId ?? -1;
  await inTransaction(input.db, async (tx) => {
    const [row] = await tx
      .update(product)
      .set({
        ...(input.restockRefundedKeys !== undefined && { restockRefundedKeys: input.restockRefundedKeys }),
        ...(input.keyFormat !== undefined && { keyFormat: input.keyFormat }),
      })
      .where(and(eq(product.id, input.productId), eq(product.merchantId, merchantId)))
      .returning({ id: product.id });
    if (!row) throw new AppError('RESOURCE.NOT_FOUND');
    await writeAudit(tx, {
      actorId: input.merchantUser.userId,
      actorRole: input.merchantUser.role,
      ip: input.ip,
      action: 'product.update',
      subject: `product:${input.productId}`,
      data: { restockRefundedKeys: input.restockRefundedKeys, keyFormat: input.keyFormat },
    });
  });
  const mine = await listProducts(input.db, { merchantId });
  return mine.find((p) => p.id === input.productId)!;
}
