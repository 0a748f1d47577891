import path from 'node:path';
import { simulatorBuyer } from './gateway-sim/buyer.ts';
import { loadSimulatorKeys, type SimulatorIds } from './gateway-sim/keys.ts';
import { type GatewaySimulator, startGatewaySimulator } from './gateway-sim/server.ts';
import type { Channel } from './modules/orders/schema.ts';
import type { DemoBuyer, PaymentChannel } from './modules/payments/channel.ts';
import {
  createGateways,
  createPaymentChannels,
  defaultNotifyBaseUrl,
  type GatewayChannel,
} from './modules/payments/gateways.ts';
import { demoKeyBundleDir, loadPaymentKeys, type PaymentKeys } from './modules/payments/keys.ts';
import type { RefundGateway } from './modules/payments/refund-port.ts';
import type { Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';

export type PaymentServices = {
  keys: PaymentKeys;
  /** config.payments with the gateway URLs resolved (the simulator's where no real one is set). */
  settings: Config['payments'];
  gateways: Record<GatewayChannel, RefundGateway>;
  channels: Record<Channel, PaymentChannel>;
  /** The buyers' side at the simulator (null when both channels use real gateways). */
  demoBuyer: DemoBuyer | null;
  /** The in-process simulator, when this process started one. */
  simulator: GatewaySimulator | null;
  /** Where notifications go when KAMENG_PAYMENT_NOTIFY_BASE_URL is not set (called after listen). */
  setNotifyBaseUrl(url: string): void;
  stop(): Promise<void>;
};

export function simulatorIds(config: Config): SimulatorIds {
  const { alipay, wechatpay } = config.payments;
  return {
    alipayAppId: alipay.appId,
    mchid: wechatpay.mchid,
    appid: wechatpay.appid,
    merchantSerial: wechatpay.merchantSerial,
    publicKeyId: wechatpay.publicKeyId,
  };
}

/** `<dataDir>/gateway-sim/state.json`: the simulator's books, shared by the CLI and in-process runs. */
export function simulatorStateFile(dataDir: string): string {
  return path.join(dataDir, 'gateway-sim', 'state.json');
}

/**
 * Resolves the payment gateways: a channel with a configured URL uses the real gateway; the others
 * use the simulator at KAMENG_GATEWAY_SIM_URL or one started here, in-process, on a loopback port.
 * `persist` keeps the in-process simulator's books under the data dir (what `npm start` wants, so
 * seeded payments can still be refunded after a restart); tests keep them in memory.
 */
export async function startPayments(
  config: Config,
  opts: { log?: Logger; persist: boolean; unref?: boolean },
): Promise<PaymentServices> {
  const p = config.payments;
  const keys = await loadPaymentKeys(config);
  const needsSimulator = (!p.alipay.gateway || !p.wechatpay.baseUrl) && !p.simulatorUrl;
  const simulator = needsSimulator
    ? await startGatewaySimulator({
        keys: await loadSimulatorKeys(demoKeyBundleDir(config.dataDir), simulatorIds(config)),
        port: p.simulatorPort,
        stateFile: opts.persist ? simulatorStateFile(config.dataDir) : null,
        log: opts.log,
        unref: opts.unref,
      })
    : null;
  const simUrl = (p.simulatorUrl ?? simulator?.url ?? '').replace(/\/$/, '');
  const settings: Config['payments'] = {
    ...p,
    alipay: { ...p.alipay, gateway: p.alipay.gateway ?? `${simUrl}/gateway.do` },
    wechatpay: { ...p.wechatpay, baseUrl: p.wechatpay.baseUrl ?? `${simUrl}/` },
  };
  const resolved: Config = { ...config, payments: settings };
  let notifyBase = defaultNotifyBaseUrl(config);
  const gatewayOpts = { notifyBaseUrl: () => notifyBase };
  const simulated = !p.alipay.gateway || !p.wechatpay.baseUrl;
  const buyer = simUrl && simulated ? simulatorBuyer(simUrl, p.timeoutMs) : null;
  if (simulator) opts.log?.info({ url: simulator.url }, 'payment gateway simulator listening');
  return {
    keys,
    settings,
    gateways: createGateways(resolved, keys, gatewayOpts),
    channels: createPaymentChannels(
      resolved,
      keys,
      { alipay: p.alipay.gateway ? null : buyer, wechatpay: p.wechatpay.baseUrl ? null : buyer },
      gatewayOpts,
    ),
    demoBuyer: buyer,
    simulator,
    setNotifyBaseUrl(url) {
      if (!p.notifyBaseUrl) notifyBase = url.replace(/\/$/, '').replace('://localhost', '://127.0.0.1');
    },
    stop: async () => {
      await simulator?.stop();
    },
  };
}

const shared = new Map<string, Promise<PaymentServices>>();

/**
 * For callers that build a context without starting payments themselves (`kameng seed`, benchmarks):
 * one set per process and configuration, with a simulator that keeps its books under the data dir
 * (so what `kameng seed` paid can be refunded by a later `npm start`) and does not keep the process
 * alive. Prefer startPayments where the caller owns a lifecycle.
 */
export function sharedPayments(config: Config): Promise<PaymentServices> {
  const key = JSON.stringify([config.dataDir, config.payments]);
  let services = shared.get(key);
  if (!services) {
    services = startPayments(config, { persist: true, unref: true });
    services.catch(() => shared.delete(key));
    shared.set(key, services);
  }
  return services;
}
