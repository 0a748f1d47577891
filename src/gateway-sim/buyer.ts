import type { DemoBuyer } from '../modules/payments/channel.ts';
import { GatewaySimulatorClient } from './admin-client.ts';

/**
 * The demo's buyers, who pay at the simulator: each Kameng buyer's Alipay app shows a 付款码 for
 * barcode pay, and they scan WeChat Pay native QR codes — from the account of their persona (their
 * own unless set to share one: `payAs`). Only the simulator accepts these; with real gateways the
 * buyer pays in their own app.
 */
export function simulatorBuyer(simulatorUrl: string, timeoutMs = 5000): DemoBuyer {
  const client = new GatewaySimulatorClient(simulatorUrl, timeoutMs);
  return {
    async alipayAuthCode(buyerId) {
      return (await client.alipayAuthCode(buyerId)).auth_code;
    },
    async scanWechatCode(codeUrl, buyerId) {
      await client.scanWechatCode(codeUrl, buyerId);
    },
    async payAs(buyerIds, persona) {
      for (const id of buyerIds) await client.payAs(id, persona);
    },
  };
}
