import PgBoss from 'pg-boss';
import type { Db } from '../db/pool.ts';
import type { Logger } from '../logger.ts';

export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * The job queue (pg-boss, in the same PostgreSQL). API processes only enqueue; worker processes
 * (role `worker` or `all`) also run handlers and cron schedules. Jobs carry ids, not state: handlers
 * re-read what they need and do nothing when the work is already done.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly handlers: { name: string; cron?: string; run: JobHandler<unknown> }[] = [];
  private readonly declared: string[] = [];
  private started = false;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly runWorkers: boolean,
  ) {
    this.boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 5,
      // Only workers supervise and run cron; API processes still enqueue and migrate safely.
      supervise: runWorkers,
      schedule: runWorkers,
    });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  /** Registers a handler (and optionally a cron schedule, Asia/Shanghai time) before `start`. */
  define<T>(name: string, run: JobHandler<T>, opts: { cron?: string } = {}): void {
    this.handlers.push({ name, cron: opts.cron, run: run as JobHandler<unknown> });
  }

  /** A queue that only receives jobs here; its worker lives elsewhere (or comes with a later issue). */
  declare(name: string): void {
    this.declared.push(name);
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const name of this.declared) await this.boss.createQueue(name);
    for (const h of this.handlers) {
      await this.boss.createQueue(h.name);
      if (!this.runWorkers) continue;
      if (h.cron) await this.boss.schedule(h.name, h.cron, {}, { tz: 'Asia/Shanghai' });
      // pg-boss fetches one job per poll and then sleeps out the rest of the second, which held each
      // queue to one job a second however many were due. After a job that succeeded the worker asks
      // again at once; an empty poll or a failed job (retried by pg-boss) waits for the interval.
      let workerId: string | undefined;
      workerId = await this.boss.work(h.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
        for (const job of jobs) await h.run(job.data);
        if (workerId) this.boss.notifyWorker(workerId);
      });
    }
  }

  async send<T extends object>(
    name: string,
    data: T,
    opts: { startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    return this.boss.send(name, data, { startAfter: opts.startAfterSeconds });
  }

  /**
   * Enqueues inside the caller's transaction (transactional outbox): the job exists if and only if
   * the business change commits, so a crash between the two can neither lose nor invent work.
   */
  async sendInTx<T extends object>(
    tx: Db,
    name: string,
    data: T,
    opts: { startAfterSeconds?: number; singletonKey?: string } = {},
  ): Promise<void> {
    // pg-boss needs the transaction's own connection. drizzle's node-postgres transaction keeps it as
    // `session.client` (not public API; the outbox tests fail loudly if a drizzle upgrade moves it).
    type Queryable = { query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }> };
    const client = (tx as unknown as { session?: { client?: Queryable } }).session?.client;
    if (!client) throw new Error('sendInTx needs a drizzle node-postgres transaction');
    const executeSql = (text: string, values: unknown[]) => client.query(text, values);
    await this.boss.send(name, data, {
      db: { executeSql },
      startAfter: opts.startAfterSeconds,
      singletonKey: opts.singletonKey,
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
