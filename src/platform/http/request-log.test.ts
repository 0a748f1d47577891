import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, defaultLogFormat, type LogFormat } from '../logger.ts';
import { createHttpServer } from './server.ts';

/** The lines a server logs while it answers one request. */
async function linesFor(format: LogFormat): Promise<string[]> {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const app = await createHttpServer({
    log: createLogger('info', { format, destination }),
    trustProxy: false,
  });
  app.get('/ping', async () => ({ ok: true }));
  await app.ready();
  const res = await app.inject({
    method: 'GET',
    url: '/ping?x=1',
    headers: { cookie: 'kameng_session=secret' },
  });
  expect(res.statusCode).toBe(200);
  await app.close();
  return chunks.join('').split('\n').filter(Boolean);
}

describe('request logs', () => {
  it('log each request once, as JSON with method, url, status and time, and no headers', async () => {
    const lines = (await linesFor('json')).filter((l) => l.includes('/ping'));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/ping?x=1' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: expect.stringMatching(/^GET \/ping\?x=1 200 \d+ ms$/),
    });
    expect(lines[0]).not.toContain('secret');
  });

  it('are one readable line per request on a terminal', async () => {
    const lines = (await linesFor('pretty')).filter((l) => l.includes('/ping'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: GET \/ping\?x=1 200 \d+ ms/);
    expect(lines[0]).not.toMatch(/^\{/);
  });

  it('are pretty only when stdout is a terminal', () => {
    expect(defaultLogFormat({ isTTY: true })).toBe('pretty');
    expect(defaultLogFormat({ isTTY: false })).toBe('json');
    expect(defaultLogFormat({})).toBe('json');
  });
});
