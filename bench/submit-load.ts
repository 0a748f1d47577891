import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type pg from 'pg';
import type { Session } from './bench-db.ts';
import { cpuMeter, fmt, type PgCpu } from './lib.ts';
import { DESCRIPTION } from './submit-sql.ts';

/** One submission to make: a paid order and the session of its buyer. */
export type Job = { orderNo: string; session: Session; buyerId: number };

/**
 * `needed` random paid card-key/membership orders of the signed-in bulk buyers (`seedBulkOrders`), each
 * with its buyer's session: the submissions a bench makes. Buyers not signed in are left out.
 */
export async function bulkSubmitJobs(
  pool: pg.Pool,
  sessions: ReadonlyMap<string, Session>,
  needed: number,
): Promise<Job[]> {
  const { rows } = await pool.query<{ order_no: string; username: string; buyer_id: string }>(
    `SELECT o.order_no, u.username, o.buyer_id FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
     WHERE u.username = ANY($2) AND o.paid_fen > 0 AND o.product_kind IN ('card_key', 'membership')
     ORDER BY random() LIMIT $1`,
    [needed, [...sessions.keys()]],
  );
  if (rows.length < needed) throw new Error(`only ${rows.length} eligible orders, need ${needed}`);
  return rows.map((r) => ({
    orderNo: r.order_no,
    session: sessions.get(r.username)!,
    buyerId: Number(r.buyer_id),
  }));
}

/** What one phase of submissions measured. */
export type Phase = {
  ok: number;
  failed: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** CPU of this process (app + load generator, or pg client) per successful submit. */
  nodeCpuMs: number;
  /** CPU of the embedded PostgreSQL (all its backends) per successful submit; NaN if unknown. */
  pgCpuMs: number;
  /** Share of the machine's cores busy during the phase (all processes, other users' too). */
  machineBusy: number;
};

export const line = (p: Phase) =>
  `${fmt(p.rate, 0).padStart(5)}/s  p50 ${fmt(p.p50)} ms  p99 ${fmt(p.p99)} ms  ` +
  `CPU/submit: node ${fmt(p.nodeCpuMs, 2)} ms, postgres ${fmt(p.pgCpuMs, 2)} ms  machine ${fmt(p.machineBusy * 100, 0)}% busy`;

/**
 * `count` submissions through autocannon (session cookie, CSRF header, a fresh Idempotency-Key, each
 * on a different paid order), `connections` at a time; `jobs` holds a few spare orders.
 */
export async function httpPhase(
  baseUrl: string,
  jobs: Job[],
  count: number,
  pgCpu: PgCpu,
  connections: number,
  /** Requests per second over all connections; unset: as fast as answers come. */
  rate?: number,
): Promise<Phase> {
  let next = 0;
  let firstError: string | null = null;
  let lastResponse = 0;
  const meter = cpuMeter(pgCpu);
  const r = await autocannon({
    url: baseUrl,
    // autocannon notices the end at its next sample tick; the rate below runs to the last response.
    sampleInt: 100,
    connections,
    amount: count,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const job = jobs[next++];
          if (!job) throw new Error('ran out of orders for the HTTP phase');
          return { ...req, ...submitRequest(job) };
        },
        onResponse: (status, body) => {
          lastResponse = performance.now();
          if (status !== 201) firstError ??= `${status} ${body}`;
        },
      },
    ],
  });
  if (firstError) console.log(`first failed submit: ${firstError}`);
  return {
    ...meter.stop(r['2xx'], lastResponse),
    failed: r.non2xx + r.errors + r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

export function submitRequest(job: Job) {
  return {
    method: 'POST' as const,
    path: '/api/refunds',
    headers: {
      'content-type': 'application/json',
      cookie: job.session.cookie,
      'x-csrf-token': job.session.csrf,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({
      orderNo: job.orderNo,
      type: 'not_received',
      description: DESCRIPTION(job.orderNo),
    }),
  };
}

/** The median of each figure over rounds. */
export function medianBy(ps: Phase[]): Phase {
  const pick = (k: keyof Phase) => ps.map((p) => p[k]).sort((a, b) => a - b)[Math.floor(ps.length / 2)]!;
  return {
    ok: pick('ok'),
    failed: pick('failed'),
    seconds: pick('seconds'),
    rate: pick('rate'),
    p50: pick('p50'),
    p99: pick('p99'),
    nodeCpuMs: pick('nodeCpuMs'),
    pgCpuMs: pick('pgCpuMs'),
    machineBusy: pick('machineBusy'),
  };
}
