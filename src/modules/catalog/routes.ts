import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { merchantDeposit } from '../../core/ledger/accounts.ts';
import { isKeyFormat } from '../../core/orders/card-key-check.ts';
import { AppError } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import { merchant } from '../auth/schema.ts';
import { merchantComplaintCount } from '../complaints/stats.ts';
import type { Context } from '../context.ts';
import { balances } from '../ledger/post-txn.ts';
import { wallet } from '../orders/schema.ts';
import { importCardKeys } from './import-card-keys.ts';
import { listProducts } from './list-products.ts';
import { merchantProfile, PRODUCT_KINDS } from './schema.ts';
import { updateProduct } from './update-product.ts';

const Product = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  category: z.string(),
  priceFen: z.number().int(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  description: z.string(),
  stock: z.number().int().nullable(),
  soldCount: z.number().int(),
  restockRefundedKeys: z.boolean(),
  /** The shop's own products only: the card-key format imports are checked against, if set. */
  keyFormat: z.string().nullable().optional(),
});

export function registerCatalogRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  app.get(
    '/api/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Products on sale (demo storefront)',
        querystring: z.object({ kind: z.enum(PRODUCT_KINDS).optional(), q: z.string().max(64).optional() }),
        response: { 200: z.object({ items: z.array(Product) }), ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req);
      return { items: await listProducts(db, req.query) };
    },
  );

  app.get(
    '/api/merchant/products',
    {
      schema: {
        tags: ['catalog'],
        summary: "The merchant's own products with stock and sales",
        response: { 200: z.object({ items: z.array(Product) }), ...errorResponses },
      },
    },
    async (req) => {
      const m = requireActor(req, 'merchant');
      return { items: await listProducts(db, { merchantId: m.merchantId ?? -1 }) };
    },
  );

  app.patch(
    '/api/merchant/products/:productId',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Change a product of your shop: whether refunded card keys the buyer never revealed go back on sale, and the card-key format (A letter, 9 digit, X either, -_.:#/ as themselves; null for none)',
        params: z.object({ productId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        body: z
          .object({
            restockRefundedKeys: z.boolean().optional(),
            keyFormat: z
              .string()
              .trim()
              .refine(isKeyFormat, 'A letter (A), digit (9) or either (X), and -_.:#/ — 4 to 64 characters')
              .nullable()
              .optional(),
          })
          .refine(
            (b) => b.restockRefundedKeys !== undefined || b.keyFormat !== undefined,
            'nothing to change',
          ),
        response: { 200: Product, ...errorResponses },
      },
    },
    async (req) =>
      updateProduct({
        db,
        merchantUser: requireActor(req, 'merchant'),
        productId: req.params.productId,
        restockRefundedKeys: req.body.restockRefundedKeys,
        keyFormat: req.body.keyFormat,
        ip: req.ip,
      }),
  );

  app.post(
    '/api/merchant/products/:productId/card-keys',
    {
      // A file of 50,000 keys is ~1–2 MB of text.
      bodyLimit: 4 * 1024 * 1024,
      // A NUL in the text means a binary file: importCardKeys answers that with CARD_KEYS.BAD_FILE.
      config: { controlCharsAllowed: ['body.text'] },
      schema: {
        tags: ['catalog'],
        summary:
          'Import card keys: pasted lines or the text of a .txt/.csv file (one key per line, CSV: first column)',
        params: z.object({ productId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        body: z.object({ text: z.string().min(1) }),
        response: {
          200: z.object({
            total: z.number().int(),
            imported: z.number().int(),
            duplicates: z.number().int(),
            invalid: z.number().int(),
            /** Orders that had found the product out of stock, delivered from these keys (补发). */
            redelivered: z.array(z.string()),
            refused: z.array(
              z.object({
                line: z.number().int(),
                reason: z.enum(['too_short', 'too_long', 'whitespace', 'control', 'format']),
                zh: z.string(),
                en: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      importCardKeys({
        db,
        box: ctx.box,
        merchantUser: requireActor(req, 'merchant'),
        productId: req.params.productId,
        text: req.body.text,
        ip: req.ip,
        now: ctx.now(),
      }),
  );

  app.get(
    '/api/merchant/profile',
    {
      schema: {
        tags: ['catalog'],
        summary: "The merchant's shop: deposit held (保证金, from the ledger), the deposit required, status",
        response: {
          200: z.object({
            merchantId: z.number().int(),
            name: z.string(),
            depositFen: z.number().int(),
            requiredDepositFen: z.number().int(),
            status: z.enum(['active', 'suspended', 'closed']),
            /** Complaints about the shop's conduct (投诉), all and still open. */
            complaints: z.object({ total: z.number().int(), open: z.number().int() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const m = requireActor(req, 'merchant');
      const [row] = await db
        .select({
          merchantId: merchant.id,
          name: merchant.name,
          depositFen: merchantProfile.depositFen,
          status: merchantProfile.status,
        })
        .from(merchant)
        .leftJoin(merchantProfile, eq(merchantProfile.merchantId, merchant.id))
        .where(eq(merchant.id, m.merchantId ?? -1));
      if (!row) throw new AppError('RESOURCE.NOT_FOUND');
      const deposit = merchantDeposit(row.merchantId);
      return {
        ...row,
        depositFen: (await balances(db, [deposit])).get(deposit)!,
        requiredDepositFen: row.depositFen ?? 0,
        status: row.status ?? 'active',
        complaints: await merchantComplaintCount(db, row.merchantId),
      };
    },
  );

  app.get(
    '/api/wallet',
    {
      schema: {
        tags: ['catalog'],
        summary: "The buyer's balance (余额)",
        response: { 200: z.object({ balanceFen: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      const [w] = await db.select().from(wallet).where(eq(wallet.userId, buyer.userId));
      return { balanceFen: w?.balanceFen ?? 0 };
    },
  );
}
