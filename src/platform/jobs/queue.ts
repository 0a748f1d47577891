import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { type Db, statementName } from '../db/pool.ts';
import type { Logger } from '../logger.ts';

/** Runs one job; what it returns is kept as the job's output (pgboss.job.output). */
export type JobHandler<T> = (data: T) => Promise<unknown>;

export type DefineOptions = {
  /** A cron schedule, Asia/Shanghai time. */
  cron?: string;
  /** How many of the queue's jobs one worker process runs at once (default 1). */
  concurrency?: number;
  /**
   * Retries of a job that failed or whose worker died (pg-boss's default: 2, at once): kept on the
   * queue, so every job sent to it gets them, whoever sends it.
   */
  retry?: { limit: number; delaySeconds: number; backoff: boolean };
};

/**
 * The job queue (pg-boss, in the same PostgreSQL). API processes only enqueue; worker processes
 * (role `worker` or `all`) also run handlers and cron schedules. Jobs carry ids, not state: handlers
 * re-read what they need and do nothing when the work is already done.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly handlers: (DefineOptions & {
    name: string;
    concurrency: number;
    run: JobHandler<unknown>;
  })[] = [];
  private readonly declared: string[] = [];
  private started = false;
  private stopping = false;

  constructor(
    url: string,
    /** For handlers too: what a job found worth telling an operator. */
    readonly log: Logger,
    /** Whether this process runs handlers and schedules (role `worker` or `all`), or only enqueues. */
    readonly runWorkers: boolean,
  ) {
    this.boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 5,
      // Only workers supervise and run cron; API processes still enqueue and migrate safely.
      supervise: runWorkers,
      schedule: runWorkers,
    });
    // Once stopping, its connections closing under the database's own shutdown are expected, not errors.
    this.boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err }, 'job queue closing')
        : this.log.error({ err }, 'job queue error'),
    );
  }

  /** Registers a handler before `start`. */
  define<T>(name: string, run: JobHandler<T>, opts: DefineOptions = {}): void {
    const concurrency = opts.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`${name}: bad concurrency`);
    this.handlers.push({ ...opts, name, concurrency, run: run as JobHandler<unknown> });
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
      const retry = h.retry && {
        name: h.name,
        retryLimit: h.retry.limit,
        retryDelay: h.retry.delaySeconds,
        retryBackoff: h.retry.backoff,
      };
      await this.boss.createQueue(h.name, retry);
      // createQueue leaves an existing queue as it was.
      if (retry) await this.boss.updateQueue(h.name, retry);
      if (!this.runWorkers) continue;
      if (h.cron) await this.boss.schedule(h.name, h.cron, {}, { tz: 'Asia/Shanghai' });
      await this.startWorkers(h);
    }
  }

  /**
   * pg-boss 10 has no team options: each `work()` is one polling worker that fetches a job, runs it and
   * then completes or fails it on its own. `concurrency` workers therefore run that many jobs at once,
   * each job retried by itself when it fails (a batch would be completed or failed as a whole), and a
   * slow job holds up only its own worker.
   *
   * pg-boss also sleeps out the rest of its polling interval after a job, which held each queue to one
   * job a second however many were due. A worker whose job succeeded asks again at once; an empty poll
   * or a failed job (retried by pg-boss) waits for the interval. A worker that found a job wakes one idle
   * sibling, which does the same if it finds one too: a burst has every worker busy within a few
   * fetches, and a lone job costs one extra (empty) poll.
   */
  private async startWorkers(h: (typeof this.handlers)[number]): Promise<void> {
    const ids: string[] = [];
    const busy = new Set<string>();
    for (let i = 0; i < h.concurrency; i++) {
      let id = '';
      id = await this.boss.work<unknown>(
        h.name,
        { pollingIntervalSeconds: 1, batchSize: 1 },
        async (jobs) => {
          busy.add(id);
          const idle = ids.find((w) => !busy.has(w));
          if (idle) this.boss.notifyWorker(idle);
          let output: unknown;
          try {
            for (const job of jobs) output = await h.run(job.data);
          } finally {
            busy.delete(id);
          }
          this.boss.notifyWorker(id);
          return output;
        },
      );
      ids.push(id);
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
    type Queryable = {
      query: (q: { name: string; text: string; values: unknown[] }) => Promise<{ rows: unknown[] }>;
    };
    const client = (tx as unknown as { session?: { client?: Queryable } }).session?.client;
    if (!client) throw new Error('sendInTx needs a drizzle node-postgres transaction');
    // pg-boss's insert, as a named statement: planned once per connection (its plan cost 0.2 ms of the
    // database a job — more than running it — on every approval's hand-over to payout).
    const executeSql = (text: string, values: unknown[]) =>
      client.query({ name: statementName(text), text, values });
    await this.boss.send(name, data, {
      db: { executeSql },
      startAfter: opts.startAfterSeconds,
      singletonKey: opts.singletonKey,
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/**
 * The output of the newest completed job of a queue (what its handler returned), read from pg-boss's
 * own table — so any process can report on a job another process ran. Null before the first one.
 */
export async function latestJobOutput(db: Db, name: string): Promise<unknown> {
  const { rows } = await db.execute<{ output: unknown }>(sql`
    SELECT output FROM pgboss.job WHERE name = ${name} AND state = 'completed'
    ORDER BY completed_on DESC LIMIT 1`);
  return rows[0]?.output ?? null;
}
