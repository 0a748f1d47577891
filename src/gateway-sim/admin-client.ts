import type { DemoPayer } from '../modules/payments/demo-payers.ts';
import type { AlipayIdStandard } from './alipay-notify.ts';
import type { FaultRequest, FaultRule } from './faults.ts';
import type { DeliveryLogEntry } from './notifier.ts';
import type { SimChannel, SimRefund, SimTrade } from './state.ts';

export type PayerView = { buyerId: number; persona: string; own: boolean; payer: DemoPayer };

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
  /** Which id of the payer Alipay gives the app from now on: its user id, or its open id. */
  async setAlipayIds(standard: AlipayIdStandard): Promise<void> {
    await this.call('PUT', '/__sim/alipay-ids', { standard });
  }
  reset(): Promise<unknown> {
    return this.call('POST', '/__sim/reset', {});
  }
  /**
   * Kameng buyer `buyerId` scans a WeChat Pay native QR code and pays from their persona's WeChat
   * (without a buyer: a WeChat user the simulator does not know).
   */
  async scanWechatCode(
    codeUrl: string,
    buyerId?: number,
  ): Promise<{ transaction_id: string; out_trade_no: string; openid: string }> {
    return this.call('POST', '/__sim/wechatpay/scan', { code_url: codeUrl, buyerId });
  }
  /** Kameng buyer `buyerId`'s Alipay app shows a one-time 付款码 of their persona's account. */
  async alipayAuthCode(buyerId: number): Promise<{ auth_code: string; persona: string }> {
    return this.call('POST', '/__sim/alipay/auth-code', { buyerId });
  }
  /** Buyer `buyerId` pays as `persona` from now on (a ring: several buyers, one persona); null: as themselves. */
  payAs(buyerId: number, persona: string | null): Promise<PayerView> {
    return this.call('PUT', `/__sim/payers/${buyerId}`, { persona });
  }
  /** The persona buyer `buyerId` pays as, and its ids. */
  payer(buyerId: number): Promise<PayerView> {
    return this.call('GET', `/__sim/payers/${buyerId}`);
  }
}
