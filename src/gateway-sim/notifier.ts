import type { NotifyFault, SimChannel } from './state.ts';

export type NotificationRequest = { headers: Record<string, string>; body: string };

export type OutgoingNotification = {
  channel: SimChannel;
  outRefundNo: string;
  url: string;
  /** Built afresh for every attempt (new timestamp and nonce); `forged` signs with a key nobody trusts. */
  build(opts: { forged: boolean }): NotificationRequest;
  /** Whether the merchant's answer means "received" in this channel's protocol. */
  accepted(status: number, body: string): boolean;
};

export type DeliveryKind = 'genuine' | 'duplicate' | 'forged';

export type DeliveryLogEntry = {
  seq: number;
  channel: SimChannel;
  outRefundNo: string;
  kind: DeliveryKind;
  attempt: number;
  at: string;
  status: number | null;
  answer: string;
  accepted: boolean;
};

/**
 * Posts notifications the way the gateways do: retried with back-off until the merchant answers
 * that it got them (then given up), with scripted faults — a duplicate after the first delivery, a
 * notification held back so a later one overtakes it, a forged copy before the genuine one.
 */
export class Notifier {
  private readonly entries: DeliveryLogEntry[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private seq = 0;

  constructor(private readonly opts: { retryDelaysMs: number[]; timeoutMs: number }) {}

  log(): DeliveryLogEntry[] {
    return [...this.entries];
  }

  clearLog(): void {
    this.entries.length = 0;
  }

  deliver(n: OutgoingNotification, fault: NotifyFault | null, delayMs: number | null): void {
    const run = this.run(n, fault, delayMs).catch(() => undefined);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every notification under way has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  stop(): void {
    this.abort.abort();
  }

  private async run(n: OutgoingNotification, fault: NotifyFault | null, delayMs: number | null) {
    if (fault === 'forged_notify') await this.post(n, 'forged', 1);
    if (fault === 'out_of_order_notify') await this.sleep(delayMs ?? 500);
    for (let attempt = 1; ; attempt++) {
      if (this.abort.signal.aborted) return;
      if (await this.post(n, 'genuine', attempt)) break;
      const wait = this.opts.retryDelaysMs[attempt - 1];
      if (wait === undefined) return;
      await this.sleep(wait);
    }
    if (fault === 'duplicate_notify') await this.post(n, 'duplicate', 1);
  }

  private async post(n: OutgoingNotification, kind: DeliveryKind, attempt: number): Promise<boolean> {
    const { headers, body } = n.build({ forged: kind === 'forged' });
    let status: number | null = null;
    let answer = '';
    try {
      const res = await fetch(n.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]),
      });
      status = res.status;
      answer = (await res.text()).slice(0, 500);
    } catch (err) {
      answer = `error: ${(err as Error).message}`;
    }
    const accepted = status !== null && n.accepted(status, answer);
    this.entries.push({
      seq: ++this.seq,
      channel: n.channel,
      outRefundNo: n.outRefundNo,
      kind,
      attempt,
      at: new Date().toISOString(),
      status,
      answer,
      accepted,
    });
    return accepted;
  }

  private sleep(ms: number): Promise<void> {
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
}
