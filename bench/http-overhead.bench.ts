import { chmod, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startKameng } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { fmt, load, sideBySide } from './lib.ts';

/**
 * HTTP overhead: Kameng's GET /healthz (fastify, request ids, auth hook, metrics hook, logging off)
 * against a bare node:http server answering the same JSON, measured alternately in one run.
 */
export default async function run(): Promise<void> {
  const raw = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/healthz`;

  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-bench-'));
  await chmod(dir, 0o755);
  const config = {
    ...loadConfig({
      ...process.env,
      KAMENG_LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      KAMENG_DATA_DIR: dir,
    }),
    embeddedPgPort: 20000 + Math.floor(Math.random() * 20000),
  };
  const app = await startKameng(config, createLogger('silent'));
  const appUrl = `${app.url}/healthz`;
  try {
    const seconds = Number(process.env.BENCH_SECONDS ?? 3);
    await load(rawUrl, 1);
    await load(appUrl, 1);
    const { a: base, b: kameng } = await sideBySide(
      () => load(rawUrl, seconds),
      () => load(appUrl, seconds),
    );
    console.log(`raw node:http  ${fmt(base.rps, 0)} req/s  p50 ${base.p50} ms  p99 ${base.p99} ms`);
    console.log(`kameng /healthz ${fmt(kameng.rps, 0)} req/s  p50 ${kameng.p50} ms  p99 ${kameng.p99} ms`);
    console.log(`ratio kameng/raw throughput: ${fmt(kameng.rps / base.rps, 2)}  (1.00 = no overhead)`);
  } finally {
    await app.stop();
    raw.close();
    await rm(dir, { recursive: true, force: true });
  }
}
