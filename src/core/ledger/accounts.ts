/**
 * Ledger accounts are paths (`merchant:4:balance`). Platform-side accounts hold real money and never go
 * negative; the outside world's accounts (a channel's clearing, the platform's funding) are where money
 * enters and leaves, so their balance is the net flow and may be negative.
 */
export type Channel = 'alipay' | 'wechatpay' | 'balance';

export const ESCROW = 'platform:escrow';
export const GUARANTEE = 'platform:guarantee';
export const FEE_INCOME = 'platform:fee_income';
/** Where the platform's own money (e.g. the guarantee fund) comes from. */
export const FUNDING = 'platform:funding';
/**
 * The other side of merchants' receivables: an advance from the guarantee fund books the claim as
 * receivable +X / advances −X, and its recovery reverses that, so both sides always balance.
 */
export const ADVANCES = 'platform:advances';

export const buyerBalance = (buyerId: number) => `buyer:${buyerId}:balance`;
export const merchantBalance = (merchantId: number) => `merchant:${merchantId}:balance`;
export const merchantDeposit = (merchantId: number) => `merchant:${merchantId}:deposit`;
/** What a merchant owes the platform after the guarantee fund advanced a refund for it (先行垫付). */
export const merchantReceivable = (merchantId: number) => `merchant:${merchantId}:receivable`;
export const channelClearing = (channel: 'alipay' | 'wechatpay') => `channel:${channel}:clearing`;

const PATH =
  /^(platform:(escrow|guarantee|fee_income|funding|advances)|buyer:[1-9]\d{0,15}:balance|merchant:[1-9]\d{0,15}:(balance|deposit|receivable)|channel:(alipay|wechatpay):clearing)$/;

export function isAccountPath(path: string): boolean {
  return PATH.test(path);
}

/** Accounts whose balance may go below zero: the outside world's (channel clearing, funding) and advances. */
export function mayGoNegative(path: string): boolean {
  return path.startsWith('channel:') || path === FUNDING || path === ADVANCES;
}

/** Where a refund goes back to (原路退回): the channel it was paid with, or the buyer's balance. */
export function refundDestination(channel: Channel, buyerId: number): string {
  return channel === 'balance' ? buyerBalance(buyerId) : channelClearing(channel);
}
