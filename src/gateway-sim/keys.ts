import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KEY_FILES } from '../modules/payments/keys.ts';

/**
 * The simulator's side of the keys: what Alipay and WeChat Pay hold. It signs replies and
 * notifications with its own private keys and verifies the merchant's requests with the merchant's
 * public keys — the same split as the real gateways, so the SDKs' checks run for real.
 */
export type SimulatorKeys = {
  alipay: { appId: string; appPublicKey: string; alipayPrivateKey: string };
  wechatpay: {
    mchid: string;
    appid: string;
    merchantSerial: string;
    merchantPublicKey: string;
    publicKeyId: string;
    platformPrivateKey: string;
    apiV3Key: string;
  };
};

export type SimulatorIds = {
  alipayAppId: string;
  mchid: string;
  appid: string;
  merchantSerial: string;
  publicKeyId: string;
};

/** Reads `<bundle>/gateway-sim/` (see ensureDemoKeyBundle). */
export async function loadSimulatorKeys(bundleDir: string, ids: SimulatorIds): Promise<SimulatorKeys> {
  const dir = path.join(bundleDir, 'gateway-sim');
  const read = async (name: string) => (await readFile(path.join(dir, name), 'utf8')).trim();
  const f = KEY_FILES.simulator;
  return {
    alipay: {
      appId: ids.alipayAppId,
      appPublicKey: await read(f.appPublicKey),
      alipayPrivateKey: await read(f.alipayPrivateKey),
    },
    wechatpay: {
      mchid: ids.mchid,
      appid: ids.appid,
      merchantSerial: ids.merchantSerial,
      merchantPublicKey: await read(f.merchantPublicKey),
      publicKeyId: ids.publicKeyId,
      platformPrivateKey: await read(f.wechatpayPrivateKey),
      apiV3Key: await read(f.apiV3Key),
    },
  };
}
