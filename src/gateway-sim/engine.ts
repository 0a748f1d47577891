import type { AlipayIdStandard } from './alipay-notify.ts';
import { FaultBook, NOTIFY_FAULTS, OUTCOME_FAULTS } from './faults.ts';
import type { Notifier, OutgoingNotification } from './notifier.ts';
import { PayerBook } from './payers.ts';
import {
  newWechatRefundId,
  type SimChannel,
  type SimRefund,
  type SimRefundStatus,
  type SimState,
  type SimTrade,
} from './state.ts';

export type RefundOpen = {
  channel: SimChannel;
  trade: SimTrade;
  outRefundNo: string;
  amountFen: number;
  reason: string;
  notifyUrl: string | null;
};

export type OpenResult =
  | { kind: 'created' | 'existing'; refund: SimRefund }
  /** The number was used before for another trade or amount. */
  | { kind: 'mismatch'; refund: SimRefund }
  | { kind: 'exceeds'; availableFen: number }
  | { kind: 'not_paid' }
  | { kind: 'bad_amount' };

type NotificationBuilder = (refund: SimRefund) => OutgoingNotification | null;

const DEFAULT_PROCESSING_MS = 1000;

/**
 * The simulator's refund rules, the same for both channels: a refund number is used once (a repeat
 * returns the first result and never refunds twice), refunds never exceed the trade (PROCESSING ones
 * count), and scripted faults decide what a new refund becomes and how it is notified.
 */
export class SimEngine {
  readonly faults = new FaultBook();
  /** Who pays: each Kameng buyer as their own persona, or as one they were set to share. */
  readonly payers: PayerBook;
  /** Which id of the payer Alipay gives the app (its user id, or its open id on the openid standard). */
  alipayIds: AlipayIdStandard = 'userid';
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly builders = new Map<SimChannel, NotificationBuilder>();
  private readonly abort = new AbortController();

  constructor(
    readonly state: SimState,
    readonly notifier: Notifier,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.payers = new PayerBook(state);
  }

  /** After a restart: PROCESSING refunds settle when their time comes (at once if it has passed). */
  resume(): void {
    for (const r of this.state.listRefunds()) if (r.status === 'PROCESSING') this.schedule(r);
  }

  onNotify(channel: SimChannel, build: NotificationBuilder): void {
    this.builders.set(channel, build);
  }

  open(req: RefundOpen): OpenResult {
    const { channel, trade, outRefundNo, amountFen } = req;
    const existing = this.state.refund(channel, outRefundNo);
    if (existing) {
      if (existing.outTradeNo !== trade.outTradeNo || existing.amountFen !== amountFen) {
        return { kind: 'mismatch', refund: existing };
      }
      return { kind: 'existing', refund: this.current(existing) };
    }
    if (trade.status !== 'SUCCESS' || !trade.tradeNo) return { kind: 'not_paid' };
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return { kind: 'bad_amount' };
    const availableFen = trade.totalFen - this.state.committedFen(trade);
    if (amountFen > availableFen) return { kind: 'exceeds', availableFen };

    const ctx = { channel, op: 'refund' as const, outRefundNo, outTradeNo: trade.outTradeNo };
    const outcome = this.faults.take(OUTCOME_FAULTS, ctx);
    const notify = this.faults.take(NOTIFY_FAULTS, ctx);
    const now = this.now();
    let status: SimRefundStatus = 'SUCCESS';
    let settleTo: SimRefundStatus | null = null;
    let settleAt: string | null = null;
    if (outcome) {
      const target: SimRefundStatus =
        outcome.fault === 'processing_then_success'
          ? 'SUCCESS'
          : outcome.fault === 'abnormal'
            ? 'ABNORMAL'
            : 'CLOSED';
      const delay =
        outcome.delayMs ?? (outcome.fault === 'processing_then_success' ? DEFAULT_PROCESSING_MS : 0);
      if (delay > 0) {
        status = 'PROCESSING';
        settleTo = target;
        settleAt = new Date(now.getTime() + delay).toISOString();
      } else {
        status = target;
      }
    }
    const refund: SimRefund = {
      channel,
      outRefundNo,
      outTradeNo: trade.outTradeNo,
      tradeNo: trade.tradeNo,
      refundId: channel === 'wechatpay' ? newWechatRefundId(now) : `${trade.tradeNo}-${outRefundNo}`,
      amountFen,
      reason: req.reason,
      status,
      createdAt: now.toISOString(),
      successAt: status === 'SUCCESS' ? now.toISOString() : null,
      settleAt,
      settleTo,
      notifyUrl: req.notifyUrl,
      notifyFault: notify?.fault ?? null,
      notifyDelayMs: notify?.delayMs ?? null,
    };
    this.state.putRefund(refund);
    if (status === 'PROCESSING') this.schedule(refund);
    else this.notify(refund);
    return { kind: 'created', refund };
  }

  /** The refund as of now: a PROCESSING one whose time has come settles first. */
  current(refund: SimRefund): SimRefund {
    if (refund.status === 'PROCESSING' && refund.settleAt && new Date(refund.settleAt) <= this.now()) {
      this.settle(refund);
    }
    return refund;
  }

  /** Settles PROCESSING refunds at once (all, or one by number); returns how many. */
  settleNow(outRefundNo?: string): number {
    let n = 0;
    for (const r of this.state.listRefunds()) {
      if (r.status !== 'PROCESSING' || (outRefundNo && r.outRefundNo !== outRefundNo)) continue;
      this.settle(r);
      n++;
    }
    return n;
  }

  /** Holds a reply for `ms` (the timeout fault); ends early when the simulator stops. */
  hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.abort.signal;
      if (signal.aborted) return resolve();
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  stop(): void {
    this.abort.abort();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private settle(refund: SimRefund): void {
    if (refund.status !== 'PROCESSING' || !refund.settleTo) return;
    const key = `${refund.channel}:${refund.outRefundNo}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    refund.status = refund.settleTo;
    refund.successAt = refund.status === 'SUCCESS' ? this.now().toISOString() : null;
    refund.settleAt = null;
    refund.settleTo = null;
    this.state.putRefund(refund);
    this.notify(refund);
  }

  private schedule(refund: SimRefund): void {
    if (!refund.settleAt || this.abort.signal.aborted) return;
    const key = `${refund.channel}:${refund.outRefundNo}`;
    clearTimeout(this.timers.get(key));
    const wait = Math.max(0, new Date(refund.settleAt).getTime() - this.now().getTime());
    const timer = setTimeout(() => this.settle(refund), wait);
    timer.unref();
    this.timers.set(key, timer);
  }

  private notify(refund: SimRefund): void {
    if (!refund.notifyUrl) return;
    const n = this.builders.get(refund.channel)?.(refund);
    if (n) this.notifier.deliver(n, refund.notifyFault, refund.notifyDelayMs);
  }
}
