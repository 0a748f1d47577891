import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../platform/db/pool.ts';
import type { App } from '../../platform/http/server.ts';
import { latestJobOutput } from '../../platform/jobs/queue.ts';
import { SETTLE_JOB } from '../funds/jobs.ts';
import type { SettlementRun } from '../funds/settle-orders.ts';

/**
 * Prometheus metrics at /metrics: process defaults, request durations by route and status, and what
 * the latest settlement run (whichever worker ran it) could not settle.
 */
export function registerMetrics(app: App, db: Db): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'kameng_settlement_flagged_orders',
    help:
      'Orders the latest settlement run flagged: reason="unbooked" were skipped (no payment booked in the ledger), ' +
      'reason="capped" were paid only what the ledger held in escrow for them. 0 is healthy.',
    labelNames: ['reason'],
    registers: [registry],
    async collect() {
      // A database that cannot answer must not take the process metrics down with it.
      const run = (await latestJobOutput(db, SETTLE_JOB).catch(() => undefined)) as
        | Partial<SettlementRun>
        | null
        | undefined;
      if (run === undefined) return;
      this.set({ reason: 'unbooked' }, run?.unbooked ?? 0);
      this.set({ reason: 'capped' }, run?.capped ?? 0);
    },
  });
  new Gauge({
    name: 'kameng_risk_rule_outcomes',
    help:
      'Cases per risk rule and outcome since the start: outcome="hold" when the rule fired on a held case, ' +
      '"clear" when a person cleared such a hold, "reject" when a person rejected it for risk.',
    labelNames: ['rule', 'outcome'],
    registers: [registry],
    async collect() {
      const rows = await db
        .execute<{ rule_id: string; outcome: string; count: string }>(
          sql`SELECT rule_id, outcome, count FROM risk_rule_stat`,
        )
        .then((r) => r.rows)
        .catch(() => null);
      if (!rows) return;
      this.reset();
      for (const r of rows) this.set({ rule: r.rule_id, outcome: r.outcome }, Number(r.count));
    },
  });
  const duration = new Histogram({
    name: 'kameng_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
