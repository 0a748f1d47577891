import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/platform/jobs/queue.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

/** A queue's `concurrency`: that many of its jobs at once per process, never more, each failing alone. */
let db: TestDatabase;
let queue: JobQueue;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let inFlight = 0;
let mostAtOnce = 0;
const slowDone: number[] = [];
const flakyRuns = new Map<number, number>();

beforeAll(async () => {
  db = await freshDatabase();
  queue = new JobQueue(db.url, createLogger('silent'), true);
  queue.define<{ n: number }>(
    'test.slow',
    async ({ n }) => {
      mostAtOnce = Math.max(mostAtOnce, ++inFlight);
      await sleep(300);
      inFlight--;
      slowDone.push(n);
    },
    { concurrency: 3 },
  );
  queue.define<{ n: number }>(
    'test.flaky',
    async ({ n }) => {
      const runs = (flakyRuns.get(n) ?? 0) + 1;
      flakyRuns.set(n, runs);
      await sleep(100);
      if (n === 2 && runs === 1) throw new Error('first run of job 2 fails');
    },
    { concurrency: 4 },
  );
  await queue.start();
});
afterAll(async () => {
  await queue?.stop();
  await db?.drop();
});

async function until(done: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe('a job queue with concurrency', () => {
  it('runs up to its concurrency of jobs at once, and no more', async () => {
    for (let n = 0; n < 9; n++) await queue.send('test.slow', { n });
    await until(() => slowDone.length === 9);
    expect(mostAtOnce).toBe(3);
    expect(slowDone.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('retries a failed job by itself while the jobs beside it complete once', async () => {
    for (let n = 0; n < 4; n++) await queue.send('test.flaky', { n });
    await until(() => flakyRuns.get(2) === 2);
    await sleep(300);
    expect(Object.fromEntries(flakyRuns)).toEqual({ 0: 1, 1: 1, 2: 2, 3: 1 });
    const { rows } = await db.database.pool.query(
      `SELECT data->>'n' AS n, state, retry_count FROM pgboss.job WHERE name = 'test.flaky' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { n: '0', state: 'completed', retry_count: 0 },
      { n: '1', state: 'completed', retry_count: 0 },
      { n: '2', state: 'completed', retry_count: 1 },
      { n: '3', state: 'completed', retry_count: 0 },
    ]);
  });

  it('keeps retry settings on the queue, also on one that exists already', async () => {
    const later = new JobQueue(db.url, createLogger('silent'), false);
    later.define('test.slow', async () => {}, { retry: { limit: 7, delaySeconds: 3, backoff: true } });
    await later.start();
    await later.stop();
    const { rows } = await db.database.pool.query(
      `SELECT name, retry_limit, retry_delay, retry_backoff FROM pgboss.queue
       WHERE name IN ('test.slow', 'test.flaky') ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'test.flaky', retry_limit: null, retry_delay: null, retry_backoff: null },
      { name: 'test.slow', retry_limit: 7, retry_delay: 3, retry_backoff: true },
    ]);
  });
});
