import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineHeartbeat,
  HEARTBEAT_JOB,
  lastHeartbeat,
  recordHeartbeat,
} from '../../src/modules/system/heartbeat.ts';
import { JobQueue } from '../../src/platform/jobs/queue.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startTestApi } from '../helpers/app.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

describe('health', () => {
  it('is live and ready on a migrated database', async () => {
    expect((await api.client().get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.client().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: true, pendingMigrations: [] });
  });

  it('is not ready while a migration is pending', async () => {
    const { pool } = api.db.database;
    const [row] = (await pool.query('SELECT tag, applied_at FROM kameng_migration ORDER BY tag LIMIT 1'))
      .rows;
    await pool.query('DELETE FROM kameng_migration WHERE tag = $1', [row.tag]);
    try {
      const res = await api.client().get('/readyz');
      expect(res.status).toBe(503);
      expect(res.body.pendingMigrations).toEqual([row.tag]);
    } finally {
      await pool.query('INSERT INTO kameng_migration (tag, applied_at) VALUES ($1, $2)', [
        row.tag,
        row.applied_at,
      ]);
    }
  });
});

describe('job queue', () => {
  it('runs the heartbeat job through pg-boss and schedules it every minute', async () => {
    const { db } = api.db.database;
    const queue = new JobQueue(api.db.url, createLogger('silent'), true);
    defineHeartbeat(queue, db);
    await queue.start();
    try {
      await queue.send(HEARTBEAT_JOB, {});
      let beat = null;
      for (let i = 0; i < 100 && !beat; i++) {
        beat = await lastHeartbeat(db);
        if (!beat) await new Promise((r) => setTimeout(r, 100));
      }
      expect(beat?.runs).toBe(1);
      const schedule = await api.db.database.pool.query('SELECT name, cron, timezone FROM pgboss.schedule');
      expect(schedule.rows).toEqual([{ name: HEARTBEAT_JOB, cron: '* * * * *', timezone: 'Asia/Shanghai' }]);
      const ready = await api.client().get('/readyz');
      expect(ready.body.heartbeat.runs).toBe(1);
    } finally {
      await queue.stop();
    }
  });

  it('counts every heartbeat', async () => {
    const { db } = api.db.database;
    const before = (await lastHeartbeat(db))?.runs ?? 0;
    await Promise.all([recordHeartbeat(db), recordHeartbeat(db), recordHeartbeat(db)]);
    expect((await lastHeartbeat(db))?.runs).toBe(before + 3);
  });
});
