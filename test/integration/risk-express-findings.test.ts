import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RISK_RULES } from '../../src/core/risk/index.ts';
import { refreshCredit } from '../../src/modules/credit/refresh-credit.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct, setBalance } from '../helpers/factories.ts';

// Issue 16: what express refunds (极速退款) found wrong — abusive in the post-audit, or a merchant's
// objection upheld — feeds the risk rules: once keeps the buyer out of express (no_express), twice or
// more holds each new claim for a person. Histories are crafted: express rows on the buyer's earlier
// cases, as the audit and the supervisors leave them, and the credit row refreshed as they do.

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let productId: number;
let agent: HttpClient;
let admin: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 3000 });
  await addKeys(api.ctx, productId, 40);
  agent = api.client();
  await agent.login('agent');
  admin = api.client();
  await admin.login('admin');
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;

let serial = 0;
async function buyerWith(findings: { abusive: number; upheld: number; fine?: number }) {
  const [name] = await makeBuyers(api.ctx, `findings-${++serial}-${Date.now()}`, 1);
  const client = api.client();
  const { id: userId } = await client.login(name!);
  await setBalance(api.ctx, userId, 1_000_000);
  const earlier = findings.abusive + findings.upheld + (findings.fine ?? 0);
  const past: string[] = [];
  for (let i = 0; i < earlier; i++) past.push((await apply(client, await paidOrder(client))).refundNo);
  const kinds = [
    ...Array<string>(findings.abusive).fill('abusive'),
    ...Array<string>(findings.upheld).fill('upheld'),
    ...Array<string>(findings.fine ?? 0).fill('fine'),
  ];
  const at = new Date(Date.now() - 3_600_000).toISOString();
  for (const [i, kind] of kinds.entries()) {
    await q(
      `INSERT INTO express_refund (case_id, buyer_id, merchant_id, amount_fen, policy_version, score,
         objection_deadline, objection, objection_decided_at, audit_reason, audit, audited_at, created_at)
       SELECT c.id, c.buyer_id, c.merchant_id, 3000, c.policy_version, 720, $2::timestamptz,
         CASE WHEN $3 = 'upheld' THEN 'upheld' END, CASE WHEN $3 = 'upheld' THEN $2::timestamptz END,
         CASE WHEN $3 <> 'upheld' THEN 'sample' END, CASE WHEN $3 <> 'upheld' THEN $3 END,
         CASE WHEN $3 <> 'upheld' THEN $2::timestamptz END, $2::timestamptz
       FROM refund_case c WHERE c.refund_no = $1`,
      [past[i], at, kind],
    );
  }
  await inTransaction(api.ctx.db, async (tx) => {
    if (findings.abusive + findings.upheld > 0)
      // as the audit's abusive finding and an upheld objection do
      await tx.execute(sql`UPDATE buyer_credit SET express_revoked = true WHERE user_id = ${userId}`);
    await refreshCredit(tx, userId, new Date());
  });
  return { client, userId, past };
}

async function paidOrder(who: HttpClient): Promise<string> {
  const { body: order } = await who.post('/api/orders', { productId, quantity: 1 });
  const paid = await who.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
  expect(paid.status, paid.text).toBe(200);
  return order.orderNo;
}

async function apply(who: HttpClient, orderNo: string) {
  const res = await who.post('/api/refunds', {
    orderNo,
    type: 'not_received',
    description: `订单号${orderNo}今天10点购买，卡密一直未收到，无法使用`,
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { refundNo: string; state: string };
}

async function assessment(refundNo: string) {
  const [a] = await q(
    `SELECT a.action, a.fired, a.signals FROM risk_assessment a JOIN refund_case c ON c.id = a.case_id
     WHERE c.refund_no = $1`,
    [refundNo],
  );
  return a as {
    action: string;
    fired: { id: string }[];
    signals: { values: Record<string, unknown>; evidence: Record<string, unknown> };
  };
}

describe('express findings in the risk step', () => {
  it('read as quiet for a buyer with none, or only fine audits', async () => {
    const { client } = await buyerWith({ abusive: 0, upheld: 0, fine: 1 });
    const c = await apply(client, await paidOrder(client));
    const a = await assessment(c.refundNo);
    expect(a.signals.values.expressFindings).toBe(0);
    expect(a.fired.map((f) => f.id)).not.toContain('R-EXPRESS-FINDING');
    expect(a.signals.evidence.expressFindings).toBeUndefined();
  });

  it('keep a buyer with one upheld objection out of express, with the evidence, but in normal review', async () => {
    const { client } = await buyerWith({ abusive: 0, upheld: 1 });
    const c = await apply(client, await paidOrder(client));
    expect(c.state).toBe('submitted');
    const a = await assessment(c.refundNo);
    expect(a.action).toBe('no_express');
    expect(a.fired.map((f) => f.id)).toEqual(['R-EXPRESS-FINDING']);
    expect(a.signals.values.expressFindings).toBe(1);
    expect(a.signals.evidence.expressFindings).toEqual({ abusive: 0, upheld: 1, expressRevoked: true });
  });

  it('hold each new claim of a buyer found abusive in the audit and with an objection upheld; the reviewer sees which cases', async () => {
    const { client, past } = await buyerWith({ abusive: 1, upheld: 1 });
    const c = await apply(client, await paidOrder(client));
    expect(c.state).toBe('risk_hold');
    const a = await assessment(c.refundNo);
    expect(a.action).toBe('hold');
    expect(a.fired.map((f) => f.id)).toEqual(['R-EXPRESS-FINDING', 'R-EXPRESS-REPEAT']);
    const risk = await agent.get(`/api/review/${c.refundNo}/risk`);
    expect(risk.status, risk.text).toBe(200);
    const signal = risk.body.signals.find((s: { id: string }) => s.id === 'expressFindings');
    expect(signal).toMatchObject({ value: 2, kind: 'count' });
    expect(signal.evidence).toMatchObject({ abusive: 1, upheld: 1, expressRevoked: true });
    expect([...signal.evidence.foundCases].sort()).toEqual([...past].sort());
    // The buyer is told the case needs a check, not which rule fired.
    const { body } = await client.get(`/api/refunds/${c.refundNo}`);
    expect(JSON.stringify(body)).not.toContain('R-EXPRESS');
  });

  it('are judged by the what-if from the signals recorded at submission', async () => {
    const lenient = {
      ...DEFAULT_RISK_RULES,
      rules: DEFAULT_RISK_RULES.rules.map((r) =>
        r.id === 'R-EXPRESS-REPEAT' ? { ...r, enabled: false } : r,
      ),
    };
    const sim = await admin.post('/api/admin/risk/simulate', { document: lenient, days: 90 });
    expect(sim.status, sim.text).toBe(200);
    expect(sim.body.current.held).toBe(1);
    expect(sim.body.draft.held).toBe(0);
    expect(sim.body.released).toHaveLength(1);
    expect(sim.body.rules.find((r: { id: string }) => r.id === 'R-EXPRESS-FINDING')).toMatchObject({
      fired: 2,
    });
  });
});
