import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTopup } from '../../src/modules/orders/run-topup.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let admin: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  admin = api.client();
  await admin.login('admin');
});
afterAll(() => api.stop());

async function paidKeyOrder(priceFen: number): Promise<{ orderNo: string; keyId: number }> {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(api.ctx, productId, 1);
  const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
  const paid = await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'alipay' });
  return { orderNo: body.orderNo, keyId: paid.body.cardKeys[0].id };
}

const quote = (orderNo: string, type: string, who = buyer) =>
  who.post('/api/refunds/quote', { orderNo, type });

async function submit(orderNo: string, type: string) {
  const res = await buyer.post('/api/refunds', {
    orderNo,
    type,
    description: `订单号${orderNo}今天10点购买，卡密面值与描述不符`,
  });
  expect(res.status, res.text).toBe(201);
}

describe('quotes from the policy in force', () => {
  it('refunds a delivered, unrevealed key minus the 5% platform fee', async () => {
    const { orderNo } = await paidKeyOrder(10_000);
    const q = await quote(orderNo, 'not_as_described');
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({
      eligible: true,
      ruleId: 'V-UNUSED',
      grossFen: 10_000,
      amountFen: 9500,
      policyVersion: 1,
    });
    expect(q.body.fees).toEqual([expect.objectContaining({ id: 'PLATFORM-SERVICE', amountFen: 500 })]);
    expect(new Date(q.body.slaDeadline).getTime()).toBeGreaterThan(Date.now());
  });

  it("logs the buyer's quotes for the what-if, not an agent's or the shop's of the same order", async () => {
    const { orderNo } = await paidKeyOrder(2000);
    const logged = async () =>
      (
        await api.db.database.pool.query(
          'SELECT count(*)::int AS n FROM refund_quote_log l JOIN shop_order o ON o.id = l.order_id WHERE o.order_no = $1',
          [orderNo],
        )
      ).rows[0].n;
    for (const name of ['agent', 'merchant']) {
      const staff = api.client();
      await staff.login(name);
      expect((await quote(orderNo, 'not_as_described', staff)).status).toBe(200);
    }
    expect(await logged()).toBe(0);
    await quote(orderNo, 'not_as_described');
    expect(await logged()).toBe(1);
  });

  it('refuses once the key was revealed, saying why', async () => {
    const { orderNo, keyId } = await paidKeyOrder(3000);
    await buyer.post(`/api/orders/${orderNo}/card-keys/${keyId}/reveal`, { action: 'reveal' });
    const q = await quote(orderNo, 'quality_issue');
    expect(q.body.eligible).toBe(false);
    expect(q.body.amountFen).toBe(0);
    expect(q.body.reasons[0].ruleId).toBe(q.body.ruleId);
  });

  it('refunds the part of a top-up that did not arrive: 50 ordered, 30 arrived → 2000 fen, no fee', async () => {
    await api.db.database.pool.query(
      "INSERT INTO supplier_scenario (account, outcome, arrived_units) VALUES ('q-partial', 'partial', 30)",
    );
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'direct_topup',
      priceFen: 5000,
      unitsPerItem: 50,
    });
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1, topupAccount: 'q-partial' });
    await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'wechatpay' });
    const id = (
      await api.db.database.pool.query('SELECT id FROM shop_order WHERE order_no = $1', [body.orderNo])
    ).rows[0].id;
    await runTopup({
      db: api.ctx.db,
      jobs: api.ctx.jobs,
      supplier: api.ctx.supplier,
      orderId: Number(id),
      now: () => new Date(),
    });
    const q = await quote(body.orderNo, 'partial_delivery');
    expect(q.body).toMatchObject({ eligible: true, ruleId: 'V-PARTIAL', amountFen: 2000, fees: [] });
  });

  it('names rule V-7D when a virtual order asks for 7-day no-reason', async () => {
    const { orderNo } = await paidKeyOrder(1000);
    const q = await quote(orderNo, 'no_reason_7d');
    expect(q.body).toMatchObject({ eligible: false, ruleId: 'V-7D' });
    expect(q.body.reasons[0].textZh).toContain('V-7D');
  });

  it('is ineligible for an unpaid cancelled order, 404 for another buyer, 400 for an unknown type', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 1);
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
    await buyer.post(`/api/orders/${body.orderNo}/cancel`);
    expect((await quote(body.orderNo, 'not_received')).body).toMatchObject({
      eligible: false,
      ruleId: 'ORDER-UNPAID',
    });
    const other = api.client();
    await other.login('buyer2');
    expect((await quote(body.orderNo, 'not_received', other)).status).toBe(404);
    expect((await quote(body.orderNo, 'changed_my_mind')).status).toBe(400);
  });
});

describe('the help-centre policy', () => {
  it('is public and lists every rule of the policy in force, in both languages', async () => {
    const res = await api.client().get('/api/policy');
    expect(res.status).toBe(200);
    const ids = (res.body.document.rules as { id: string }[]).map((r) => r.id);
    for (const lang of ['zh', 'en'] as const) {
      const text = JSON.stringify(res.body.text[lang]);
      for (const id of ids) expect(text, `${lang} ${id}`).toContain(id);
    }
  });
});

describe('admin policy editing', () => {
  it('rejects an invalid draft with the exact path, publishes a valid one, and quotes follow the new version', async () => {
    const { body: state } = await admin.get('/api/admin/policy');
    const doc = structuredClone(state.draft.document);
    doc.fees[0].rateBp = -5;
    const bad = await admin.request('PUT', '/api/admin/policy', { body: { document: doc } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('POLICY.INVALID');
    expect(bad.body.error.details.issues).toContainEqual({
      path: 'fees[0].rateBp',
      message: '数值过小：期望 number >=0',
    });

    const { orderNo } = await paidKeyOrder(10_000);
    doc.fees[0].rateBp = 1000;
    expect((await admin.request('PUT', '/api/admin/policy', { body: { document: doc } })).status).toBe(200);
    expect((await quote(orderNo, 'not_as_described')).body.amountFen).toBe(9500); // a draft changes nothing
    const published = await admin.post('/api/admin/policy/publish', { note: '服务费调整为 10%' });
    expect(published.body.version).toBe(2);
    expect((await quote(orderNo, 'not_as_described')).body).toMatchObject({
      amountFen: 9000,
      policyVersion: 2,
    });

    // Two admins roll back at once, both having seen v2 in force: one rollback, the other told to reload.
    const both = await Promise.all(
      [1, 2].map(() =>
        admin.post('/api/admin/policy/rollback', { version: 1, note: '回滚', currentVersion: 2 }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe('POLICY.STALE');
    const rolled = both.find((r) => r.status === 200)!;
    expect(rolled.body.version).toBe(3);
    expect((await quote(orderNo, 'not_as_described')).body).toMatchObject({
      amountFen: 9500,
      policyVersion: 3,
    });
    const versions = (await admin.get('/api/admin/policy/versions')).body.items;
    expect(versions.map((v: { version: number; basedOn: number | null }) => [v.version, v.basedOn])).toEqual([
      [3, 1],
      [2, 1],
      [1, null],
    ]);
    expect(versions[0].publishedBy).toBe('平台管理员');
    const audit = await api.db.database.pool.query(
      "SELECT action FROM audit_log WHERE action LIKE 'policy.%' ORDER BY id",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['policy.publish', 'policy.rollback']);
  });

  it('a calendar change and a draft published at the same moment both land, neither undoing the other', async () => {
    for (let i = 1; i <= 4; i++) {
      const { body: state } = await admin.get('/api/admin/policy');
      const doc = structuredClone(state.draft.document);
      doc.fees[0].rateBp = 700 + i;
      expect((await admin.request('PUT', '/api/admin/policy', { body: { document: doc } })).status).toBe(200);
      const { body: cal } = await admin.get('/api/admin/calendar');
      const day = `2026-12-${String(20 + i).padStart(2, '0')}`;
      const [published, calendar] = await Promise.all([
        admin.post('/api/admin/policy/publish', { note: `费率 ${700 + i}` }),
        admin.request('PUT', '/api/admin/calendar', {
          body: { ...cal.calendar, holidays: [...cal.calendar.holidays, day], note: `加一天 ${day}` },
        }),
      ]);
      expect([published.status, calendar.status]).toEqual([200, 200]);
      const { body: now } = await admin.get('/api/admin/policy');
      expect(now.current.document.fees[0].rateBp, `round ${i}`).toBe(700 + i);
      expect(now.current.document.calendar.holidays, `round ${i}`).toContain(day);
    }
  });

  it('keeps published versions immutable in the database', async () => {
    await expect(
      api.db.database.pool.query("UPDATE policy_version SET note = 'x' WHERE version = 1"),
    ).rejects.toThrow(/immutable/);
    await expect(api.db.database.pool.query('DELETE FROM policy_version WHERE version = 1')).rejects.toThrow(
      /immutable/,
    );
  });

  it('is for admins only', async () => {
    expect((await buyer.get('/api/admin/policy')).status).toBe(403);
    expect((await buyer.post('/api/admin/policy/publish', { note: 'x' })).status).toBe(403);
  });
});

describe('what-if simulation', () => {
  it('replays submitted cases under a draft and reports changes without writing anything', async () => {
    const { orderNo } = await paidKeyOrder(20_000);
    await quote(orderNo, 'not_as_described');
    await quote(orderNo, 'no_reason_7d');
    await submit(orderNo, 'not_as_described');
    const { body: state } = await admin.get('/api/admin/policy');
    const doc = structuredClone(state.current.document);
    doc.fees[0].rateBp = 2000;
    const count = async (table: string) =>
      (await api.db.database.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    // A timeline entry dated before the submission (a back-dated import, a seeded complaint) does not
    // make it the case's original quote: that is the submit event's (a 500 once, ruleId null).
    await api.db.database.pool.query(
      `INSERT INTO refund_case_event (case_id, kind, from_state, to_state, actor_role, data, at)
       SELECT c.id, 'complaint_filed', c.state, c.state, 'buyer', '{}', c.created_at - interval '1 hour'
       FROM refund_case c JOIN shop_order o ON o.id = c.order_id WHERE o.order_no = $1`,
      [orderNo],
    );
    const [log, cases] = [await count('refund_quote_log'), await count('refund_case')];
    const res = await admin.post('/api/admin/policy/simulate', { document: doc, days: 30 });
    expect(res.status).toBe(200);
    expect(res.body.cases).toBe(cases);
    // The quote the buyer only looked at (7-day, refused) is counted apart, not as a case.
    expect(res.body.quoteViews.count).toBeGreaterThanOrEqual(1);
    expect(res.body.changed).toBeGreaterThanOrEqual(1);
    expect(res.body.amountAfterFen).toBeLessThan(res.body.amountBeforeFen);
    const example = res.body.examples.find((e: { orderNo: string }) => e.orderNo === orderNo);
    expect(example).toMatchObject({ type: 'not_as_described', after: { amountFen: 16_000 } });
    expect(example.before.ruleId).toEqual(expect.any(String));
    expect([await count('refund_quote_log'), await count('refund_case')]).toEqual([log, cases]);
    const invalid = await admin.post('/api/admin/policy/simulate', { document: { rules: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('POLICY.INVALID');
    expect((await buyer.post('/api/admin/policy/simulate', { document: doc })).status).toBe(403);
  });
});

describe('kameng policy simulate', () => {
  it('prints what a draft file would change, and names the problems of an invalid one', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { spawnSync } = await import('node:child_process');
    const os = await import('node:os');
    const path = await import('node:path');
    const { orderNo } = await paidKeyOrder(10_000);
    await quote(orderNo, 'not_as_described');
    await submit(orderNo, 'not_as_described');
    const { body: state } = await admin.get('/api/admin/policy');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-draft-'));
    const draft = structuredClone(state.current.document);
    draft.fees[0].rateBp = 3000;
    await writeFile(path.join(dir, 'draft.json'), JSON.stringify(draft));
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify({ ...draft, rounding: 'sometimes' }));
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        ['bin/kameng.js', 'policy', 'simulate', '--draft', path.join(dir, file), '--days', '30'],
        {
          env: { ...process.env, DATABASE_URL: api.db.url, KAMENG_LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        },
      );
    const ok = run('draft.json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\d+ 个退款申请 submitted cases, [1-9]\d* 个结果变化 changed/);
    expect(ok.stdout).toMatch(/仅查看报价未申请/);
    expect(ok.stdout).toContain('not_as_described');
    const bad = run('bad.json');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('rounding');
  });
});
