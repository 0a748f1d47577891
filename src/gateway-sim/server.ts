import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../platform/logger.ts';
import { registerAdmin } from './admin.ts';
import { registerAlipay } from './alipay.ts';
import type { AlipayIdStandard } from './alipay-notify.ts';
import { SimEngine } from './engine.ts';
import type { SimulatorKeys } from './keys.ts';
import { Notifier } from './notifier.ts';
import { SimState } from './state.ts';
import { registerWechatpay } from './wechatpay.ts';

export type GatewaySimulatorOptions = {
  keys: SimulatorKeys;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where to keep the books between runs; null keeps them in memory only. */
  stateFile?: string | null;
  log?: Logger;
  /**
   * Which id of the payer Alipay gives the app: `userid` (the default: buyer_user_id) or `openid`
   * (buyer_open_id, as for every app created since 2023). `PUT /__sim/alipay-ids` changes it.
   */
  alipayIds?: AlipayIdStandard;
  /** Back-off between notification attempts that were not acknowledged. */
  notifyRetryDelaysMs?: number[];
  /**
   * Let the process exit while the simulator still listens (for one-shot commands that start one on
   * the side, like `kameng seed`).
   */
  unref?: boolean;
};

export type GatewaySimulator = {
  /** `http://127.0.0.1:PORT` — Alipay at `${url}/gateway.do`, WeChat Pay API v3 at `${url}/v3/…`. */
  url: string;
  engine: SimEngine;
  stop(): Promise<void>;
};

const BODY_LIMIT = 256 * 1024;

/**
 * The payment gateway simulator: one small HTTP server speaking Alipay's OpenAPI gateway and WeChat
 * Pay API v3 with real signatures, so the official SDKs run unchanged against it (ADR 0004).
 */
export async function startGatewaySimulator(opts: GatewaySimulatorOptions): Promise<GatewaySimulator> {
  const state = new SimState(opts.stateFile ?? null);
  const notifier = new Notifier({
    retryDelaysMs: opts.notifyRetryDelaysMs ?? [1000, 3000, 10_000, 30_000],
    timeoutMs: 5000,
  });
  const engine = new SimEngine(state, notifier);
  engine.alipayIds = opts.alipayIds ?? 'userid';
  const app: FastifyInstance = Fastify({
    // Warnings and errors only: a line per gateway request would drown the demo's start-up log.
    loggerInstance: opts.log?.child(
      { component: 'gateway-sim' },
      { level: opts.log.levelVal > 40 ? opts.log.level : 'warn' },
    ),
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
  }) as unknown as FastifyInstance;
  // Signatures cover the exact bytes: every body reaches the handlers as the raw string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  registerAlipay(app, engine, opts.keys.alipay);
  registerWechatpay(app, engine, opts.keys.wechatpay);
  registerAdmin(app, engine);
  engine.resume();
  const url = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  if (opts.unref) {
    app.server.unref();
    app.server.on('connection', (socket) => socket.unref());
  }
  let stopping: Promise<void> | undefined;
  return {
    url: url.replace('://localhost', '://127.0.0.1'),
    engine,
    stop() {
      stopping ??= (async () => {
        engine.stop();
        notifier.stop();
        await app.close();
      })();
      return stopping;
    },
  };
}
