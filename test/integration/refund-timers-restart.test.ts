import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHttp, createContext, defineJobs } from '../../src/app.ts';
import { scheduleCaseTimer } from '../../src/modules/refunds/case-timers.ts';
import { fireDueTimers, sweepTimers } from '../../src/modules/refunds/sweep-timers.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { JobQueue } from '../../src/platform/jobs/queue.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { HttpClient, TEST_CARD_KEY_SECRET, testConfig } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** One Kameng process on a database that outlives it (so a second process can take over). */
async function boot(db: TestDatabase, dataDir: string, workers: boolean) {
  const log = createLogger('silent');
  const jobs = new JobQueue(db.url, log, workers);
  const ctx = await createContext(
    testConfig({ cardKeySecret: TEST_CARD_KEY_SECRET, dataDir }),
    db.database,
    jobs,
  );
  defineJobs(ctx);
  await jobs.start();
  const app = await buildHttp(ctx, log);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx,
    client: () => new HttpClient(url),
    async stop() {
      await app.close();
      await jobs.stop();
    },
  };
}

describe('case timers across a restart', () => {
  it('a deadline that comes due while no process runs fires after the restart, exactly once', async () => {
    const db = await freshDatabase();
    cleanup.push(() => db.drop());
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kameng-timers-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    // Process A (no workers) opens a case and asks for information, then stops.
    const a = await boot(db, dataDir, false);
    const ids = await demoIds(a.ctx);
    await setBalance(a.ctx, ids.buyerId, 1_000_000);
    const productId = await makeProduct(a.ctx, { merchantId: ids.merchantId, priceFen: 5000 });
    await addKeys(a.ctx, productId, 1);
    const buyer = a.client();
    await buyer.login('buyer');
    const agent = a.client();
    await agent.login('agent');
    const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
    await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
    const { body: submitted } = await buyer.post('/api/refunds', {
      orderNo: order.orderNo,
      type: 'not_as_described',
      description: `订单号${order.orderNo}今天10点购买，卡密面值与描述不符`,
    });
    const claimed = await agent.post(`/api/review/${submitted.refundNo}/claim`);
    const asked = await agent.post(`/api/review/${submitted.refundNo}/request-info`, {
      reason: '请上传截图',
      expectedVersion: claimed.body.version,
    });
    expect(asked.body.state).toBe('info_requested');
    const pool = db.database.pool;
    const caseId = Number(
      (await pool.query('SELECT id FROM refund_case WHERE refund_no = $1', [submitted.refundNo])).rows[0].id,
    );
    // Bring the stored information deadline close (business days are too long for a test) and
    // schedule its timer the way request-info does, in a transaction.
    const due = new Date(Date.now() + 2000);
    await pool.query('UPDATE refund_case SET info_deadline = $2 WHERE id = $1', [caseId, due]);
    await inTransaction(a.ctx.db, (tx) => scheduleCaseTimer(tx, a.ctx.jobs, caseId, due, new Date()));
    await a.stop();

    // The deadline passes while nothing runs.
    await new Promise((r) => setTimeout(r, 2500));
    const stateNow = await pool.query('SELECT state FROM refund_case WHERE id = $1', [caseId]);
    expect(stateNow.rows[0].state).toBe('info_requested');

    // Process B (workers) starts and fires the stored timer.
    const b = await boot(db, dataDir, true);
    cleanup.push(() => b.stop());
    let state = 'info_requested';
    for (let i = 0; i < 60 && state !== 'closed'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      state = (await pool.query('SELECT state FROM refund_case WHERE id = $1', [caseId])).rows[0].state;
    }
    expect(state).toBe('closed');
    // Whatever else comes (the sweep, the job again), it never fires twice.
    expect(await fireDueTimers(b.ctx.db, b.ctx.jobs, caseId, new Date())).toEqual([]);
    expect((await sweepTimers(b.ctx.db, b.ctx.jobs, new Date())).info).toBe(0);
    const events = await pool.query(
      "SELECT count(*)::int AS n FROM refund_case_event WHERE case_id = $1 AND kind = 'close_unanswered'",
      [caseId],
    );
    expect(events.rows[0].n).toBe(1);
    const messages = await pool.query(
      "SELECT count(*)::int AS n FROM site_message WHERE kind = 'refund.close_unanswered' AND subject = $1",
      [`refund:${submitted.refundNo}`],
    );
    expect(messages.rows[0].n).toBe(1);
  });
});
