/**
 * The carriers a buyer may name for a return (the common ones on Taobao/JD), with a loose pattern for
 * their tracking numbers: enough to catch a phone number or a typo, not a promise the parcel exists.
 */
export const CARRIERS = ['sf', 'zto', 'yto', 'yunda', 'sto', 'jd', 'ems', 'post'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const CARRIER_NAMES: Record<Carrier, { zh: string; en: string }> = {
  sf: { zh: '顺丰速运', en: 'SF Express' },
  zto: { zh: '中通快递', en: 'ZTO Express' },
  yto: { zh: '圆通速递', en: 'YTO Express' },
  yunda: { zh: '韵达快递', en: 'Yunda Express' },
  sto: { zh: '申通快递', en: 'STO Express' },
  jd: { zh: '京东物流', en: 'JD Logistics' },
  ems: { zh: 'EMS', en: 'EMS' },
  post: { zh: '中国邮政', en: 'China Post' },
};

const PATTERNS: Record<Carrier, RegExp> = {
  sf: /^SF\d{12,13}$/,
  zto: /^(7[0-9]|5[0-9])\d{10,13}$/,
  yto: /^YT\d{13,15}$/,
  yunda: /^\d{13,15}$/,
  sto: /^\d{12,15}$/,
  jd: /^(JD[A-Z0-9]{11,15}|JDV\d{12,15})$/,
  ems: /^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/,
  post: /^([A-Z]{2}\d{9}[A-Z]{2}|\d{13})$/,
};

/** Upper-cased, spaces and dashes removed: what people paste from a carrier's page. */
export function normaliseTrackingNo(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether the (normalised) number looks like one of this carrier's. */
export function trackingNoFits(carrier: Carrier, trackingNo: string): boolean {
  return PATTERNS[carrier].test(trackingNo);
}
