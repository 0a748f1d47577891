import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../platform/config.ts';

/** What Kameng itself holds for Alipay: its app private key (PKCS8) and Alipay's public key. */
export type AlipayKeys = { appPrivateKey: string; alipayPublicKey: string };
/** What Kameng holds for WeChat Pay: the merchant API key, WeChat Pay's public key and the APIv3 key. */
export type WechatpayKeys = { merchantPrivateKey: string; platformPublicKey: string; apiV3Key: string };
export type PaymentKeys = { alipay: AlipayKeys; wechatpay: WechatpayKeys };

/**
 * File names inside a channel's keys directory, the same whether generated for the demo or provided
 * for a real gateway (KAMENG_ALIPAY_KEYS_DIR / KAMENG_WECHATPAY_KEYS_DIR). The generated bundle also
 * holds the simulator's side in `gateway-sim/`: the private keys that play Alipay and WeChat Pay, and
 * the merchant public keys they verify requests with.
 */
export const KEY_FILES = {
  alipay: { appPrivateKey: 'app-private-key.pem', alipayPublicKey: 'alipay-public-key.pem' },
  wechatpay: {
    merchantPrivateKey: 'apiclient_key.pem',
    platformPublicKey: 'wechatpay-public-key.pem',
    apiV3Key: 'apiv3.key',
  },
  simulator: {
    alipayPrivateKey: 'alipay-private-key.pem',
    appPublicKey: 'app-public-key.pem',
    wechatpayPrivateKey: 'wechatpay-private-key.pem',
    merchantPublicKey: 'merchant-public-key.pem',
    apiV3Key: 'apiv3.key',
  },
} as const;

/** `<dataDir>/keys/payments`: the generated demo bundle (alipay/, wechatpay/, gateway-sim/). */
export function demoKeyBundleDir(dataDir: string): string {
  return path.join(dataDir, 'keys', 'payments');
}

function rsaPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** 32 printable characters, as the merchant platform issues an APIv3 key. */
function apiV3Key(): string {
  return randomBytes(24).toString('base64').replace(/[+/]/g, 'x').slice(0, 32);
}

/**
 * Generates the demo key bundle on first start. Written into a temporary directory and renamed into
 * place, so two processes starting at once (API and worker, parallel test files) agree on one bundle:
 * the loser's rename fails and it reads the winner's keys. Files are mode 0600, directories 0700.
 */
export async function ensureDemoKeyBundle(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'gateway-sim', KEY_FILES.simulator.apiV3Key))) return;
  const app = rsaPair();
  const alipay = rsaPair();
  const merchant = rsaPair();
  const platform = rsaPair();
  const v3 = apiV3Key();
  const files: Record<string, string> = {
    [`alipay/${KEY_FILES.alipay.appPrivateKey}`]: app.privateKey,
    [`alipay/${KEY_FILES.alipay.alipayPublicKey}`]: alipay.publicKey,
    [`wechatpay/${KEY_FILES.wechatpay.merchantPrivateKey}`]: merchant.privateKey,
    [`wechatpay/${KEY_FILES.wechatpay.platformPublicKey}`]: platform.publicKey,
    [`wechatpay/${KEY_FILES.wechatpay.apiV3Key}`]: v3,
    [`gateway-sim/${KEY_FILES.simulator.alipayPrivateKey}`]: alipay.privateKey,
    [`gateway-sim/${KEY_FILES.simulator.appPublicKey}`]: app.publicKey,
    [`gateway-sim/${KEY_FILES.simulator.wechatpayPrivateKey}`]: platform.privateKey,
    [`gateway-sim/${KEY_FILES.simulator.merchantPublicKey}`]: merchant.publicKey,
    [`gateway-sim/${KEY_FILES.simulator.apiV3Key}`]: v3,
  };
  // Only the keys directory is private: the data dir also holds the embedded database, whose server
  // may run as another user.
  const keysRoot = path.dirname(dir);
  await mkdir(path.dirname(keysRoot), { recursive: true });
  await mkdir(keysRoot, { recursive: true, mode: 0o700 });
  const tmp = `${dir}.tmp-${randomUUID()}`;
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(tmp, name);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, content, { mode: 0o600 });
      await chmod(file, 0o600);
    }
    await rename(tmp, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function readKey(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new Error(`payment key ${file} is missing or unreadable`, { cause: err });
  }
}

/**
 * Kameng's own payment keys: from the configured directories for real gateways, otherwise from the
 * demo bundle (generated on first start). A key that does not parse fails here, at start, not on the
 * first refund.
 */
export async function loadPaymentKeys(config: Config): Promise<PaymentKeys> {
  const bundle = demoKeyBundleDir(config.dataDir);
  const { alipay, wechatpay } = config.payments;
  if (!alipay.keysDir || !wechatpay.keysDir) await ensureDemoKeyBundle(bundle);
  const alipayDir = alipay.keysDir ?? path.join(bundle, 'alipay');
  const wechatDir = wechatpay.keysDir ?? path.join(bundle, 'wechatpay');
  const keys: PaymentKeys = {
    alipay: {
      appPrivateKey: await readKey(alipayDir, KEY_FILES.alipay.appPrivateKey),
      alipayPublicKey: await readKey(alipayDir, KEY_FILES.alipay.alipayPublicKey),
    },
    wechatpay: {
      merchantPrivateKey: await readKey(wechatDir, KEY_FILES.wechatpay.merchantPrivateKey),
      platformPublicKey: await readKey(wechatDir, KEY_FILES.wechatpay.platformPublicKey),
      apiV3Key: await readKey(wechatDir, KEY_FILES.wechatpay.apiV3Key),
    },
  };
  createPrivateKey(keys.alipay.appPrivateKey);
  createPrivateKey(keys.wechatpay.merchantPrivateKey);
  if (Buffer.byteLength(keys.wechatpay.apiV3Key) !== 32) {
    throw new Error(`the WeChat Pay APIv3 key in ${wechatDir} must be 32 bytes`);
  }
  return keys;
}
