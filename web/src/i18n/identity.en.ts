import type { Messages } from './zh-CN.ts';

type IdentityMessages = Pick<Messages, 'identity' | 'verification'>;

export const identityEn: IdentityMessages = {
  identity: {
    title: 'Identity verification',
    intro:
      'A verified identity makes your account more trustworthy, and refunds under risk review can move faster. We keep your details encrypted; pages and support staff only see them masked.',
    status: {
      none: 'Not verified',
      pending: 'Phone to confirm',
      verified: 'Verified',
    },
    realName: 'Real name',
    realNamePlaceholder: 'As on your ID card, e.g. 张小明',
    idNumber: 'Resident ID number',
    idNumberPlaceholder: '18-digit resident ID number',
    phone: 'Mobile number',
    phonePlaceholder: '11-digit mainland China mobile number',
    required: 'Enter your {{field}}',
    submit: 'Submit and get a code',
    codeSent: 'A code was sent to {{phone}}; it is valid until {{time}}',
    codeSentDemo: 'The demo sends no real SMS: the code is in your site messages (titled [Simulated SMS]).',
    openInbox: 'Open messages',
    code: 'SMS code',
    codePlaceholder: '6 digits',
    codeInvalid: 'Enter the 6-digit code',
    confirm: 'Complete verification',
    resend: 'Edit details / get a new code',
    verified: 'Your identity is verified',
    verifiedAt: 'Verified at',
    back: 'Back to refund {{refundNo}}',
    privacy: 'Your identity is used only to verify you, stored encrypted and never shown to merchants.',
  },
  verification: {
    heldTitle: 'This refund needs further verification',
    heldBody:
      'This request needs a closer look by a person; it has not been rejected. Support will handle it soon; any of the following helps it through faster:',
    identityStep: 'Verify your identity: shows it is really you applying',
    identityDone: 'Identity verified ({{name}})',
    goIdentity: 'Verify identity',
    recordsStep:
      'Attach account records: compiled by Kameng from your order history and payment vouchers, nothing to type',
    attach: 'Attach account records',
    attached: 'Account records attached',
    rejectedTitle: 'Appealing?',
    rejectedBody:
      'Attach the account records Kameng compiles, so the reviewer of your appeal sees your order history and payment vouchers.',
    records: 'Account records',
    recordsNone: 'No account records attached yet',
    recordCompiled: 'Compiled {{time}}',
    recordSummary:
      '{{orders}} orders in the last 12 months, paid {{paid}}, refunded {{refunded}}; account {{days}} days old',
    recordVerified: '✓ Verified',
    recordTampered: '✗ Verification failed (the content was changed)',
    hash: 'SHA-256',
    orders: 'Orders',
    orderNo: 'Order no.',
    product: 'Product',
    paid: 'Paid',
    channel: 'Channel',
    tradeNo: 'Trade no.',
    paidAt: 'Paid at',
    orderStatus: 'Status',
    refunded: 'Refunded',
    vouchers: 'Payment vouchers',
    voucherRef: 'Voucher',
    amount: 'Amount',
    postedAt: 'Posted at',
  },
};
