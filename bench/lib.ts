import os from 'node:os';
import autocannon from 'autocannon';

export type LoadResult = { rps: number; p50: number; p99: number };

/** Fixed-duration closed-loop load on one URL from this process (loopback only). */
export async function load(url: string, seconds: number, connections = 10): Promise<LoadResult> {
  const r = await autocannon({ url, duration: seconds, connections });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/** Alternates A and B `rounds` times so drift on a shared machine hits both equally; returns medians. */
export async function sideBySide(a: () => Promise<LoadResult>, b: () => Promise<LoadResult>, rounds = 3) {
  const as: LoadResult[] = [];
  const bs: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return { a: median(as), b: median(bs) };
}

function median(rs: LoadResult[]): LoadResult {
  const pick = (k: keyof LoadResult) => {
    const v = rs.map((r) => r[k]).sort((x, y) => x - y);
    return v[Math.floor(v.length / 2)]!;
  };
  return { rps: pick('rps'), p50: pick('p50'), p99: pick('p99') };
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** The median of each of the given numeric fields over several runs (each field on its own). */
export function medianFields<T extends Record<K, number>, K extends keyof T>(
  rows: T[],
  keys: readonly K[],
): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) {
    const values = rows.map((r) => r[k]).sort((a, b) => a - b);
    out[k] = values[Math.floor(values.length / 2)]!;
  }
  return out;
}

/** CPU seconds a database server has used so far (bench-db.ts), or null when it cannot tell. */
export type PgCpu = () => number | null;

/**
 * Wall time, this process's CPU, the database server's CPU and the machine's busy share (all
 * processes, other users' too) from now until `stop`, per unit of work done.
 */
export function cpuMeter(postgresCpuSeconds: PgCpu) {
  const pgCpu = () => postgresCpuSeconds() ?? Number.NaN;
  const machine = () =>
    os.cpus().reduce(
      (t, c) => {
        const all = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
        return { busy: t.busy + all - c.times.idle, all: t.all + all };
      },
      { busy: 0, all: 0 },
    );
  const started = performance.now();
  const cpu = process.cpuUsage();
  const m0 = machine();
  const pg0 = pgCpu();
  return {
    /** `until`: when the work ended, if earlier than now. */
    stop(ok: number, until = performance.now()) {
      const seconds = (until - started) / 1000;
      const used = process.cpuUsage(cpu);
      const m1 = machine();
      return {
        ok,
        seconds,
        rate: ok / seconds,
        nodeCpuMs: (used.user + used.system) / 1000 / Math.max(1, ok),
        pgCpuMs: ((pgCpu() - pg0) * 1000) / Math.max(1, ok),
        machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.all - m0.all),
      };
    },
  };
}
