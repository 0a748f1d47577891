import type { Messages } from './zh-CN.ts';

type ReturnsMessages = Pick<Messages, 'returns' | 'returnAddress' | 'merchantRecords'>;

export const returnsEn: ReturnsMessages = {
  returns: {
    title: 'Return shipping',
    buyerIntro:
      'Your refund is approved. Send the goods to the address below and enter the tracking number in time; the refund goes back the way you paid once the merchant confirms receipt.',
    merchantIntro:
      'The buyer sends the goods back to your return address. Confirm receipt when they arrive; if something is wrong with them, object with photos.',
    address: 'Return address',
    addressMissing:
      'The merchant has not set a return address yet; ask the merchant or support through messages.',
    shipBy: 'Ship by',
    shipByHint: 'Without a tracking number by then the case closes (you are reminded a day before).',
    confirmBy: 'Confirm by',
    confirmByHint: 'Unanswered by then, the goods count as received and the refund is paid.',
    postage: 'Return postage',
    postageBuyer: 'Paid by the buyer (7-day no-reason return)',
    postageMerchant: 'Paid by the merchant (quality issue)',
    postageDeclared: 'Postage declared by the buyer',
    postageOwed:
      'The merchant owes {{amount}} postage (capped by the policy): paid into the buyer’s balance once the goods are accepted',
    postagePaid: 'Return postage {{amount}} paid into the buyer’s balance by the merchant',
    carrier: 'Carrier',
    carrierPlaceholder: 'Choose the carrier',
    trackingNo: 'Tracking number',
    trackingPlaceholder: 'e.g. SF1234567890123',
    trackingRequired: 'Enter the tracking number',
    postageFen: 'Postage paid (yuan, optional)',
    submit: 'Submit tracking number',
    shipped: 'Tracking number sent; waiting for the merchant to confirm receipt',
    shipment: 'Return parcel',
    shippedAt: 'Shipped',
    receivedAt: 'Received',
    confirm: 'Confirm receipt',
    confirmTitle: 'Did the returned goods arrive?',
    confirmHint: 'The refund goes back to the buyer at once; this cannot be undone.',
    confirmed: 'Receipt confirmed; the refund is on its way',
    object: 'Object',
    objectTitle: 'Object to the returned goods: {{refundNo}}',
    objectHint:
      'Say what is wrong (not the item sold, damaged, parts missing) and add photos; an agent decides.',
    objectPlaceholder: "e.g. the serial number is not the order's and the box is damaged, see photos",
    objected: 'Objection sent; an agent will handle it',
    carriers: {
      sf: 'SF Express',
      zto: 'ZTO Express',
      yto: 'YTO Express',
      yunda: 'Yunda Express',
      sto: 'STO Express',
      jd: 'JD Logistics',
      ems: 'EMS',
      post: 'China Post',
    },
  },
  returnAddress: {
    title: 'Return address',
    intro:
      'Buyers sending goods back see this address. Returns already asked for keep the address they were given.',
    name: 'Recipient',
    phone: 'Phone',
    address: 'Address',
    save: 'Save',
    saved: 'Return address saved',
    notSet: 'No return address yet: returns of physical goods need one.',
  },
  merchantRecords: {
    order: 'Order and delivery records',
    orderPage: 'Order',
    masked: "The buyer's personal data is masked",
    refunds: 'Refund cases on this order',
    noRefunds: 'No refund cases on this order',
    backToOrders: 'Back to orders',
    notFound: 'No such order, or it is not your shop’s',
  },
};
