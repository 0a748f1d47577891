import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { fundGuarantee, notReceived, trustedBuyer, undelivered, until } from '../helpers/express.ts';
import { addKeys, demoIds, makeBuyers, makeProduct, setBalance } from '../helpers/factories.ts';

// Issue 16: an express refund (极速退款) found wrong is the platform's loss, recovered from the buyer
// only with their consent — told by 站内信 and on the case page, they agree (balance first, the rest
// through a payment channel) or refuse with a reason. Over HTTP, with the payout workers running.

let api: Awaited<ReturnType<typeof startTestApi>>;
let stocked: number;
let empty: number;
let merchant: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;
const q = async (text: string, params: unknown[] = []) =>
  (await api.db.database.pool.query(text, params)).rows;

beforeAll(async () => {
  api = await startTestApi({}, { workers: true });
  const { merchantId } = await demoIds(api.ctx);
  stocked = await makeProduct(api.ctx, { merchantId, priceFen: 5000 });
  await addKeys(api.ctx, stocked, 100);
  empty = await makeProduct(api.ctx, { merchantId, priceFen: 3000 });
  await fundGuarantee(api.ctx, 1_000_000, 'test:guarantee:recovery');
  const signIn = async (u: string) => {
    const c = api.client();
    await c.login(u);
    return c;
  };
  merchant = await signIn('merchant');
  supervisor = await signIn('supervisor');
  admin = await signIn('admin');
});
afterAll(() => api.stop());

/** An express refund of 30 元 paid out, objected to with proof and upheld by a supervisor. */
async function upheldCase(): Promise<{ client: HttpClient; userId: number; refundNo: string }> {
  const { client, userId } = await trustedBuyer(api, stocked);
  const [orderNo] = (await undelivered(api, client, empty, 1)) as [string];
  const submitted = await client.post('/api/refunds', notReceived(orderNo));
  expect(submitted.body).toMatchObject({ express: true });
  const { refundNo } = submitted.body;
  const done = await until(
    async () => (await client.get(`/api/refunds/${refundNo}`)).body,
    (c) => c.state === 'refunded',
  );
  expect(done.state).toBe('refunded');
  const proof = '提取记录显示该卡密已于付款后 2 分钟被查看';
  expect((await merchant.post(`/api/merchant/refunds/${refundNo}/express-objection`, { proof })).status).toBe(
    200,
  );
  const decided = await supervisor.post(`/api/review/express-objections/${refundNo}`, {
    upheld: true,
    reason: '提取记录属实，退款有误',
  });
  expect(decided.status, decided.text).toBe(200);
  return { client, userId, refundNo };
}

const recoveryTxns = (refundNo: string) =>
  q(
    `SELECT t.id, a.path, p.amount_fen::int AS fen FROM ledger_txn t
     JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id
     WHERE t.kind = 'recovery' AND t.ref = $1 ORDER BY a.path`,
    [`express-recovery:XR${refundNo.slice(1)}`],
  );

async function walletOf(userId: number): Promise<{ wallet: number; ledger: number }> {
  const [w] = await q('SELECT balance_fen::int AS fen FROM wallet WHERE user_id = $1', [userId]);
  const [l] = await q('SELECT balance_fen::int AS fen FROM ledger_account WHERE path = $1', [
    `buyer:${userId}:balance`,
  ]);
  return { wallet: w?.fen ?? 0, ledger: l?.fen ?? 0 };
}

async function ledgerBalanced() {
  const [s] = await q('SELECT coalesce(sum(amount_fen), 0)::bigint AS s FROM ledger_posting');
  expect(Number(s.s)).toBe(0);
}

describe('recovering an upheld express loss, with the buyer’s consent', () => {
  it('asks the buyer — 站内信 and the case page say what happened, the amount and why — and takes nothing', async () => {
    const { client, userId, refundNo } = await upheldCase();
    await setBalance(api.ctx, userId, 1000);
    const inbox = (await client.get('/api/messages')).body.items as {
      title: { zh: string };
      body: { zh: string };
    }[];
    const asked = inbox.find((m) => m.title.zh.includes(refundNo) && m.title.zh.includes('退还'));
    expect(asked?.title.zh).toContain('¥30.00');
    expect(asked?.body.zh).toContain('提取记录属实');
    expect(asked?.body.zh).toContain('未经您同意');
    const view = await client.get(`/api/refunds/${refundNo}/express-recovery`);
    expect(view.status, view.text).toBe(200);
    expect(view.body.recovery).toMatchObject({
      recoveryNo: `XR${refundNo.slice(1)}`,
      state: 'requested',
      lossFen: 3000,
      objection: { proof: expect.stringContaining('提取记录'), finding: '提取记录属实，退款有误' },
      balanceFen: 1000,
      plan: { fromBalanceFen: 1000, fromChannelFen: 2000 },
    });
    const c = (await client.get(`/api/refunds/${refundNo}`)).body;
    expect(c.timeline.map((e: { kind: string }) => e.kind).slice(-2)).toEqual([
      'express_objection_upheld',
      'express_recovery_requested',
    ]);
    expect(await recoveryTxns(refundNo)).toEqual([]);
    expect(await walletOf(userId)).toEqual({ wallet: 1000, ledger: 1000 });

    // Only the buyer, only their own case; bad input is a 4xx with a code.
    const [otherName] = await makeBuyers(api.ctx, `recovery-other-${Date.now()}`, 1);
    const other = api.client();
    await other.login(otherName!);
    for (const path of ['', '/consent', '/refuse']) {
      const res = path
        ? await other.post(`/api/refunds/${refundNo}/express-recovery${path}`, { reason: '不是我的' })
        : await other.get(`/api/refunds/${refundNo}/express-recovery`);
      expect(res.status, path).toBe(404);
    }
    expect((await merchant.get(`/api/refunds/${refundNo}/express-recovery`)).status).toBe(403);
    const bad = await client.post(`/api/refunds/${refundNo}/express-recovery/consent`, { channel: 'paypal' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REQUEST.VALIDATION');
    expect(
      (await client.post(`/api/refunds/${refundNo}/express-recovery/refuse`, { reason: ' ' })).status,
    ).toBe(400);
    // A case with nothing to return says so.
    const [plainOrder] = (await undelivered(api, client, empty, 1)) as [string];
    const plain = await client.post('/api/refunds', notReceived(plainOrder));
    expect((await client.get(`/api/refunds/${plain.body.refundNo}/express-recovery`)).body).toEqual({
      recovery: null,
    });
    const none = await client.post(`/api/refunds/${plain.body.refundNo}/express-recovery/consent`, {});
    expect(none.status).toBe(409);
    expect(none.body.error).toMatchObject({ code: 'EXPRESS.NO_RECOVERY', message: expect.any(String) });
  });

  it('on consent takes the balance first and the rest through Alipay, into the guarantee fund, once', async () => {
    const { client, userId, refundNo } = await upheldCase();
    await setBalance(api.ctx, userId, 1000);
    const noChannel = await client.post(`/api/refunds/${refundNo}/express-recovery/consent`, {});
    expect(noChannel.status).toBe(422);
    expect(noChannel.body.error.code).toBe('EXPRESS.RECOVERY_CHANNEL_REQUIRED');
    expect(await recoveryTxns(refundNo)).toEqual([]);
    const [guaranteeBefore] = await q(
      `SELECT balance_fen::int AS fen FROM ledger_account WHERE path = 'platform:guarantee'`,
    );

    const agreed = await client.post(`/api/refunds/${refundNo}/express-recovery/consent`, {
      channel: 'alipay',
    });
    expect(agreed.status, agreed.text).toBe(200);
    expect(agreed.body.recovery).toMatchObject({
      state: 'recovered',
      fromBalanceFen: 1000,
      fromChannelFen: 2000,
      channel: 'alipay',
      channelTradeNo: expect.any(String),
      balanceFen: null,
      plan: null,
    });
    expect(await recoveryTxns(refundNo)).toEqual([
      { id: expect.anything(), path: `buyer:${userId}:balance`, fen: -1000 },
      { id: expect.anything(), path: 'channel:alipay:clearing', fen: -2000 },
      { id: expect.anything(), path: 'platform:guarantee', fen: 3000 },
    ]);
    const [guaranteeAfter] = await q(
      `SELECT balance_fen::int AS fen FROM ledger_account WHERE path = 'platform:guarantee'`,
    );
    expect(guaranteeAfter.fen - guaranteeBefore.fen).toBe(3000);
    expect(await walletOf(userId)).toEqual({ wallet: 0, ledger: 0 });
    await ledgerBalanced();

    // Answering again changes nothing; refusing now is refused.
    const again = await client.post(`/api/refunds/${refundNo}/express-recovery/consent`, {
      channel: 'wechatpay',
    });
    expect(again.status).toBe(200);
    expect(again.body.recovery).toMatchObject({
      state: 'recovered',
      channel: 'alipay',
      fromChannelFen: 2000,
    });
    const late = await client.post(`/api/refunds/${refundNo}/express-recovery/refuse`, {
      reason: '改主意了',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('EXPRESS.RECOVERY_DECIDED');
    expect(await recoveryTxns(refundNo)).toHaveLength(3);

    const c = (await client.get(`/api/refunds/${refundNo}`)).body;
    const tail = c.timeline.slice(-2) as { kind: string; actorRole: string; textZh: string }[];
    expect(tail.map((e) => [e.kind, e.actorRole])).toEqual([
      ['express_recovery_consented', 'buyer'],
      ['express_recovered', 'system'],
    ]);
    expect(tail[1]!.textZh).toContain('¥30.00（余额 ¥10.00，支付宝 ¥20.00）');
    const [audit] = await q(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject = $1 AND action IN ('refund.express_recovery_consented', 'refund.express_recovered')`,
      [`refund:${refundNo}`],
    );
    expect(audit.n).toBe(2);
    // The buyer keeps no express eligibility for having returned it.
    expect((await client.get('/api/me/credit')).body.express.revoked).toBe(true);
  });

  it('takes it exactly once under 20 concurrent consents (real PostgreSQL row locks)', async () => {
    const { client, userId, refundNo } = await upheldCase();
    await setBalance(api.ctx, userId, 100_000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => client.post(`/api/refunds/${refundNo}/express-recovery/consent`, {})),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.every((a) => a.body.recovery.state === 'recovered')).toBe(true);
    expect(await recoveryTxns(refundNo)).toEqual([
      { id: expect.anything(), path: `buyer:${userId}:balance`, fen: -3000 },
      { id: expect.anything(), path: 'platform:guarantee', fen: 3000 },
    ]);
    expect(await walletOf(userId)).toEqual({ wallet: 97_000, ledger: 97_000 });
    const events = (await client.get(`/api/refunds/${refundNo}`)).body.timeline.filter(
      (e: { kind: string }) => e.kind.startsWith('express_recover'),
    );
    expect(events.map((e: { kind: string }) => e.kind)).toEqual([
      'express_recovery_requested',
      'express_recovery_consented',
      'express_recovered',
    ]);
    await ledgerBalanced();
  });

  it('on refusal records the reason, takes nothing, tells the supervisors, and the admins see it', async () => {
    const { client, userId, refundNo } = await upheldCase();
    await setBalance(api.ctx, userId, 50_000);
    const reason = '我确实没有收到卡密，提取记录不是我本人操作';
    const refused = await client.post(`/api/refunds/${refundNo}/express-recovery/refuse`, { reason });
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body.recovery).toMatchObject({
      state: 'refused',
      refusalReason: reason,
      fromBalanceFen: 0,
    });
    expect(await recoveryTxns(refundNo)).toEqual([]);
    expect(await walletOf(userId)).toEqual({ wallet: 50_000, ledger: 50_000 });
    const consent = await client.post(`/api/refunds/${refundNo}/express-recovery/consent`, {});
    expect(consent.status).toBe(409);
    expect(consent.body.error.code).toBe('EXPRESS.RECOVERY_DECIDED');
    expect((await client.post(`/api/refunds/${refundNo}/express-recovery/refuse`, { reason })).status).toBe(
      200,
    );

    const inbox = (await supervisor.get('/api/messages')).body.items as {
      title: { zh: string };
      body: { zh: string };
    }[];
    expect(
      inbox.find((m) => m.title.zh.includes(refundNo) && m.title.zh.includes('不同意'))?.body.zh,
    ).toContain(reason);
    const last = (await client.get(`/api/refunds/${refundNo}`)).body.timeline.at(-1);
    expect(last).toMatchObject({ kind: 'express_recovery_refused', actorRole: 'buyer', reason });

    const list = await admin.get('/api/admin/express/recoveries?state=refused');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ refundNo, state: 'refused', refusalReason: reason, lossFen: 3000 }),
    );
    const all = (await supervisor.get('/api/admin/express/recoveries')).body;
    const [truth] = await q(
      `SELECT count(*) FILTER (WHERE state = 'recovered')::int AS recovered, count(*) FILTER (WHERE state = 'refused')::int AS refused FROM express_recovery`,
    );
    expect(all.totals.recovered.count).toBe(truth.recovered);
    expect(all.totals.refused).toEqual({ count: truth.refused, fen: truth.refused * 3000 });
    // The loss the admins' figures show, and what of it came back.
    const figures = (await admin.get('/api/admin/express?days=30')).body;
    expect(figures.recoveredFen).toBe(truth.recovered * 3000);
    expect(figures.lossFen).toBeGreaterThanOrEqual(figures.recoveredFen + truth.refused * 3000);
    expect((await client.get('/api/admin/express/recoveries')).status).toBe(403);
    expect((await admin.get('/api/admin/express/recoveries?state=lost')).status).toBe(400);
  });

  it('asks nothing back before the refund reached the buyer', async () => {
    const { client, refundNo } = await upheldCase();
    await q(`UPDATE refund_case SET state = 'refund_failed' WHERE refund_no = $1`, [refundNo]);
    try {
      const res = await client.post(`/api/refunds/${refundNo}/express-recovery/consent`, {
        channel: 'alipay',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('EXPRESS.RECOVERY_NOT_REFUNDED');
      expect(await recoveryTxns(refundNo)).toEqual([]);
    } finally {
      await q(`UPDATE refund_case SET state = 'refunded' WHERE refund_no = $1`, [refundNo]);
    }
  });
});
