import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { merchant, type ReturnAddress } from '../auth/schema.ts';

/** Printable text only: no control characters (NUL included) in what a buyer copies onto a parcel. */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !/\p{Cc}/u.test(v), 'no control characters');

export const ReturnAddressBody = z.object({
  name: line(40),
  /** A shop's mobile or landline: digits with an optional area-code dash or extension. */
  phone: z
    .string()
    .trim()
    .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$/, 'a mobile or landline number'),
  address: line(200),
});

function ownMerchantId(actor: Actor): number {
  if (actor.role !== 'merchant' || actor.merchantId === null) throw new AppError('AUTH.FORBIDDEN');
  return actor.merchantId;
}

/** The shop's return address (退货地址), or null until it is set. */
export async function getReturnAddress(db: Db, actor: Actor): Promise<ReturnAddress | null> {
  const [m] = await db
    .select({ address: merchant.returnAddress })
    .from(merchant)
    .where(eq(merchant.id, ownMerchantId(actor)));
  return m?.address ?? null;
}

/**
 * Sets the shop's return address. Returns already asked for keep the address they were asked with
 * (it is copied onto the case), so a buyer's label never changes under them; only those asked before
 * any address was set read this one.
 */
export async function setReturnAddress(db: Db, actor: Actor, address: ReturnAddress): Promise<ReturnAddress> {
  await db
    .update(merchant)
    .set({ returnAddress: address })
    .where(eq(merchant.id, ownMerchantId(actor)));
  return address;
}
