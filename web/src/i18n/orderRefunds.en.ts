import type { Messages } from './zh-CN.ts';

type OrderRefundsMessages = Pick<Messages, 'orderRefund' | 'cardKeys' | 'caseAmount'>;

export const orderRefundsEn: OrderRefundsMessages = {
  orderRefund: {
    refunded: 'Refunded in full (closed)',
    partly: 'Partly refunded {{amount}}',
    open: 'Refund in progress',
    feesKept: 'Fees kept',
    records: 'Refunds',
    refundNo: 'Refund no.',
    type: 'Refund type',
    amount: 'Amount',
    state: 'Status',
    createdAt: 'Requested at',
    viewCase: 'View the refund',
    openCase: 'View the refund in progress',
  },
  cardKeys: {
    revealTitle: 'View this card key?',
    copyTitle: 'Copy this card key?',
    revealWarning: 'Once viewed, the key counts as used: you can no longer get a refund for it as unused',
    revealOk: 'View it',
    copyOk: 'Copy it',
    cancel: 'Cancel',
    locked: 'Locked · refund in progress',
    lockedNotice:
      'While refund {{refundNo}} is being handled, the unrevealed keys are locked and cannot be viewed or copied. Withdrawing the application unlocks them.',
    lockedLink: 'View the refund',
    refunded: 'Refunded · void',
    held: 'Held by the buyer',
  },
  caseAmount: {
    approved: 'Approved {{amount}}',
    asked: 'Asked {{amount}}',
  },
};
