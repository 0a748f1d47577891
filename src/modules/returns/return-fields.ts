import type { refundCase } from '../refunds/schema.ts';

type ReturnColumns = Pick<
  typeof refundCase.$inferSelect,
  | 'returnPostageBy'
  | 'returnAddress'
  | 'returnDeadline'
  | 'returnRemindAt'
  | 'returnCarrier'
  | 'returnTrackingNo'
  | 'returnPostageFen'
  | 'returnShippedAt'
  | 'returnConfirmDeadline'
  | 'returnReceivedAt'
>;

/** A case that asks for no return (every case at submission). */
export const NO_RETURN: ReturnColumns = {
  returnPostageBy: null,
  returnAddress: null,
  returnDeadline: null,
  returnRemindAt: null,
  returnCarrier: null,
  returnTrackingNo: null,
  returnPostageFen: null,
  returnShippedAt: null,
  returnConfirmDeadline: null,
  returnReceivedAt: null,
};
