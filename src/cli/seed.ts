import cliProgress from 'cli-progress';
import type pg from 'pg';
import { createContext, defineJobs } from '../app.ts';
import { seedBulkOrders } from '../demo/seed-bulk.ts';
import { seedBulkCases } from '../demo/seed-bulk-cases.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { seedDemoMarketplace } from '../demo/seed-marketplace.ts';
import { DEMO_USERS } from '../modules/auth/demo-users.ts';
import type { Config } from '../platform/config.ts';
import { JobQueue } from '../platform/jobs/queue.ts';
import { withDatabase } from './run.ts';

export type SeedOptions = { orders?: number; buyers: number; cases?: number; openCases?: number };

/**
 * `kameng seed`: the demo users and marketplace (idempotent). With `--orders N`, also N benchmark
 * orders over `--buyers` bulk buyers; with `--cases N`, N refund cases on the paid orders (5% open
 * unless `--open-cases`) — those are added on every run.
 */
export async function seedCommand(opts: SeedOptions): Promise<void> {
  await withDatabase(async ({ config, log, database }) => {
    const { created } = await seedDemo(database.db, config.demoPassword);
    console.log(`演示账号就绪 · demo users ready (${created.length} new; ${DEMO_USERS.length} in all)`);
    // pay-order enqueues top-up jobs in its transaction: the queue must exist (no workers run here).
    const jobs = new JobQueue(database.pool.options.connectionString!, log, false);
    const ctx = await createContext(config, database, jobs);
    defineJobs(ctx);
    await jobs.start();
    try {
      const market = await seedDemoMarketplace(ctx, { password: config.demoPassword });
      console.log(
        market.seeded
          ? `演示商城就绪 · demo marketplace seeded: ${market.orders} orders in ${market.ms} ms`
          : '演示商城已存在 · demo marketplace already there',
      );
    } finally {
      await jobs.stop();
    }
    if (opts.orders) await bulkOrders(database.pool, opts.orders, opts.buyers, config);
    if (opts.cases) await bulkCases(database.pool, opts.cases, opts.openCases ?? Math.round(opts.cases / 20));
  });
}

function progressBar(label: string, total: number) {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

async function bulkOrders(pool: pg.Pool, orders: number, buyers: number, config: Config): Promise<void> {
  const bar = progressBar('批量订单 bulk orders', orders);
  const result = await seedBulkOrders(pool, {
    orders,
    buyers,
    password: config.demoPassword,
    days: config.orders,
    freezeDays: config.settlementFreezeDays,
    onProgress: (done) => bar.update(done),
  });
  bar.stop();
  console.log(
    `批量订单 bulk: ${result.orders} orders over ${result.buyers} buyers in ${(result.ms / 1000).toFixed(1)} s ` +
      `(${result.ordersPerSecond} orders/s)`,
  );
}

async function bulkCases(pool: pg.Pool, cases: number, open: number): Promise<void> {
  const bar = progressBar('批量退款单 bulk cases', cases);
  const result = await seedBulkCases(pool, { cases, open, onProgress: (done) => bar.update(done) });
  bar.stop();
  console.log(
    `批量退款单 bulk: ${result.cases} cases (${result.open} open) in ${(result.ms / 1000).toFixed(1)} s ` +
      `(${result.casesPerSecond} cases/s)`,
  );
}
