import { randomInt } from 'node:crypto';
import type { DemoBuyer } from '../modules/payments/channel.ts';
import { GatewaySimulatorClient } from './admin-client.ts';

/**
 * The demo's buyer, who pays at the simulator: shows an Alipay payment code (付款码) for barcode pay
 * and scans WeChat Pay native QR codes. Only the simulator accepts these; with real gateways the
 * buyer pays in their own app.
 */
export function simulatorBuyer(simulatorUrl: string, timeoutMs = 5000): DemoBuyer {
  const client = new GatewaySimulatorClient(simulatorUrl, timeoutMs);
  return {
    alipayAuthCode: () => `28${Array.from({ length: 16 }, () => randomInt(10)).join('')}`,
    async scanWechatCode(codeUrl) {
      await client.scanWechatCode(codeUrl);
    },
  };
}
