import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoPayer } from '../modules/payments/demo-payers.ts';

export type SimChannel = 'alipay' | 'wechatpay';

export type SimTrade = {
  channel: SimChannel;
  outTradeNo: string;
  /** Alipay trade_no / WeChat Pay transaction_id (null until paid for a WeChat native order). */
  tradeNo: string | null;
  totalFen: number;
  status: 'NOTPAY' | 'SUCCESS';
  subject: string;
  createdAt: string;
  paidAt: string | null;
  /** WeChat native: the QR code the buyer scans. */
  codeUrl: string | null;
  /**
   * Who paid (null until paid). Every reply and notification about the trade shows these ids, whatever
   * the buyer's persona is later. Books written before personas have none: see LEGACY_PAYER.
   */
  payer?: DemoPayer | null;
};

export type SimRefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export type NotifyFault = 'duplicate_notify' | 'out_of_order_notify' | 'forged_notify';

export type SimRefund = {
  channel: SimChannel;
  outRefundNo: string;
  outTradeNo: string;
  tradeNo: string;
  /** WeChat Pay refund_id; for Alipay, trade_no and out_request_no together name a refund. */
  refundId: string;
  amountFen: number;
  reason: string;
  status: SimRefundStatus;
  createdAt: string;
  successAt: string | null;
  /** A PROCESSING refund becomes `settleTo` at `settleAt`. */
  settleAt: string | null;
  settleTo: SimRefundStatus | null;
  notifyUrl: string | null;
  notifyFault: NotifyFault | null;
  notifyDelayMs: number | null;
};

/** `payAs`: Kameng buyer id → the persona they pay as instead of their own (absent in older files). */
type Persisted = {
  version: 1;
  trades: SimTrade[];
  refunds: SimRefund[];
  payAs?: Record<string, string>;
};

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const ymd = (at: Date) => at.toISOString().slice(0, 10).replaceAll('-', '');

/** Alipay trade_no: date, a fixed middle and a random tail, 28 digits like the real ones. */
export const newAlipayTradeNo = (at: Date) => `${ymd(at)}22001${digits(15)}`;
/** WeChat Pay transaction_id: 28 digits starting 4200. */
export const newWechatTransactionId = (at: Date) => `4200${digits(4)}${ymd(at)}${digits(12)}`;
/** WeChat Pay refund_id: 29 digits starting 5030. */
export const newWechatRefundId = (at: Date) => `5030${digits(5)}${ymd(at)}${digits(12)}`;

const key = (channel: SimChannel, no: string) => `${channel}:${no}`;

/**
 * The simulator's books: trades and refunds per channel, in memory, optionally written to a JSON
 * file after every change (write to a temp file, then rename: a crash leaves the old or the new file,
 * never half of one), so a restarted simulator still knows what it paid and refunded.
 */
export class SimState {
  private readonly trades = new Map<string, SimTrade>();
  private readonly refunds = new Map<string, SimRefund>();
  private readonly payAs = new Map<number, string>();

  constructor(private readonly file: string | null) {
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const data = JSON.parse(text) as Persisted;
    for (const t of data.trades) this.trades.set(key(t.channel, t.outTradeNo), t);
    for (const r of data.refunds) this.refunds.set(key(r.channel, r.outRefundNo), r);
    for (const [buyerId, persona] of Object.entries(data.payAs ?? {}))
      this.payAs.set(Number(buyerId), persona);
  }

  save(): void {
    if (!this.file) return;
    const data: Persisted = {
      version: 1,
      trades: this.listTrades(),
      refunds: this.listRefunds(),
      payAs: Object.fromEntries(this.payAs),
    };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }

  reset(): void {
    this.trades.clear();
    this.refunds.clear();
    this.payAs.clear();
    this.save();
  }

  /** The persona a Kameng buyer was set to pay as, if any (see payers.ts). */
  personaOverride(buyerId: number): string | undefined {
    return this.payAs.get(buyerId);
  }

  setPersonaOverride(buyerId: number, persona: string | null): void {
    if (persona === null) this.payAs.delete(buyerId);
    else this.payAs.set(buyerId, persona);
    this.save();
  }

  listPersonaOverrides(): { buyerId: number; persona: string }[] {
    return [...this.payAs].map(([buyerId, persona]) => ({ buyerId, persona }));
  }

  trade(channel: SimChannel, outTradeNo: string): SimTrade | undefined {
    return this.trades.get(key(channel, outTradeNo));
  }

  tradeByChannelNo(channel: SimChannel, tradeNo: string): SimTrade | undefined {
    for (const t of this.trades.values()) if (t.channel === channel && t.tradeNo === tradeNo) return t;
    return undefined;
  }

  /** A trade by either number; with both, they must name the same trade. */
  findTrade(channel: SimChannel, ids: { outTradeNo?: string; tradeNo?: string }): SimTrade | undefined {
    const byNo = ids.tradeNo ? this.tradeByChannelNo(channel, ids.tradeNo) : undefined;
    const byOut = ids.outTradeNo ? this.trade(channel, ids.outTradeNo) : undefined;
    if (byNo && byOut && byNo !== byOut) return undefined;
    return byNo ?? byOut;
  }

  putTrade(t: SimTrade): void {
    this.trades.set(key(t.channel, t.outTradeNo), t);
    this.save();
  }

  refund(channel: SimChannel, outRefundNo: string): SimRefund | undefined {
    return this.refunds.get(key(channel, outRefundNo));
  }

  putRefund(r: SimRefund): void {
    this.refunds.set(key(r.channel, r.outRefundNo), r);
    this.save();
  }

  listTrades(): SimTrade[] {
    return [...this.trades.values()];
  }

  listRefunds(): SimRefund[] {
    return [...this.refunds.values()];
  }

  refundsOf(trade: SimTrade): SimRefund[] {
    return this.listRefunds().filter((r) => r.channel === trade.channel && r.outTradeNo === trade.outTradeNo);
  }

  /** Money that has left the trade or is on its way: SUCCESS and PROCESSING refunds. */
  committedFen(trade: SimTrade): number {
    return this.refundsOf(trade)
      .filter((r) => r.status === 'SUCCESS' || r.status === 'PROCESSING')
      .reduce((sum, r) => sum + r.amountFen, 0);
  }

  /** Money that has left the trade: SUCCESS refunds only. */
  refundedFen(trade: SimTrade): number {
    return this.refundsOf(trade)
      .filter((r) => r.status === 'SUCCESS')
      .reduce((sum, r) => sum + r.amountFen, 0);
  }
}
