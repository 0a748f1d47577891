import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** The demo users' password unless KAMENG_DEMO_PASSWORD says otherwise: it is in the README, so public. */
export const PUBLISHED_DEMO_PASSWORD = 'kameng-demo';

/** Every setting Kameng reads, from the environment. README lists them; keep the two in step. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  KAMENG_DATA_DIR: z.string().default('./data'),
  KAMENG_BLOB_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  KAMENG_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  KAMENG_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  KAMENG_DEMO_SEED: z.enum(['true', 'false']).default('true'),
  KAMENG_DEMO_PASSWORD: z.string().min(8).default(PUBLISHED_DEMO_PASSWORD),
  KAMENG_TRUST_PROXY: z.string().default('false'),
  KAMENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAMENG_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  KAMENG_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  KAMENG_LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  KAMENG_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  KAMENG_SESSION_DAYS: z.coerce.number().int().min(1).default(7),
  KAMENG_CARD_KEY_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of exactly 32 bytes')
    .optional(),
  KAMENG_ORDER_EXPIRE_MINUTES: z.coerce.number().int().min(1).default(15),
  KAMENG_AUTO_CONFIRM_DAYS: z.coerce.number().int().min(1).default(10),
  KAMENG_AUTO_COMPLETE_DAYS: z.coerce.number().int().min(1).default(3),
  KAMENG_SETTLEMENT_FREEZE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  KAMENG_INFO_REQUEST_DAYS: z.coerce.number().int().min(1).max(30).default(3),
  KAMENG_MERCHANT_RESPONSE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  KAMENG_RISK_CONTROL: z.enum(['on', 'off']).default('on'),
  // Payment gateways (docs/adr/0004-payment-gateways.md): a real one where its URL is set, else the simulator.
  KAMENG_ALIPAY_GATEWAY: z.string().url().optional(),
  KAMENG_ALIPAY_APP_ID: z.string().min(1).default('9021000000000001'),
  KAMENG_ALIPAY_KEYS_DIR: z.string().min(1).optional(),
  KAMENG_WECHATPAY_BASE_URL: z.string().url().optional(),
  KAMENG_WECHATPAY_MCHID: z.string().min(1).default('1900000109'),
  KAMENG_WECHATPAY_APPID: z.string().min(1).default('wx8888888888888888'),
  KAMENG_WECHATPAY_SERIAL: z.string().min(1).default('3775B6A45ACD588826D15E583A95F5DD2C0CB8B4'),
  KAMENG_WECHATPAY_PUBLIC_KEY_ID: z.string().min(1).default('PUB_KEY_ID_0119000001092024101500000000'),
  KAMENG_WECHATPAY_KEYS_DIR: z.string().min(1).optional(),
  KAMENG_GATEWAY_SIM_URL: z.string().url().optional(),
  KAMENG_GATEWAY_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  KAMENG_PAYMENT_NOTIFY_BASE_URL: z.string().url().optional(),
  KAMENG_PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  KAMENG_PAYOUT_BACKOFF_SCALE: z.coerce.number().min(0.001).max(1).default(1),
  KAMENG_PAYOUT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  KAMENG_EVIDENCE_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  KAMENG_EVIDENCE_OCR: z.enum(['on', 'off']).default('on'),
  KAMENG_EVIDENCE_OCR_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  KAMENG_EVIDENCE_OCR_SHARE: z.coerce.number().min(0.05).max(1).optional(),
});

export type Config = {
  port: number;
  /**
   * Listen address. Unset, it is 127.0.0.1 while demo users are seeded (their password is public), and
   * 0.0.0.0 otherwise; HOST=0.0.0.0 exposes a demo on purpose (and a warning says so).
   */
  host: string;
  dataDir: string;
  /** Uploaded files (evidence and thumbnails); `<dataDir>/blobs` unless KAMENG_BLOB_DIR says otherwise. */
  blobDir: string;
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  role: 'api' | 'worker' | 'all';
  demoSeed: boolean;
  demoPassword: string;
  /**
   * Which proxies' X-Forwarded-For / -Proto / -Host to believe: none (false), the N nearest hops, or the
   * proxies at these addresses. Never every hop: a client can write any X-Forwarded-For it likes.
   */
  trustProxy: TrustProxy;
  logLevel: z.infer<typeof envSchema>['KAMENG_LOG_LEVEL'];
  /** `auto`: pretty lines on a terminal, JSON otherwise. */
  logFormat: z.infer<typeof envSchema>['KAMENG_LOG_FORMAT'];
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  sessionDays: number;
  /** Encrypts card keys at rest; generated into the data dir on first start when not given. */
  cardKeySecret: string | undefined;
  orders: { expireMinutes: number; autoConfirmDays: number; autoCompleteDays: number };
  /** Business days a buyer has to answer an information request; hours a merchant has to respond. */
  refunds: { infoRequestDays: number; merchantResponseHours: number };
  /**
   * Risk control (风控): every submission assessed and, when the rules say so, held for a person. Off
   * (KAMENG_RISK_CONTROL=off) nothing is assessed or held — for a platform that screens elsewhere, and
   * for the benchmark that measures what the step costs.
   */
  risk: { enabled: boolean };
  /** Days a completed order's money stays frozen in escrow before it is settled to the merchant. */
  settlementFreezeDays: number;
  /**
   * Alipay and WeChat Pay. A channel without a gateway URL talks to the gateway simulator: the one at
   * `simulatorUrl`, or one started in-process on `simulatorPort` (0 = any free loopback port). Keys come
   * from `keysDir` (real gateways) or are generated under `<dataDir>/keys/payments/` on first start.
   */
  payments: {
    alipay: { gateway: string | null; appId: string; keysDir: string | null };
    wechatpay: {
      baseUrl: string | null;
      mchid: string;
      appid: string;
      /** Serial number of the merchant API certificate (sent with every request signature). */
      merchantSerial: string;
      /** Id of the WeChat Pay public key (微信支付公钥) that signs replies and notifications. */
      publicKeyId: string;
      keysDir: string | null;
    };
    simulatorUrl: string | null;
    simulatorPort: number;
    /** Where the gateways post notifications; `http://127.0.0.1:$PORT` when unset. */
    notifyBaseUrl: string | null;
    timeoutMs: number;
  };
  /** Multiplies the payout worker's query back-off (1 min, 5, 10, 20, 30); below 1 only for tests and demos. */
  payoutBackoffScale: number;
  /** Payouts one worker process runs at once (channel calls in flight; bookings still one per row lock). */
  payoutConcurrency: number;
  /**
   * Evidence checks (凭证核验): check jobs one worker process runs at once; OCR on or off, and how many
   * OCR worker threads it runs (each holds the chi_sim model, about 100 MB), and the share of the time
   * OCR may read (1: flat out; below 1 one image at a time, pausing between them — for a machine shared
   * with the API; null: by the process's role, see ocrShareOf).
   */
  evidenceChecks: { concurrency: number; ocr: boolean; ocrThreads: number; ocrShare: number | null };
};

export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `false`/`0`, a hop count (`1`), or addresses and CIDRs (`10.0.0.0/8,127.0.0.1`); `true` is refused. */
export function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true')
    throw new Error(
      'KAMENG_TRUST_PROXY=true would believe any X-Forwarded-For a client writes; set the number of proxies in front of Kameng (usually 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1)',
    );
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10)
      throw new Error(`KAMENG_TRUST_PROXY: ${hops} proxies in a row is not a real set-up (1–10)`);
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address, prefix, ...more] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits);
    if (!family || !prefixOk || more.length)
      throw new Error(
        `KAMENG_TRUST_PROXY: "${entry}" is neither a hop count nor an IP address or CIDR (e.g. 1, or 10.0.0.0/8,127.0.0.1)`,
      );
  }
  return entries;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // Keys for a real gateway without its URL would be used against the simulator, which cannot verify them.
  if (e.KAMENG_ALIPAY_KEYS_DIR && !e.KAMENG_ALIPAY_GATEWAY) {
    throw new Error('Invalid configuration:\n  KAMENG_ALIPAY_KEYS_DIR needs KAMENG_ALIPAY_GATEWAY');
  }
  if (e.KAMENG_WECHATPAY_KEYS_DIR && !e.KAMENG_WECHATPAY_BASE_URL) {
    throw new Error('Invalid configuration:\n  KAMENG_WECHATPAY_KEYS_DIR needs KAMENG_WECHATPAY_BASE_URL');
  }
  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(e.KAMENG_TRUST_PROXY);
  } catch (err) {
    throw new Error(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  const dataDir = path.resolve(e.KAMENG_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST ?? (e.KAMENG_DEMO_SEED === 'true' ? '127.0.0.1' : '0.0.0.0'),
    dataDir,
    blobDir: e.KAMENG_BLOB_DIR ? path.resolve(e.KAMENG_BLOB_DIR) : path.join(dataDir, 'blobs'),
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.KAMENG_PG_PORT,
    role: e.KAMENG_ROLE,
    demoSeed: e.KAMENG_DEMO_SEED === 'true',
    demoPassword: e.KAMENG_DEMO_PASSWORD,
    trustProxy,
    logLevel: e.KAMENG_LOG_LEVEL,
    logFormat: e.KAMENG_LOG_FORMAT,
    login: {
      maxFailures: e.KAMENG_LOGIN_MAX_FAILURES,
      lockMinutes: e.KAMENG_LOGIN_LOCK_MINUTES,
      ratePerMinute: e.KAMENG_LOGIN_RATE_PER_MINUTE,
    },
    sessionDays: e.KAMENG_SESSION_DAYS,
    cardKeySecret: e.KAMENG_CARD_KEY_SECRET,
    orders: {
      expireMinutes: e.KAMENG_ORDER_EXPIRE_MINUTES,
      autoConfirmDays: e.KAMENG_AUTO_CONFIRM_DAYS,
      autoCompleteDays: e.KAMENG_AUTO_COMPLETE_DAYS,
    },
    refunds: {
      infoRequestDays: e.KAMENG_INFO_REQUEST_DAYS,
      merchantResponseHours: e.KAMENG_MERCHANT_RESPONSE_HOURS,
    },
    risk: { enabled: e.KAMENG_RISK_CONTROL === 'on' },
    settlementFreezeDays: e.KAMENG_SETTLEMENT_FREEZE_DAYS,
    payments: {
      alipay: {
        gateway: e.KAMENG_ALIPAY_GATEWAY ?? null,
        appId: e.KAMENG_ALIPAY_APP_ID,
        keysDir: e.KAMENG_ALIPAY_KEYS_DIR ? path.resolve(e.KAMENG_ALIPAY_KEYS_DIR) : null,
      },
      wechatpay: {
        baseUrl: e.KAMENG_WECHATPAY_BASE_URL ?? null,
        mchid: e.KAMENG_WECHATPAY_MCHID,
        appid: e.KAMENG_WECHATPAY_APPID,
        merchantSerial: e.KAMENG_WECHATPAY_SERIAL,
        publicKeyId: e.KAMENG_WECHATPAY_PUBLIC_KEY_ID,
        keysDir: e.KAMENG_WECHATPAY_KEYS_DIR ? path.resolve(e.KAMENG_WECHATPAY_KEYS_DIR) : null,
      },
      simulatorUrl: e.KAMENG_GATEWAY_SIM_URL ?? null,
      simulatorPort: e.KAMENG_GATEWAY_SIM_PORT,
      notifyBaseUrl: e.KAMENG_PAYMENT_NOTIFY_BASE_URL ?? null,
      timeoutMs: e.KAMENG_PAYMENT_TIMEOUT_MS,
    },
    payoutBackoffScale: e.KAMENG_PAYOUT_BACKOFF_SCALE,
    payoutConcurrency: e.KAMENG_PAYOUT_CONCURRENCY,
    evidenceChecks: {
      concurrency: e.KAMENG_EVIDENCE_CHECK_CONCURRENCY,
      ocr: e.KAMENG_EVIDENCE_OCR === 'on',
      ocrThreads: e.KAMENG_EVIDENCE_OCR_THREADS,
      ocrShare: e.KAMENG_EVIDENCE_OCR_SHARE ?? null,
    },
  };
}

/** Whether a listen address is reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The share of the time OCR may read in this process: as set, or by its role (known only once the
 * command line has had its say) — 30 % where the process answers requests too (`all`), so the API
 * beside it keeps its pace (docs/benchmarks.md, issue 15); flat out in a worker, meant for its own machine.
 */
export function ocrShareOf(config: Pick<Config, 'role' | 'evidenceChecks'>): number {
  return config.evidenceChecks.ocrShare ?? (config.role === 'worker' ? 1 : 0.3);
}
