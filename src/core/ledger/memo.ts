import { formatYuan } from '../money/fen.ts';
import type { Channel } from './accounts.ts';

/** Amounts in the books' memos: ¥40.00. */
export const yuanMemo = (fen: number) => `¥${formatYuan(fen)}`;

const CHANNEL_NAMES: Record<Channel, string> = { alipay: '支付宝', wechatpay: '微信支付', balance: '余额' };

/** 支付宝 / 微信支付 / 余额, for memos. */
export const channelName = (channel: Channel) => CHANNEL_NAMES[channel];

/** 商户「星辰数码」, or 商户 #7 when the name is not at hand. */
export const merchantMemo = (merchantId: number, name?: string | null) =>
  name ? `商户「${name}」` : `商户 #${merchantId}`;

/** The refund case a payout's ref (`payout:R…-1`) paid, for memos: 退款单 R… */
export function refundOfRef(ref: string): string | null {
  return /^payout:(R\d{14})-\d+$/.exec(ref)?.[1] ?? null;
}
