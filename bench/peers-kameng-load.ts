import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/**
 * Kameng's counterpart of the peer's refund_load.js, run as a process of its own like that one (so
 * neither server shares its event loop with a load generator): `POST /api/refunds` for `seconds` at
 * `connections`, each request a signed-in bulk buyer's submission on an order of its own (so each opens
 * a case: 201), with a fresh Idempotency-Key. Prints one JSON line.
 *
 * Usage: tsx bench/peers-kameng-load.ts <baseUrl> <jobs.json> <from> <connections> <seconds>
 */
type Job = { orderNo: string; cookie: string; csrf: string };

const [baseUrl, file, fromArg, connectionsArg, secondsArg] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(file!, 'utf8')) as Job[];
let next = Number(fromArg);
let ok = 0;
let bad = 0;
let firstBad: string | null = null;

const result = await autocannon({
  url: baseUrl!,
  connections: Number(connectionsArg),
  duration: Number(secondsArg),
  requests: [
    {
      setupRequest: (req) => {
        const job = jobs[next++];
        if (!job) throw new Error('ran out of eligible orders');
        return {
          ...req,
          method: 'POST',
          path: '/api/refunds',
          headers: {
            'content-type': 'application/json',
            cookie: job.cookie,
            'x-csrf-token': job.csrf,
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({
            orderNo: job.orderNo,
            type: 'not_received',
            description: `订单号${job.orderNo}付款后一直没有收到卡密，页面显示已发货但查不到`,
          }),
        };
      },
      onResponse: (status, body) => {
        if (status === 201) ok++;
        else {
          bad++;
          firstBad ??= `${status} ${body.slice(0, 300)}`;
        }
      },
    },
  ],
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    okPerS: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    bad: bad + result.errors + result.timeouts,
    firstBad,
    next,
  }),
);
