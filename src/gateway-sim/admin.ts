import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import type { SimEngine } from './engine.ts';
import { faultRequestSchema } from './faults.ts';

/**
 * The simulator's own controls, for tests, demos and reconciliation (not part of either gateway's
 * API): script faults, read its books and notification log, settle PROCESSING refunds, reset.
 */
export function registerAdmin(app: FastifyInstance, engine: SimEngine): void {
  const json = (body: unknown): unknown => {
    if (typeof body !== 'string' || body === '') return {};
    return JSON.parse(body);
  };

  app.post('/__sim/faults', async (req, reply) => {
    try {
      const rule = engine.faults.add(faultRequestSchema.parse(json(req.body)));
      return reply.code(201).send(rule);
    } catch (err) {
      if (err instanceof ZodError || err instanceof SyntaxError) {
        return reply
          .code(400)
          .send({ error: 'invalid fault', issues: err instanceof ZodError ? err.issues : err.message });
      }
      throw err;
    }
  });
  app.get('/__sim/faults', async () => ({ faults: engine.faults.list() }));
  app.delete('/__sim/faults', async () => {
    engine.faults.clear();
    return { cleared: true };
  });

  app.get('/__sim/refunds', async (req) => {
    const { channel } = req.query as { channel?: string };
    const refunds = engine.state.listRefunds().map((r) => engine.current(r));
    return { refunds: channel ? refunds.filter((r) => r.channel === channel) : refunds };
  });
  app.get('/__sim/trades', async (req) => {
    const { channel } = req.query as { channel?: string };
    const trades = engine.state.listTrades();
    return { trades: channel ? trades.filter((t) => t.channel === channel) : trades };
  });
  app.get('/__sim/notifications', async () => {
    await engine.notifier.idle();
    return { deliveries: engine.notifier.log() };
  });

  app.post('/__sim/settle', async (req) => {
    const { outRefundNo } = json(req.body) as { outRefundNo?: string };
    return { settled: engine.settleNow(outRefundNo) };
  });
  app.post('/__sim/reset', async () => {
    engine.faults.clear();
    engine.state.reset();
    engine.notifier.clearLog();
    return { reset: true };
  });
}
