import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedBulkOrders } from '../src/demo/seed-bulk.ts';
import { WorkerProcess } from '../test/helpers/worker-process.ts';
import {
  type BenchDatabase,
  processCpuSeconds,
  publishWithoutExpress,
  type Session,
  signIn,
  startBenchServer,
} from './bench-db.ts';
import { fmt } from './lib.ts';
import { bulkSubmitJobs, httpPhase, line, medianBy, type Phase } from './submit-load.ts';

/**
 * Issue 15: does the API slow down while evidence checks run in the background? Submissions over HTTP
 * (10 connections) in phases that alternate between a quiet worker and a worker busy checking a backlog
 * of uploaded screenshots (OCR in its worker thread, decode and hash on its main thread), three rounds,
 * medians: at a steady load of half the rate the API reaches when nothing else runs (latency is the
 * figure), and flat out (throughput is). The worker is a `kameng serve --role worker` child process
 * beside the API on the same cores, so it paces its OCR as a worker sharing them should
 * (`KAMENG_EVIDENCE_OCR_SHARE`, 0.3 here unless set; 1 reads flat out); the screenshots are the
 * labelled set's (test/fixtures/evidence), uploaded over HTTP before each busy phase.
 */
const OCR_SHARE = process.env.KAMENG_EVIDENCE_OCR_SHARE ?? '0.3';
const ORDERS = Number(process.env.BENCH_EVIDENCE_ORDERS ?? 40_000);
const BUYERS = Number(process.env.BENCH_EVIDENCE_BUYERS ?? 200);
const PER_PHASE = Number(process.env.BENCH_EVIDENCE_SUBMITS ?? 600);
const BACKLOG = Number(process.env.BENCH_EVIDENCE_BACKLOG ?? 40);
const ROUNDS = Number(process.env.BENCH_EVIDENCE_ROUNDS ?? 3);
const CONNECTIONS = 10;
const SLACK = CONNECTIONS * 2 + 10;
const FIXTURES = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'evidence');

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  let env: BenchDatabase | null = null;
  let worker: WorkerProcess | null = null;
  try {
    env = await server.database('evsubmit');
    const pool = env.database.pool;
    await seedBulkOrders(pool, {
      orders: ORDERS,
      buyers: BUYERS,
      password: env.demoPassword,
      batchSize: 20_000,
    });
    // Every submission takes the same path in both phases: no 极速退款 payouts in the worker.
    await publishWithoutExpress(env.ctx.db);
    const baseUrl = await env.listen();
    worker = new WorkerProcess({
      ...process.env,
      DATABASE_URL: env.url,
      KAMENG_DATA_DIR: server.dataDir,
      KAMENG_DEMO_SEED: 'false',
      KAMENG_LOG_LEVEL: 'warn',
      KAMENG_EVIDENCE_OCR_SHARE: OCR_SHARE,
    });
    await worker.start();
    const workerPid = worker.pid!;
    // BENCH_WORKER_NICE=N: the whole worker process at nice N (a one-box deployment's choice).
    if (process.env.BENCH_WORKER_NICE) os.setPriority(workerPid, Number(process.env.BENCH_WORKER_NICE));

    const buyers = await signIn(
      baseUrl,
      env.demoPassword,
      Array.from({ length: BUYERS }, (_, i) => `bulk-buyer-${i + 1}`),
    );
    const byName = new Map(buyers.map((s) => [s.username, s]));
    const needed = (4 * ROUNDS + 1) * (PER_PHASE + SLACK);
    const jobs = await bulkSubmitJobs(pool, byName, needed);
    const pgCpu = server.postgresCpuSeconds;
    const submit = (rate?: number) =>
      httpPhase(baseUrl, jobs.splice(0, PER_PHASE + SLACK), PER_PHASE, pgCpu, CONNECTIONS, rate);
    const images = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jpg'))
      .map((f) => readFileSync(path.join(FIXTURES, f)));
    let nextImage = 0;
    const pending = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM evidence e
           WHERE NOT EXISTS (SELECT 1 FROM evidence_check c WHERE c.evidence_id = e.id AND c.kind = 'ocr')`,
        )
      ).rows[0]!.n;
    const drained = async () => {
      const began = performance.now();
      while ((await pending()) > 0) {
        if (performance.now() - began > 300_000) throw new Error('evidence checks did not finish in 5 min');
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    // Warm-up: the first OCR starts the worker's engine (a few seconds); the first submissions warm the API
    // and say how fast it answers when nothing else runs — the steady load below is half of that.
    await uploadAll(baseUrl, buyers, [images[nextImage++ % images.length]!]);
    await drained();
    const steady = Math.round((await submit()).rate / 2);

    type Measured = { phase: Phase; workerShare: number; imagesPerSec: number };
    const runs = { quiet: [] as Measured[], checks: [] as Measured[] };
    const steadyRuns = { quiet: [] as Measured[], checks: [] as Measured[] };
    const measured = async (rate: number | undefined): Promise<Measured> => {
      const cpu0 = processCpuSeconds(workerPid) ?? Number.NaN;
      const left0 = await pending();
      const t0 = performance.now();
      const phase = await submit(rate);
      const seconds = (performance.now() - t0) / 1000;
      const left1 = await pending();
      return {
        phase,
        workerShare: ((processCpuSeconds(workerPid) ?? Number.NaN) - cpu0) / seconds,
        imagesPerSec: (left0 - left1) / seconds,
      };
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const withChecks of round % 2 === 0 ? [false, true] : [true, false]) {
        if (withChecks) {
          const backlog = Array.from({ length: BACKLOG }, () => images[nextImage++ % images.length]!);
          await uploadAll(baseUrl, buyers, backlog);
          // Busy from the first check on: the queue holds the rest for both phases.
          while ((await pending()) >= BACKLOG) await new Promise((r) => setTimeout(r, 50));
        }
        const key = withChecks ? 'checks' : 'quiet';
        steadyRuns[key].push(await measured(steady));
        runs[key].push(await measured(undefined));
        if (withChecks) {
          if ((await pending()) === 0) console.log('  (the backlog ran out: raise BENCH_EVIDENCE_BACKLOG)');
          await drained();
        }
      }
      for (const [label, r] of [
        [`${steady}/s`, steadyRuns],
        ['flat out', runs],
      ] as const) {
        const [q, b] = [r.quiet.at(-1)!, r.checks.at(-1)!];
        console.log(`round ${round + 1}, ${label}: quiet  ${line(q.phase)}`);
        console.log(
          `   checks ${line(b.phase)}   p50 ×${fmt(b.phase.p50 / q.phase.p50, 2)}, rate ×${fmt(b.phase.rate / q.phase.rate, 2)} ` +
            `(worker ${fmt(b.workerShare * 100, 0)}% of a core, ${fmt(b.imagesPerSec, 2)} images/s)`,
        );
      }
    }
    const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    console.log(`\nsubmit, ${CONNECTIONS} connections, ${PER_PHASE} a phase, ${ROUNDS} rounds (medians)`);
    for (const [label, r] of [
      [`steady load of ${steady}/s (half the quiet rate)`, steadyRuns],
      ['flat out', runs],
    ] as const) {
      const [q, b] = [medianBy(r.quiet.map((m) => m.phase)), medianBy(r.checks.map((m) => m.phase))];
      console.log(`${label}:`);
      console.log(`  quiet worker          ${line(q)}`);
      console.log(`  checks in the worker  ${line(b)}`);
      console.log(
        `  with checks / without: p50 ×${fmt(b.p50 / q.p50, 3)}, p99 ×${fmt(b.p99 / q.p99, 3)}, ` +
          `rate ×${fmt(b.rate / q.rate, 3)}; the worker used ${fmt(mid(r.checks.map((m) => m.workerShare)) * 100, 0)}% ` +
          `of a core checking ${fmt(mid(r.checks.map((m) => m.imagesPerSec)), 2)} images/s`,
      );
    }
    console.log(
      `goal (issue 15): submit latency with checks running ≤ 1.10 × without (OCR share ${OCR_SHARE})`,
    );
  } finally {
    await worker?.stop();
    await env?.stop();
    await server.stop();
  }
}

/** Uploads the images (JPEG) through `POST /api/evidence`, spread over the buyers, one at a time. */
async function uploadAll(baseUrl: string, buyers: Session[], images: Buffer[]): Promise<void> {
  for (const [i, bytes] of images.entries()) {
    const s = buyers[i % buyers.length]!;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `shot-${i}.jpg`);
    const res = await fetch(`${baseUrl}/api/evidence`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  }
}
