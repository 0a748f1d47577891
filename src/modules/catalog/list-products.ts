import { and, asc, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { merchant } from '../auth/schema.ts';
import { availableKeys, soldItems } from './import-card-keys.ts';
import { merchantProfile, type ProductKind, product } from './schema.ts';

export type ProductView = {
  id: number;
  name: string;
  kind: ProductKind;
  category: string;
  priceFen: number;
  merchantId: number;
  merchantName: string;
  description: string;
  stock: number | null;
  soldCount: number;
  /** Card keys: whether a refunded key the buyer never revealed goes back on sale. */
  restockRefundedKeys: boolean;
  /** The shop's own view only: the card-key format imports are checked against. */
  keyFormat?: string | null;
};

const hasKeys = (k: ProductKind) => k === 'card_key' || k === 'membership';

/** Products on sale (storefront), or one merchant's products with sales figures (merchant portal). */
export async function listProducts(
  db: Db,
  filter: { kind?: ProductKind; q?: string; merchantId?: number },
): Promise<ProductView[]> {
  const where: SQL[] = [];
  if (filter.merchantId !== undefined) where.push(eq(product.merchantId, filter.merchantId));
  else
    where.push(
      eq(product.active, true),
      or(isNull(merchantProfile.status), eq(merchantProfile.status, 'active'))!,
    );
  if (filter.kind) where.push(eq(product.kind, filter.kind));
  if (filter.q?.trim())
    where.push(ilike(product.name, `%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const rows = await db
    .select({ p: product, merchantName: merchant.name, stock: availableKeys, sold: soldItems })
    .from(product)
    .innerJoin(merchant, eq(merchant.id, product.merchantId))
    .leftJoin(merchantProfile, eq(merchantProfile.merchantId, product.merchantId))
    .where(and(...where))
    .orderBy(asc(product.kind), asc(product.id));
  return rows.map(({ p, merchantName, stock, sold }) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    category: p.category,
    priceFen: p.priceFen,
    merchantId: p.merchantId,
    merchantName,
    description: p.description,
    stock: hasKeys(p.kind) ? Number(stock) : null,
    soldCount: Number(sold),
    restockRefundedKeys: p.restockRefundedKeys,
    ...(filter.merchantId !== undefined && { keyFormat: p.keyFormat }),
  }));
}
