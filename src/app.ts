import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { seedDemoComplaints } from './demo/seed-complaints.ts';
import { seedCredit } from './demo/seed-credit.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { seedDemoEvidence } from './demo/seed-evidence.ts';
import { seedDemoMarketplace } from './demo/seed-marketplace.ts';
import { seedDemoRefunds } from './demo/seed-refunds.ts';
import { seedAbuseRing } from './demo/seed-risk.ts';
import { registerAuditRoutes } from './modules/audit/routes.ts';
import { installAuth } from './modules/auth/actor.ts';
import { type DemoExposure, findDemoExposure } from './modules/auth/demo-exposure.ts';
import { registerAuthRoutes } from './modules/auth/routes.ts';
import { stopCaseFileRenderer } from './modules/casefile/render-off-thread.ts';
import { defineCaseFileJobs, registerCaseFileRoutes } from './modules/casefile/routes.ts';
import { registerCatalogRoutes } from './modules/catalog/routes.ts';
import { registerComplaintRoutes } from './modules/complaints/routes.ts';
import { defineComplaintJobs } from './modules/complaints/sweep-deadlines.ts';
import type { Context } from './modules/context.ts';
import { registerConversationRoutes } from './modules/conversation/routes.ts';
import { startCreditRefresh } from './modules/credit/jobs.ts';
import { registerCreditRoutes } from './modules/credit/routes.ts';
import { defineEvidenceCheckJobs } from './modules/evidence/checks/jobs.ts';
import { registerEvidenceRoutes } from './modules/evidence/routes.ts';
import { defineEvidenceJobs } from './modules/evidence/sweep-unattached.ts';
import { defineFundsJobs, SETTLE_JOB } from './modules/funds/jobs.ts';
import { registerFundsRoutes } from './modules/funds/routes.ts';
import { registerIdentityRoutes } from './modules/identity/routes.ts';
import { simulatedSmsSender } from './modules/identity/simulated-sms.ts';
import { simulatedIdentityVerifier } from './modules/identity/simulated-verifier.ts';
import { registerLedgerRoutes } from './modules/ledger/routes.ts';
import { registerWalletRoutes } from './modules/ledger/wallet-routes.ts';
import { registerMessageRoutes } from './modules/messages/routes.ts';
import { defineOrderJobs } from './modules/orders/jobs.ts';
import { registerOrderRoutes } from './modules/orders/routes.ts';
import { simulatedSupplier } from './modules/orders/supplier.ts';
import { registerNotifyRoutes } from './modules/payments/notify-routes.ts';
import { applyRefundNotification, definePayoutJobs } from './modules/payouts/jobs.ts';
import { defineCalendarJobs, logCalendarWarnings } from './modules/policy/jobs.ts';
import { registerPolicyRoutes } from './modules/policy/routes.ts';
import { defineReconciliationJobs } from './modules/reconciliation/jobs.ts';
import { registerReconciliationRoutes } from './modules/reconciliation/routes.ts';
import { registerContactRoutes } from './modules/refunds/contact-routes.ts';
import { registerMerchantRefundRoutes } from './modules/refunds/merchant-routes.ts';
import { registerReviewRoutes } from './modules/refunds/review-routes.ts';
import { registerRefundRoutes } from './modules/refunds/routes.ts';
import { defineRefundTimers } from './modules/refunds/sweep-timers.ts';
import { registerReturnRoutes } from './modules/returns/routes.ts';
import { registerRiskRoutes } from './modules/risk/routes.ts';
import { defineHeartbeat } from './modules/system/heartbeat.ts';
import { registerMetrics } from './modules/system/metrics.ts';
import { registerSystemRoutes } from './modules/system/routes.ts';
import { defineIdempotencySweep } from './modules/system/sweep-idempotency.ts';
import { localBlobStore } from './platform/blobs/local-blob-store.ts';
import type { Config } from './platform/config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { migrate } from './platform/db/migrate.ts';
import { type Database, openDatabase } from './platform/db/pool.ts';
import { installIdempotency } from './platform/http/idempotency.ts';
import { type App, createHttpServer, installNotFound } from './platform/http/server.ts';
import { webAppStatic } from './platform/http/web-app.ts';
import { JobQueue } from './platform/jobs/queue.ts';
import type { Logger } from './platform/logger.ts';
import { loadSecretBox } from './platform/secret-box.ts';
import { type PaymentServices, sharedPayments, startPayments } from './start-payments.ts';

export type Kameng = {
  config: Config;
  database: Database;
  databaseUrl: string;
  ctx: Context;
  http: App | null;
  /** Where the HTTP server listens (null for worker-only processes). */
  url: string | null;
  /** Demo users reachable from other machines (empty on a loopback address). */
  demoExposure: DemoExposure;
  stop(): Promise<void>;
};

export const WEB_DIST = path.resolve(import.meta.dirname, '../dist/web');

/** Opens the database named by DATABASE_URL, or starts the embedded one under the data directory. */
export async function openConfiguredDatabase(
  config: Config,
  log: Logger,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPgPort,
    log,
  });
  return { url: embedded.url, embedded };
}

/** The services every route and job shares, on an open database. */
export async function createContext(
  config: Config,
  database: Database,
  jobs: JobQueue,
  payments?: PaymentServices,
): Promise<Context> {
  // Callers without payments of their own (kameng seed, benchmarks) share one set per process.
  const pay = payments ?? (await sharedPayments(config));
  return {
    config,
    db: database.db,
    pool: database.pool,
    jobs,
    box: await loadSecretBox(config.cardKeySecret, config.dataDir),
    blobs: localBlobStore(config.blobDir),
    channels: pay.channels,
    gateways: pay.gateways,
    demoBuyer: pay.demoBuyer,
    supplier: simulatedSupplier(database.db),
    // 实名认证 through the local simulators until a real provider and SMS gateway are configured
    // (docs/adr/0009-identity-verification.md); identity data gets keys of its own, derived from the
    // same master secret as card keys.
    identity: {
      verifier: simulatedIdentityVerifier(),
      sms: simulatedSmsSender(database.db),
      box: await loadSecretBox(config.cardKeySecret, config.dataDir, 'identity'),
      recordBox: await loadSecretBox(config.cardKeySecret, config.dataDir, 'account-record'),
    },
    now: () => new Date(),
  };
}

/**
 * Registers every module's jobs on the queue (before it starts). Returns what releases what the
 * handlers hold (the OCR worker threads), to call after the queue has stopped.
 */
export function defineJobs(ctx: Context): () => Promise<void> {
  defineHeartbeat(ctx.jobs, ctx.db);
  defineIdempotencySweep(ctx.jobs, ctx.db);
  defineOrderJobs(ctx);
  defineRefundTimers(ctx);
  definePayoutJobs(ctx);
  defineReconciliationJobs(ctx);
  defineFundsJobs(ctx);
  defineEvidenceJobs(ctx);
  defineComplaintJobs(ctx);
  defineCaseFileJobs(ctx);
  const releaseOcr = defineEvidenceCheckJobs(ctx);
  const stopCreditRefresh = startCreditRefresh(ctx);
  return async () => {
    await stopCreditRefresh();
    await releaseOcr();
    await stopCaseFileRenderer();
  };
}

/** Builds the HTTP app: every module's routes, auth, idempotency, web app. */
export async function buildHttp(ctx: Context, log: Logger): Promise<App> {
  const { config, db, pool } = ctx;
  const app = await createHttpServer({ log, trustProxy: config.trustProxy });
  installAuth(app, db);
  installIdempotency(app, db, (req) =>
    req.actor ? `${req.actor.via}:${req.actor.apiKeyId ?? req.actor.userId}` : null,
  );
  registerMetrics(app, db);
  registerSystemRoutes(app, { db, pool });
  registerAuthRoutes(app, { db, config });
  registerCatalogRoutes(app, ctx);
  registerOrderRoutes(app, ctx);
  registerPolicyRoutes(app, ctx);
  registerRefundRoutes(app, ctx);
  registerReviewRoutes(app, ctx);
  registerRiskRoutes(app, ctx);
  registerEvidenceRoutes(app, ctx);
  registerMerchantRefundRoutes(app, ctx);
  registerReturnRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerIdentityRoutes(app, ctx);
  registerCreditRoutes(app, ctx);
  registerLedgerRoutes(app, ctx);
  registerReconciliationRoutes(app, ctx);
  registerFundsRoutes(app, ctx);
  registerComplaintRoutes(app, ctx);
  registerCaseFileRoutes(app, ctx);
  registerConversationRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerWalletRoutes(app, ctx);
  registerNotifyRoutes(app, ctx, (n) => applyRefundNotification(ctx, n));
  const webBuilt = existsSync(path.join(WEB_DIST, 'index.html'));
  if (webBuilt) await app.register(fastifyStatic, webAppStatic(WEB_DIST));
  // Client-side routes (/buyer/orders…) get the app shell; anything that looks like a file does not.
  installNotFound(app, webBuilt ? (url) => !path.extname(url.split('?')[0]!) : undefined);
  return app;
}

/**
 * Starts Kameng: database (embedded unless DATABASE_URL), migrations, demo seed, job queue and —
 * for roles `api`/`all` — the HTTP server. `stop()` undoes it in reverse order.
 */
export async function startKameng(config: Config, log: Logger): Promise<Kameng> {
  const { url: databaseUrl, embedded } = await openConfiguredDatabase(config, log);
  const cleanup: (() => Promise<unknown>)[] = [];
  if (embedded) cleanup.unshift(() => embedded.stop());
  try {
    const database = openDatabase(databaseUrl);
    cleanup.unshift(() => database.close());
    const applied = await migrate(database.pool);
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (config.demoSeed) {
      const seeded = await seedDemo(database.db, config.demoPassword);
      if (seeded.created.length) log.info({ users: seeded.created }, 'demo data seeded');
    }
    const jobs = new JobQueue(databaseUrl, log, config.role !== 'api');
    // Payment gateways: real where configured, else the simulator (in-process unless KAMENG_GATEWAY_SIM_URL).
    const payments = await startPayments(config, { log, persist: true });
    cleanup.unshift(() => payments.stop());
    const ctx = await createContext(config, database, jobs, payments);
    const releaseJobs = defineJobs(ctx);
    cleanup.unshift(releaseJobs);
    defineCalendarJobs(ctx, log);
    await jobs.start();
    await logCalendarWarnings(ctx, log);
    cleanup.unshift(() => jobs.stop());
    if (config.demoSeed) {
      // After jobs.start: pay-order enqueues top-ups inside its transaction, so the queue must exist.
      // The seed is one transaction, so workers see those jobs only once the seed has run them itself.
      const market = await seedDemoMarketplace(ctx, { password: config.demoPassword });
      if (market.seeded) log.info({ orders: market.orders, ms: market.ms }, 'demo marketplace seeded');
      const cases = await seedDemoRefunds(ctx);
      if (cases) log.info({ cases }, 'demo refund cases seeded');
      const shots = await seedDemoEvidence(ctx);
      if (shots) log.info({ files: shots }, 'demo evidence seeded (凭证核验演示)');
      const ring = await seedAbuseRing(ctx, { password: config.demoPassword });
      if (ring) log.info({ held: ring }, 'demo abuse ring seeded (风控演示)');
      const complaints = await seedDemoComplaints(ctx);
      if (complaints) log.info({ complaints }, 'demo complaints seeded (投诉演示)');
      if (market.seeded) log.info({ levels: await seedCredit(ctx) }, 'demo credit scores (信用分)');
      // Demo orders completed long ago are due for settlement (结算): the worker does it now, not in
      // ten minutes when the cron would, and not in the start-up path.
      if (market.seeded) await jobs.send(SETTLE_JOB, {});
    }
    let http: App | null = null;
    let url: string | null = null;
    if (config.role !== 'worker') {
      http = await buildHttp(ctx, log);
      cleanup.unshift(() => closeHttp(http!));
      url = await http.listen({ port: config.port, host: config.host });
      payments.setNotifyBaseUrl(`http://127.0.0.1:${new URL(url).port}`);
    }
    const demoExposure = http
      ? await findDemoExposure(database.db, config.host)
      : { users: [], withPublishedPassword: [] };
    if (demoExposure.users.length)
      log.warn(
        { host: config.host, ...demoExposure },
        'demo users can sign in from other machines: set KAMENG_DEMO_SEED=false and remove them, or listen on 127.0.0.1',
      );
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= runAll(cleanup, log);
      return stopping;
    };
    return { config, database, databaseUrl, ctx, http, url, demoExposure, stop };
  } catch (err) {
    await runAll(cleanup, log);
    throw err;
  }
}

/**
 * Stops the HTTP server without waiting out keep-alive: connections that are idle now or go idle after
 * their answer are closed as they are (a payment notification answered during shutdown used to keep its
 * socket for Fastify's 72 s keep-alive timeout); whatever is still busy after `graceMs` is cut.
 */
async function closeHttp(http: App, graceMs = 5_000): Promise<void> {
  const idle = setInterval(() => http.server.closeIdleConnections(), 200);
  const cut = setTimeout(() => http.server.closeAllConnections(), graceMs);
  try {
    await http.close();
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
}

async function runAll(steps: (() => Promise<unknown>)[], log: Logger): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      log.warn({ err }, 'error during shutdown');
    }
  }
}
