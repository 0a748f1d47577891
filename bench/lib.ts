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
