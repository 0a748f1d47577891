import type { FastifyInstance } from 'fastify';
import { ZodError, z } from 'zod';
import { buyerPersona, demoPayer, PERSONA_NAME } from '../modules/payments/demo-payers.ts';
import type { SimEngine } from './engine.ts';
import { faultRequestSchema } from './faults.ts';

const payAsSchema = z.object({ persona: z.string().regex(PERSONA_NAME).nullable() }).strict();
const alipayIdsSchema = z.object({ standard: z.enum(['userid', 'openid']) }).strict();
const settleSchema = z.object({ outRefundNo: z.string().min(1).max(64).optional() }).strict();
const buyerIdParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The simulator's own controls, for tests, demos and reconciliation (not part of either gateway's
 * API): script faults, read its books and notification log, settle PROCESSING refunds, say which
 * persona a Kameng buyer pays as, which id of the payer Alipay gives the app, reset.
 */
export function registerAdmin(app: FastifyInstance, engine: SimEngine): void {
  const json = (body: unknown): unknown => {
    if (typeof body !== 'string' || body === '') return {};
    return JSON.parse(body);
  };
  const safeJson = (body: unknown): unknown => {
    try {
      return json(body);
    } catch {
      return undefined;
    }
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

  // Settle one PROCESSING refund ({outRefundNo}) or, with an empty body or {}, all of them.
  app.post('/__sim/settle', async (req, reply) => {
    const body = settleSchema.safeParse(safeJson(req.body));
    if (!body.success) return reply.code(400).send({ error: 'invalid settle request' });
    return { settled: engine.settleNow(body.data.outRefundNo) };
  });
  const payerView = (buyerId: number) => {
    const persona = engine.payers.personaOf(buyerId);
    return { buyerId, persona, own: persona === buyerPersona(buyerId), payer: demoPayer(persona) };
  };
  app.get('/__sim/payers', async () => ({ payAs: engine.state.listPersonaOverrides() }));
  app.get('/__sim/payers/:buyerId', async (req, reply) => {
    const buyerId = buyerIdParam.safeParse((req.params as { buyerId: string }).buyerId);
    if (!buyerId.success) return reply.code(400).send({ error: 'invalid buyer id' });
    return payerView(buyerId.data);
  });
  // Buyer N pays as persona P from now on (several buyers on one persona: a ring); null: as themselves.
  app.put('/__sim/payers/:buyerId', async (req, reply) => {
    const buyerId = buyerIdParam.safeParse((req.params as { buyerId: string }).buyerId);
    let body: z.infer<typeof payAsSchema>;
    try {
      body = payAsSchema.parse(json(req.body));
    } catch (err) {
      if (err instanceof ZodError || err instanceof SyntaxError) {
        return reply.code(400).send({ error: 'invalid persona: {"persona": "ring-1"} or {"persona": null}' });
      }
      throw err;
    }
    if (!buyerId.success) return reply.code(400).send({ error: 'invalid buyer id' });
    engine.payers.payAs(buyerId.data, body.persona);
    return payerView(buyerId.data);
  });

  // Which id of the payer Alipay gives the app: {"standard": "userid"} or {"standard": "openid"}.
  app.get('/__sim/alipay-ids', async () => ({ standard: engine.alipayIds }));
  app.put('/__sim/alipay-ids', async (req, reply) => {
    const body = alipayIdsSchema.safeParse(safeJson(req.body));
    if (!body.success) return reply.code(400).send({ error: 'invalid standard: {"standard": "openid"}' });
    engine.alipayIds = body.data.standard;
    return { standard: engine.alipayIds };
  });

  app.post('/__sim/reset', async () => {
    engine.faults.clear();
    engine.payers.clear();
    engine.state.reset();
    engine.notifier.clearLog();
    return { reset: true };
  });
}
