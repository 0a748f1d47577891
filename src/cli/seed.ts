import cliProgress from 'cli-progress';
import { createContext, defineJobs } from '../app.ts';
import { seedBulkOrders } from '../modules/system/seed-bulk.ts';
import { DEMO_USERS, seedDemo } from '../modules/system/seed-demo.ts';
import { seedDemoMarketplace } from '../modules/system/seed-marketplace.ts';
import { JobQueue } from '../platform/jobs/queue.ts';
import { withDatabase } from './run.ts';

export type SeedOptions = { orders?: number; buyers: number };

/**
 * `kameng seed`: the demo users and marketplace (idempotent). With `--orders N`, also N benchmark
 * orders over `--buyers` bulk buyers — those are added on every run.
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
    if (!opts.orders) return;
    const bar = new cliProgress.SingleBar(
      {
        format: '批量订单 bulk orders [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(opts.orders, 0);
    const result = await seedBulkOrders(database.pool, {
      orders: opts.orders,
      buyers: opts.buyers,
      password: config.demoPassword,
      days: config.orders,
      onProgress: (done) => bar.update(done),
    });
    bar.stop();
    console.log(
      `批量订单 bulk: ${result.orders} orders over ${result.buyers} buyers in ${(result.ms / 1000).toFixed(1)} s ` +
        `(${result.ordersPerSecond} orders/s)`,
    );
  });
}
