import { z } from 'zod';
import { CARRIER_NAMES, CARRIERS, type Carrier } from '../../core/returns/carriers.ts';
import { merchantPostageFen } from '../../core/returns/return-policy.ts';
import type { ReturnAddress } from '../auth/schema.ts';
import type { CaseRow } from '../refunds/find-case.ts';

const Label = z.object({ zh: z.string(), en: z.string() });

/** 退货寄回 on a case page: where to, by when, who pays the postage, and the shipment once entered. */
export const ReturnShipmentBody = z.object({
  postagePaidBy: z.enum(['buyer', 'merchant']),
  /** The merchant's return address (null: the merchant has not set one; the buyer is told to ask). */
  address: z.object({ name: z.string(), phone: z.string(), address: z.string() }).nullable(),
  shipBy: z.string().nullable(),
  carrier: z.enum(CARRIERS).nullable(),
  carrierName: Label.nullable(),
  trackingNo: z.string().nullable(),
  shippedAt: z.string().nullable(),
  confirmBy: z.string().nullable(),
  receivedAt: z.string().nullable(),
  /** The postage the buyer declared (only asked when the merchant pays it), capped by the policy. */
  postageFen: z.number().int().nullable(),
  /** What the merchant owes the buyer for postage (paid to the buyer's balance at the hand-over to payout). */
  merchantOwesPostageFen: z.number().int(),
  /** Whether that postage has been paid into the buyer's balance (退货运费补偿). */
  postagePaid: z.boolean(),
});

/** The return as the case page shows it, or null for a case that asks no goods back. */
export function returnView(c: CaseRow, currentAddress: ReturnAddress | null, postagePaid = false) {
  if (c.returnPostageBy === null) return null;
  const carrier = (c.returnCarrier as Carrier | null) ?? null;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    postagePaidBy: c.returnPostageBy,
    address: c.returnAddress ?? currentAddress,
    shipBy: iso(c.returnDeadline),
    carrier,
    carrierName: carrier ? CARRIER_NAMES[carrier] : null,
    trackingNo: c.returnTrackingNo,
    shippedAt: iso(c.returnShippedAt),
    confirmBy: iso(c.returnConfirmDeadline),
    receivedAt: iso(c.returnReceivedAt),
    postageFen: c.returnPostageFen,
    // The cap was applied when the buyer declared it (ship-return.ts).
    merchantOwesPostageFen: merchantPostageFen(
      c.returnPostageBy,
      c.returnPostageFen,
      Number.MAX_SAFE_INTEGER,
    ),
    postagePaid,
  };
}
