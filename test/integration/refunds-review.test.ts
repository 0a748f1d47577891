import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let agent: HttpClient;
let agent2: HttpClient;
let supervisor: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  await api.db.database.pool.query(
    "INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('agent2', '客服小李', 'agent', $1)",
    [await hashPassword('kameng-demo')],
  );
  buyer = api.client();
  await buyer.login('buyer');
  agent = api.client();
  await agent.login('agent');
  agent2 = api.client();
  await agent2.login('agent2');
  supervisor = api.client();
  await supervisor.login('supervisor');
});
afterAll(() => api.stop());

async function openCase(priceFen = 10_000): Promise<{ refundNo: string; version: number; orderNo: string }> {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(api.ctx, productId, 1);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
  await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'alipay' });
  const description = `订单号${order.orderNo}今天10点购买，卡密与描述不符，面值显示错误`;
  const { body } = await buyer.post('/api/refunds', {
    orderNo: order.orderNo,
    type: 'not_as_described',
    description,
  });
  return { refundNo: body.refundNo, version: body.version, orderNo: order.orderNo };
}

describe('reviewing a case', () => {
  it('claim → request info → supplement → partial approval hands over to payout, every step on the timeline', async () => {
    const c = await openCase();
    const noClaim = await agent.post(`/api/review/${c.refundNo}/request-info`, {
      reason: '请上传卡密页面截图',
      expectedVersion: c.version,
    });
    expect(noClaim.body.error.code).toBe('REFUND.CLAIM_REQUIRED');
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    expect(claimed.status).toBe(200);
    expect((await agent2.post(`/api/review/${c.refundNo}/claim`)).body.error.code).toBe(
      'REFUND.CLAIMED_BY_OTHER',
    );
    const stale = await agent.post(`/api/review/${c.refundNo}/request-info`, {
      reason: '请上传卡密页面截图',
      expectedVersion: c.version,
    });
    expect(stale.body.error.code).toBe('REFUND.STALE');
    const asked = await agent.post(`/api/review/${c.refundNo}/request-info`, {
      reason: '请上传卡密页面截图',
      expectedVersion: claimed.body.version,
    });
    expect(asked.body.state).toBe('info_requested');
    const seenByBuyer = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(seenByBuyer.body.actions).toEqual(['supplement', 'withdraw', 'dispute_fee', 'add_evidence']);
    expect(seenByBuyer.body.timeline.at(-1).reason).toBe('请上传卡密页面截图');
    const supplemented = await buyer.post(`/api/refunds/${c.refundNo}/supplement`, {
      text: '已补充：卡密页面显示面值 30 元而非 50 元',
    });
    expect(supplemented.body.state).toBe('submitted');
    const tooMuch = await agent.post(`/api/review/${c.refundNo}/approve`, {
      amountFen: 9501,
      expectedVersion: supplemented.body.version,
    });
    expect(tooMuch.body.error).toMatchObject({
      code: 'REFUND.AMOUNT_EXCEEDS_ALLOWED',
      details: { maxFen: 9500 },
    });
    const approved = await agent.post(`/api/review/${c.refundNo}/approve`, {
      amountFen: 5000,
      note: '部分退款',
      expectedVersion: supplemented.body.version,
    });
    expect(approved.body.state).toBe('refunding');
    expect(approved.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'submit',
      'claim',
      'request_info',
      'supplement',
      'approve',
      'start_payout',
    ]);
    // Handed over to payout: the attempt (for the approved amount) and its job, written with the approval.
    const attempt = await api.db.database.pool.query(
      'SELECT a.id, a.amount_fen FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [c.refundNo],
    );
    expect(attempt.rows).toHaveLength(1);
    expect(Number(attempt.rows[0].amount_fen)).toBe(5000);
    const job = await api.db.database.pool.query(
      "SELECT data FROM pgboss.job WHERE name = 'payout.run' AND data->>'attemptId' = $1",
      [String(attempt.rows[0].id)],
    );
    expect(job.rows).toHaveLength(1);
    const row = await api.db.database.pool.query(
      'SELECT approved_fen FROM refund_case WHERE refund_no = $1',
      [c.refundNo],
    );
    expect(Number(row.rows[0].approved_fen)).toBe(5000);
    // Approved is past withdrawal.
    expect((await buyer.post(`/api/refunds/${c.refundNo}/withdraw`, {})).body.error.code).toBe(
      'REFUND.ILLEGAL_TRANSITION',
    );
  });

  it('rejects with a reason code the buyer sees in words', async () => {
    const c = await openCase();
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    const rejected = await agent.post(`/api/review/${c.refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '截图未显示订单号',
      expectedVersion: claimed.body.version,
    });
    expect(rejected.body.state).toBe('rejected');
    const seen = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(seen.body.timeline.at(-1).reason).toBe('凭证不足或不清晰，无法证明问题存在。截图未显示订单号');
    expect(
      (
        await agent.post(`/api/review/${c.refundNo}/reject`, {
          reasonCode: 'NOPE',
          text: 'x x',
          expectedVersion: 1,
        })
      ).status,
    ).toBe(400);
  });

  it('lets a supervisor decide without a claim, and keeps buyers and merchants out of the queue', async () => {
    const c = await openCase();
    const decided = await supervisor.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: c.version,
    });
    expect(decided.body.state).toBe('refunding');
    expect((await buyer.get('/api/review/queue')).status).toBe(403);
    const merchant = api.client();
    await merchant.login('merchant');
    expect((await merchant.post(`/api/review/${c.refundNo}/claim`)).status).toBe(403);
  });

  it('orders the queue by priority, then by the nearest deadline', async () => {
    const a = await openCase();
    const b = await openCase();
    await api.db.database.pool.query(
      "UPDATE refund_case SET sla_deadline = now() - interval '1 day' WHERE refund_no = $1",
      [b.refundNo],
    );
    await api.db.database.pool.query('UPDATE refund_case SET priority = 10 WHERE refund_no = $1', [
      a.refundNo,
    ]);
    const queue = (await agent.get('/api/review/queue')).body.items.map(
      (i: { refundNo: string }) => i.refundNo,
    );
    expect(queue.indexOf(a.refundNo)).toBeLessThan(queue.indexOf(b.refundNo));
    const overdue = (await agent.get('/api/review/queue?overdue=true')).body.items;
    expect(overdue.map((i: { refundNo: string }) => i.refundNo)).toContain(b.refundNo);
    expect(overdue.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
  });
});
