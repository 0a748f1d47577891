import type { FaultRequest, FaultRule } from './faults.ts';
import type { DeliveryLogEntry } from './notifier.ts';
import type { SimChannel, SimRefund, SimTrade } from './state.ts';

/** A typed client for the simulator's `/__sim/*` controls (tests, demo, reconciliation). */
export class GatewaySimulatorClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`gateway-sim ${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  addFault(fault: FaultRequest): Promise<FaultRule> {
    return this.call('POST', '/__sim/faults', fault);
  }
  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/__sim/faults');
  }
  async refunds(channel?: SimChannel): Promise<SimRefund[]> {
    return (
      await this.call<{ refunds: SimRefund[] }>(
        'GET',
        `/__sim/refunds${channel ? `?channel=${channel}` : ''}`,
      )
    ).refunds;
  }
  async trades(channel?: SimChannel): Promise<SimTrade[]> {
    return (
      await this.call<{ trades: SimTrade[] }>('GET', `/__sim/trades${channel ? `?channel=${channel}` : ''}`)
    ).trades;
  }
  /** The notification delivery log, once every notification under way has finished. */
  async notifications(): Promise<DeliveryLogEntry[]> {
    return (await this.call<{ deliveries: DeliveryLogEntry[] }>('GET', '/__sim/notifications')).deliveries;
  }
  async settle(outRefundNo?: string): Promise<number> {
    return (await this.call<{ settled: number }>('POST', '/__sim/settle', { outRefundNo })).settled;
  }
  reset(): Promise<unknown> {
    return this.call('POST', '/__sim/reset', {});
  }
  /** The buyer scans a WeChat Pay native QR code and pays. */
  async scanWechatCode(codeUrl: string): Promise<{ transaction_id: string }> {
    return this.call('POST', '/__sim/wechatpay/scan', { code_url: codeUrl });
  }
}
