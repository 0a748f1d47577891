import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RISK_RULES } from '../../src/core/risk/index.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct, setBalance } from '../helpers/factories.ts';

// Issue 14: risk control. Signals on every submission, rules as data, holds reviewed by people (never
// rejected by the system), the linked-accounts view, the admins' rules and what-if, /metrics.

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let agent: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;
let merchant: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  const signIn = async (u: string) => {
    const c = api.client();
    await c.login(u);
    return c;
  };
  buyer = await signIn('buyer');
  agent = await signIn('agent');
  supervisor = await signIn('supervisor');
  admin = await signIn('admin');
  merchant = await signIn('merchant');
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;

/** A paid card-key order of `keys` keys through the storefront, by `who`. */
async function keyOrder(who: HttpClient, keys = 1, priceFen = 3000, channel = 'balance') {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(api.ctx, productId, keys);
  const { body: order } = await who.post('/api/orders', { productId, quantity: keys });
  const paid = await who.post(`/api/orders/${order.orderNo}/pay`, { channel });
  expect(paid.status, paid.text).toBe(200);
  const { body } = await who.get(`/api/orders/${order.orderNo}`);
  return {
    orderNo: order.orderNo as string,
    keyIds: body.cardKeys.map((k: { id: number }) => k.id) as number[],
  };
}

async function apply(who: HttpClient, orderNo: string, type = 'not_received') {
  const res = await who.post('/api/refunds', {
    orderNo,
    type,
    description: `订单号${orderNo}今天10点购买，卡密一直未收到，无法使用`,
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { refundNo: string; version: number; state: string; waitingFor: { zh: string } };
}

async function claimAsAgent(refundNo: string): Promise<number> {
  const res = await agent.post(`/api/review/${refundNo}/claim`, {});
  expect(res.status, res.text).toBe(200);
  return res.body.version;
}

describe('an ordinary buyer', () => {
  it('is assessed on every submission and goes straight to review, with the signals kept', async () => {
    const { orderNo } = await keyOrder(buyer);
    const c = await apply(buyer, orderNo);
    expect(c.state).toBe('submitted');
    const [a] = await q(
      'SELECT a.action, a.score, a.rules_version, a.signals FROM risk_assessment a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [c.refundNo],
    );
    expect(a).toMatchObject({ action: 'none', score: 0, rules_version: 1 });
    expect(a.signals.values).toMatchObject({
      revealedKeysClaimed: 0,
      accountsSharingDevice: 0,
      orderPaidFen: 3000,
    });
    const risk = await agent.get(`/api/review/${c.refundNo}/risk`);
    expect(risk.status).toBe(200);
    expect(risk.body).toMatchObject({ held: false, assessed: true, action: 'none', rules: [] });
  });
});

describe('with risk control switched off (KAMENG_RISK_CONTROL=off)', () => {
  it('assesses and holds nothing', async () => {
    api.ctx.config.risk.enabled = false;
    try {
      const { orderNo, keyIds } = await keyOrder(buyer, 2);
      await buyer.post(`/api/orders/${orderNo}/card-keys/${keyIds[0]}/reveal`, { action: 'reveal' });
      const c = await apply(buyer, orderNo);
      expect(c.state).toBe('submitted');
      const rows = await q(
        'SELECT 1 FROM risk_assessment a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
        [c.refundNo],
      );
      expect(rows).toEqual([]);
      await buyer.post(`/api/refunds/${c.refundNo}/withdraw`, { reason: '测试完毕' });
    } finally {
      api.ctx.config.risk.enabled = true;
    }
  });
});

describe('a "not received" claim on a key the buyer revealed', () => {
  let refundNo: string;
  it('is held for a person, and the buyer is told what helps — not which rule fired', async () => {
    const { orderNo, keyIds } = await keyOrder(buyer, 2);
    expect(
      (await buyer.post(`/api/orders/${orderNo}/card-keys/${keyIds[0]}/reveal`, { action: 'reveal' })).status,
    ).toBe(200);
    const c = await apply(buyer, orderNo);
    refundNo = c.refundNo;
    expect(c.state).toBe('risk_hold');
    expect(c.waitingFor.zh).toContain('实名认证');
    const { body } = await buyer.get(`/api/refunds/${refundNo}`);
    expect(body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'flag_risk']);
    expect(JSON.stringify(body)).not.toContain('R-KEY-REVEALED');
    expect((await buyer.get(`/api/review/${refundNo}/risk`)).status).toBe(403);
    expect((await merchant.get(`/api/review/${refundNo}/risk`)).status).toBe(403);
    const risk = await agent.get(`/api/review/${refundNo}/risk`);
    expect(risk.body).toMatchObject({ held: true, action: 'hold', score: 50 });
    expect(risk.body.rules.map((r: { id: string }) => r.id)).toEqual(['R-KEY-REVEALED']);
    const signal = risk.body.signals.find((s: { id: string }) => s.id === 'revealedKeysClaimed');
    expect(signal).toMatchObject({ value: 1, evidence: { cardKeyIds: [keyIds[0]] } });
  });

  it('waits in the risk queue; the system never rejects it', async () => {
    const { body } = await agent.get('/api/review/queue?state=risk_hold');
    expect(body.items.map((i: { refundNo: string }) => i.refundNo)).toContain(refundNo);
    const [row] = await q('SELECT state FROM refund_case WHERE refund_no = $1', [refundNo]);
    expect(row.state).toBe('risk_hold');
  });

  it('asks the buyer for something with the clock paused, and the answer goes back to the risk review', async () => {
    const version = await claimAsAgent(refundNo);
    const asked = await agent.post(`/api/review/${refundNo}/request-info`, {
      reason: '请完成实名认证并附上账户记录',
      expectedVersion: version,
    });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body.state).toBe('info_requested');
    const answered = await buyer.post(`/api/refunds/${refundNo}/supplement`, { text: '已完成实名认证' });
    expect(answered.status, answered.text).toBe(200);
    const { body } = await buyer.get(`/api/refunds/${refundNo}`);
    expect(body.state).toBe('risk_hold');
    expect(body.actions).not.toContain('supplement_risk');
  });

  it('is cleared by a person back to normal review, counted per rule at /metrics', async () => {
    const { body: c } = await agent.get(`/api/review/${refundNo}`);
    const version = c.assignee ? c.version : await claimAsAgent(refundNo);
    const cleared = await agent.post(`/api/review/${refundNo}/clear-risk`, {
      note: '核对提取记录：查看的是另一张卡密',
      expectedVersion: version,
    });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body.state).toBe('submitted');
    expect(cleared.body.timeline.at(-1)).toMatchObject({ kind: 'clear_risk', actorRole: 'agent' });
    const metrics = await api.client().get('/metrics');
    expect(metrics.text).toMatch(/kameng_risk_rule_outcomes\{rule="R-KEY-REVEALED",outcome="hold"\} [1-9]/);
    expect(metrics.text).toMatch(/kameng_risk_rule_outcomes\{rule="R-KEY-REVEALED",outcome="clear"\} 1/);
    // Clearing twice is refused: the case is no longer held.
    const again = await agent.post(`/api/review/${refundNo}/clear-risk`, {
      note: '再次解除',
      expectedVersion: cleared.body.version,
    });
    expect(again.status).toBe(409);
  });

  it('can be rejected for risk only while held, by a person, and the buyer may appeal', async () => {
    const notHeld = (await buyer.get('/api/refunds')).body.items.find(
      (i: { state: string }) => i.state === 'submitted',
    );
    const v1 = await claimAsAgent(notHeld.refundNo);
    const refused = await agent.post(`/api/review/${notHeld.refundNo}/reject`, {
      reasonCode: 'RISK',
      text: '风控',
      expectedVersion: v1,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RISK.NOT_HELD');

    const { orderNo, keyIds } = await keyOrder(buyer, 2);
    await buyer.post(`/api/orders/${orderNo}/card-keys/${keyIds[1]}/reveal`, { action: 'reveal' });
    const held = await apply(buyer, orderNo);
    const v2 = await claimAsAgent(held.refundNo);
    const rejected = await agent.post(`/api/review/${held.refundNo}/reject`, {
      reasonCode: 'RISK',
      text: '提取记录与申请不符',
      expectedVersion: v2,
    });
    expect(rejected.status, rejected.text).toBe(200);
    const { body } = await buyer.get(`/api/refunds/${held.refundNo}`);
    expect(body.rejectReason.code).toBe('RISK');
    expect(body.actions).toContain('appeal');
    const metrics = await api.client().get('/metrics');
    expect(metrics.text).toMatch(/kameng_risk_rule_outcomes\{rule="R-KEY-REVEALED",outcome="reject"\} 1/);
  });
});

describe('an abuse ring: 10 accounts behind one Alipay account and one device, each claiming "not received" on revealed keys', () => {
  it('is held on every case, and the reviewer sees all 10 accounts linked', async () => {
    const names = await makeBuyers(api.ctx, 'ring', 10);
    const device = 'ringDEVICEringDEVICE01';
    const ring: HttpClient[] = [];
    const userIds: number[] = [];
    for (const name of names) {
      const c = api.client();
      c.setCookie('kameng_device', device);
      await c.login(name);
      const [{ id }] = await q('SELECT id FROM app_user WHERE username = $1', [name]);
      userIds.push(Number(id));
      ring.push(c);
    }
    // They all pay from one Alipay account (the simulator's persona "ring-1").
    await api.ctx.demoBuyer!.payAs(userIds, 'ring-1');
    const cases: string[] = [];
    for (const c of ring) {
      const { orderNo, keyIds } = await keyOrder(c, 2, 3000, 'alipay');
      await c.post(`/api/orders/${orderNo}/card-keys/${keyIds[0]}/reveal`, { action: 'reveal' });
      const opened = await apply(c, orderNo);
      expect(opened.state).toBe('risk_hold');
      cases.push(opened.refundNo);
    }
    const last = await supervisor.get(`/api/review/${cases.at(-1)}/risk`);
    expect(last.body.rules.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(['R-KEY-REVEALED', 'R-SHARED-PAYER', 'R-SHARED-DEVICE']),
    );
    const linked = last.body.linkedAccounts as {
      username: string;
      via: { kind: string }[];
      cases: { held: number };
    }[];
    expect(linked.map((l) => l.username).sort()).toEqual(names.slice(0, 9).sort());
    expect(
      linked.every((l) => l.via.map((v) => v.kind).join() === 'payer,device' && l.cases.held === 1),
    ).toBe(true);
    // The device id is shown shortened, never whole.
    expect(JSON.stringify(last.body)).not.toContain(device);
  });

  it('does not link an honest buyer who never shared a device', async () => {
    const { orderNo } = await keyOrder(buyer);
    const c = await apply(buyer, orderNo);
    const risk = await agent.get(`/api/review/${c.refundNo}/risk`);
    expect(
      risk.body.linkedAccounts.filter((l: { username: string }) => l.username.startsWith('ring')),
    ).toEqual([]);
  });
});

describe('risk rules as versioned data', () => {
  it('are shown with the signals a rule can read; only admins see or change them', async () => {
    const { status, body } = await admin.get('/api/admin/risk/rules');
    expect(status).toBe(200);
    expect(body.version).toBe(1);
    expect(body.document.rules).toHaveLength(DEFAULT_RISK_RULES.rules.length);
    expect(body.signals.map((s: { id: string }) => s.id)).toContain('accountsSharingPayer');
    expect((await agent.get('/api/admin/risk/rules')).status).toBe(403);
    expect(
      (await buyer.put('/api/admin/risk/rules', { document: body.document, note: 'x', basedOn: 1 })).status,
    ).toBe(403);
  });

  it('refuse an invalid document with the issues and where, and an edit of an old version', async () => {
    const bad = await admin.put('/api/admin/risk/rules', {
      document: {
        holdScore: 60,
        rules: [{ ...DEFAULT_RISK_RULES.rules[0], when: { signal: 'nope', op: 'gt', value: 1 } }],
      },
      note: '坏规则',
      basedOn: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('RISK.RULES_INVALID');
    expect(bad.body.error.details.issues[0].path).toMatch(/^rules\[0\]\.when/);
    const stale = await admin.put('/api/admin/risk/rules', {
      document: DEFAULT_RISK_RULES,
      note: '旧',
      basedOn: 0,
    });
    expect(stale.status).toBe(409);
  });

  it('simulate a draft over the last 90 days before publishing: holds, later approvals, per rule', async () => {
    const stricter = {
      ...DEFAULT_RISK_RULES,
      rules: DEFAULT_RISK_RULES.rules.map((r) => (r.id === 'R-KEY-REVEALED' ? { ...r, enabled: false } : r)),
    };
    const sim = await admin.post('/api/admin/risk/simulate', { document: stricter, days: 90 });
    expect(sim.status, sim.text).toBe(200);
    const [{ n }] = await q('SELECT count(*)::int AS n FROM risk_assessment');
    expect(sim.body.cases).toBe(n);
    // In force: the 2 single holds + the 10 ring cases; without R-KEY-REVEALED the ring (one device
    // behind 10 accounts, all signed in before they claimed) stays held, the two single holds do not.
    expect(sim.body.current.held).toBe(12);
    expect(sim.body.draft.held).toBe(10);
    expect(sim.body.current).toMatchObject({ decided: 1, laterApproved: 0 });
    expect(sim.body.released.length).toBe(2);
    expect(sim.body.newlyHeld).toEqual([]);
    expect(sim.body.rules.find((r: { id: string }) => r.id === 'R-SHARED-DEVICE')).toMatchObject({
      fired: 10,
      held: 10,
    });
  });

  it('publish, apply to the next submission, list versions and roll back', async () => {
    const lenient = {
      ...DEFAULT_RISK_RULES,
      rules: DEFAULT_RISK_RULES.rules.filter((r) => r.id !== 'R-KEY-REVEALED'),
    };
    const pub = await admin.put('/api/admin/risk/rules', {
      document: lenient,
      note: '停用 R-KEY-REVEALED',
      basedOn: 1,
    });
    expect(pub.status, pub.text).toBe(200);
    expect(pub.body.version).toBe(2);
    const { orderNo, keyIds } = await keyOrder(buyer, 2);
    await buyer.post(`/api/orders/${orderNo}/card-keys/${keyIds[0]}/reveal`, { action: 'reveal' });
    const c = await apply(buyer, orderNo);
    expect(c.state).toBe('submitted');
    const [a] = await q(
      'SELECT a.rules_version FROM risk_assessment a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [c.refundNo],
    );
    expect(a.rules_version).toBe(2);
    const versions = await admin.get('/api/admin/risk/rules/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const back = await admin.put('/api/admin/risk/rules', {
      document: versions.body.items[1].document,
      note: '回滚到 v1',
      basedOn: 2,
    });
    expect(back.body.version).toBe(3);
    const [audit] = await q("SELECT count(*)::int AS n FROM audit_log WHERE action = 'risk.rules_publish'");
    expect(audit.n).toBe(2);
  });
});
