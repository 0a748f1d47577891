import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
import type { SimulatedSmsSender } from '../../src/modules/identity/simulated-sms.ts';
import { REVEALS_PER_HOUR } from '../../src/modules/refunds/buyer-contact.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { uploadPng } from '../helpers/evidence.ts';
import { addKeys, demoIds, makeMerchant, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let merchant: HttpClient;
let otherShop: HttpClient;
let agent: HttpClient;
let supervisor: HttpClient;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  await makeMerchant(api.ctx, 'conv-other-shop');
  buyer = api.client();
  await buyer.login('buyer');
  buyer2 = api.client();
  await buyer2.login('buyer2');
  merchant = api.client();
  await merchant.login('merchant');
  otherShop = api.client();
  await otherShop.login('conv-other-shop');
  agent = api.client();
  await agent.login('agent');
  supervisor = api.client();
  await supervisor.login('supervisor');
});
afterAll(() => api.stop());
afterEach(() => {
  api.ctx.now = () => new Date();
});
const at = (ms: number) => {
  api.ctx.now = () => new Date(ms);
};
const q = (text: string, values: unknown[] = []) => api.db.database.pool.query(text, values);

async function openCase(): Promise<{ refundNo: string; slaDeadline: string }> {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 10_000 });
  await addKeys(api.ctx, productId, 1);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
  await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'alipay' });
  const { body } = await buyer.post('/api/refunds', {
    orderNo: order.orderNo,
    type: 'not_as_described',
    description: `订单号${order.orderNo}今天10点购买，卡密与描述不符，面值显示错误`,
  });
  expect(body.state).toBe('submitted');
  return { refundNo: body.refundNo, slaDeadline: body.slaDeadline };
}

const inboxAbout = async (who: HttpClient, refundNo: string) =>
  (await who.get('/api/messages')).body.items.filter(
    (m: { kind: string; link: string; readAt: string | null }) =>
      m.kind === 'case_message' && m.link.endsWith(`/${refundNo}`),
  );
const unreadOf = async (who: HttpClient, refundNo: string) =>
  ((await who.get('/api/case-messages/unread')).body.cases.find(
    (c: { refundNo: string }) => c.refundNo === refundNo,
  )?.unread ?? 0) as number;

describe('case conversation (留言)', () => {
  it('buyer ↔ staff both ways, with unread markers that clear on reading', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    const sent = await buyer.post(url, { text: '卡密显示面值30元，商品页写的是50元' });
    expect(sent.status).toBe(201);
    expect(sent.body.items).toHaveLength(1);
    expect(sent.body.items[0]).toMatchObject({
      mine: true,
      thread: 'buyer',
      authorSide: 'buyer',
      unread: false,
    });

    // The staff see it as unread (on lists and on the case), until they open it.
    expect(await unreadOf(agent, c.refundNo)).toBe(1);
    const looked = await agent.get(`${url}?markRead=false`);
    expect(looked.body.unread).toBe(1);
    expect(await unreadOf(agent, c.refundNo)).toBe(1);
    const read = await agent.get(url);
    expect(read.body.threads).toEqual(['buyer', 'merchant']);
    expect(read.body.items[0]).toMatchObject({ unread: true, text: '卡密显示面值30元，商品页写的是50元' });
    expect(await unreadOf(agent, c.refundNo)).toBe(0);

    const answer = await agent.post(url, { text: '已收到，请上传卡密页面截图' });
    expect(answer.status).toBe(201);
    // The supervisor does not see as unread what a colleague has answered.
    expect(await unreadOf(supervisor, c.refundNo)).toBe(0);

    expect(await unreadOf(buyer, c.refundNo)).toBe(1);
    const buyerView = await buyer.get(url);
    expect(buyerView.body.unread).toBe(1);
    expect(buyerView.body.items.map((m: { text: string; unread: boolean }) => [m.text, m.unread])).toEqual([
      ['卡密显示面值30元，商品页写的是50元', false],
      ['已收到，请上传卡密页面截图', true],
    ]);
    expect(await unreadOf(buyer, c.refundNo)).toBe(0);
    expect((await buyer.get(url)).body.unread).toBe(0);
  });

  it('the shop talks with staff in its own thread; it never sees the buyer’s, nor the buyer its', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    const shot = (await uploadPng(buyer, '张小明-13812345678.png', [200, 30, 30])).id;
    const b = await buyer.post(url, { text: '我的电话13812345678，截图见附件', evidenceIds: [shot] });
    expect(b.status).toBe(201);
    expect(b.body.items[0].attachments).toHaveLength(1);
    const m = await merchant.post(url, { text: '该卡密已于昨日被使用' });
    expect(m.status).toBe(201);
    expect(m.body.threads).toEqual(['merchant']);
    expect(m.body.items.map((i: { text: string }) => i.text)).toEqual(['该卡密已于昨日被使用']);
    // The shop may not write in (or read) the buyer's thread; the buyer not in the shop's.
    expect((await merchant.post(url, { text: '想联系买家', thread: 'buyer' })).status).toBe(404);
    expect((await buyer.post(url, { text: '看看商家说了什么', thread: 'merchant' })).status).toBe(404);
    expect((await buyer.get(url)).body.items.map((i: { text: string }) => i.text)).toEqual([
      '我的电话13812345678，截图见附件',
    ]);
    // The buyer's file: the buyer and staff open it, the shop gets 404; it is not in the case's evidence list.
    expect((await buyer.get(`/api/evidence/${shot}`)).status).toBe(200);
    expect((await agent.get(`/api/evidence/${shot}`)).status).toBe(200);
    expect((await merchant.get(`/api/evidence/${shot}`)).status).toBe(404);
    const page = await merchant.get(`/api/refunds/${c.refundNo}`);
    expect(page.body.evidence.map((e: { evidenceId: string }) => e.evidenceId)).not.toContain(shot);
    expect(JSON.stringify(page.body)).not.toContain('13812345678');

    // Staff see both threads and answer the shop in its thread.
    const staff = await agent.get(url);
    expect(
      staff.body.items.map((i: { thread: string; authorSide: string }) => [i.thread, i.authorSide]),
    ).toEqual([
      ['buyer', 'buyer'],
      ['merchant', 'merchant'],
    ]);
    expect(staff.body.items[1].authorName).toBe(
      (await q('SELECT name FROM merchant WHERE id = $1', [ids.merchantId])).rows[0].name,
    );
    const toShop = await agent.post(url, { text: '请提供卡密使用记录', thread: 'merchant' });
    expect(toShop.status).toBe(201);
    expect(await unreadOf(merchant, c.refundNo)).toBe(1);
    expect(await unreadOf(buyer, c.refundNo)).toBe(0);
    const shopView = await merchant.get(url);
    expect(shopView.body.items.map((i: { text: string }) => i.text)).toEqual([
      '该卡密已于昨日被使用',
      '请提供卡密使用记录',
    ]);
    const shopInbox = await inboxAbout(merchant, c.refundNo);
    expect(shopInbox.length).toBe(1);
    expect(JSON.stringify(shopInbox)).not.toContain('13812345678');
  });

  it('refuses what is not yours: another buyer, another shop → 404; agents and supervisors may', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    await buyer.post(url, { text: '请尽快处理' });
    for (const who of [buyer2, otherShop]) {
      expect((await who.get(url)).status).toBe(404);
      expect((await who.post(url, { text: '你好' })).status).toBe(404);
      expect((await who.get('/api/case-messages/unread')).body.cases).toEqual([]);
    }
    expect((await buyer2.post(`/api/refunds/${c.refundNo}/escalate`, { reason: '太慢了' })).status).toBe(404);
    expect((await otherShop.post(`/api/refunds/${c.refundNo}/escalate`, { reason: '太慢了' })).status).toBe(
      403,
    );
    expect((await agent.get(url)).status).toBe(200);
    expect((await supervisor.post(url, { text: '主管已介入' })).status).toBe(201);
    // A missing case and a malformed number look the same.
    expect((await buyer.get('/api/refunds/R20990101000000/messages')).status).toBe(404);
    expect((await buyer.get('/api/refunds/nope/messages')).status).toBe(404);
    // Buyer contact is for staff only.
    expect((await buyer.get(`/api/review/${c.refundNo}/buyer-contact`)).status).toBe(403);
    expect((await merchant.post(`/api/review/${c.refundNo}/buyer-contact/reveal`)).status).toBe(403);
  });

  it('bounded text, NUL refused, files only one’s own and through the evidence checks', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    expect((await buyer.post(url, { text: '' })).status).toBe(400);
    expect((await buyer.post(url, { text: '   ' })).status).toBe(400);
    expect((await buyer.post(url, { text: 'x'.repeat(2001) })).status).toBe(400);
    expect((await buyer.post(url, { text: 'a\u0000b' })).status).toBe(400);
    expect((await buyer.post(url, { text: '好'.repeat(2000) })).status).toBe(201);
    const theirs = (await uploadPng(buyer2, 'other.png', [1, 2, 3])).id;
    const notMine = await buyer.post(url, { text: '附件', evidenceIds: [theirs] });
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.code).toBe('EVIDENCE.NOT_FOUND');
    const mine = (await uploadPng(buyer, 'mine.png', [9, 9, 9])).id;
    expect((await buyer.post(url, { text: '附件', evidenceIds: [mine] })).status).toBe(201);
    const twice = await buyer.post(url, { text: '同一附件', evidenceIds: [mine] });
    expect(twice.body.error.code).toBe('EVIDENCE.ALREADY_ATTACHED');
    const tooMany = await buyer.post(url, { text: '附件', evidenceIds: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(tooMany.status).toBe(400);
    // Nothing of a refused message was kept.
    expect((await buyer.get(url)).body.items).toHaveLength(2);
  });

  it('20 identical POSTs with one Idempotency-Key make one message and one inbox item', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    const key = `conv-${c.refundNo}`;
    const all = await Promise.all(
      Array.from({ length: 20 }, () =>
        buyer.post(url, { text: '重复提交' }, { headers: { 'idempotency-key': key } }),
      ),
    );
    expect(all.every((r) => r.status === 201)).toBe(true);
    const { rows } = await q(
      'SELECT count(*)::int AS n FROM case_message m JOIN refund_case c ON c.id = m.case_id WHERE c.refund_no = $1',
      [c.refundNo],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a burst of messages is one unread inbox item per reader; after reading, the next one is new', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    await agent.post(url, { text: '第一条' });
    await agent.post(url, { text: '第二条' });
    await agent.post(url, { text: '第三条' });
    let items = await inboxAbout(buyer, c.refundNo);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ readAt: null, link: `/buyer/refunds/${c.refundNo}` });
    expect(items[0].body.zh).toBe('平台客服：第一条');
    await buyer.get(url);
    items = await inboxAbout(buyer, c.refundNo);
    expect(items.every((m: { readAt: string | null }) => m.readAt !== null)).toBe(true);
    await agent.post(url, { text: '第四条' });
    items = await inboxAbout(buyer, c.refundNo);
    expect(items).toHaveLength(2);
    expect(items.filter((m: { readAt: string | null }) => m.readAt === null)).toHaveLength(1);
    // Nobody holds the case: the buyer's message reaches the supervisors, once each.
    await buyer.post(url, { text: '好的' });
    await buyer.post(url, { text: '已上传' });
    expect(await inboxAbout(supervisor, c.refundNo)).toHaveLength(1);
  });

  it('stays open for the parties 7 days after the case ended; staff may always write', async () => {
    const c = await openCase();
    const url = `/api/refunds/${c.refundNo}/messages`;
    expect((await buyer.post(`/api/refunds/${c.refundNo}/withdraw`, {})).body.state).toBe('withdrawn');
    expect((await buyer.post(url, { text: '我撤销了，但想问一下' })).status).toBe(201);
    at(Date.now() + 8 * DAY);
    const late = await buyer.post(url, { text: '还在吗' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CONVERSATION.CLOSED');
    expect((await buyer.get(url)).body.canWrite).toBe(false);
    expect((await agent.post(url, { text: '补充说明' })).status).toBe(201);
  });
});

describe('要求升级 (the buyer asks for escalation)', () => {
  it('only after urging, once per case, into the supervisors’ queue with the reason on the timeline', async () => {
    const c = await openCase();
    const esc = `/api/refunds/${c.refundNo}/escalate`;
    const first = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(first.body.escalationRequest).toEqual({
      requestedAt: null,
      refusal: 'REFUND.ESCALATION_NEEDS_URGE',
    });
    const early = await buyer.post(esc, { reason: '一直没人处理' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('REFUND.ESCALATION_NEEDS_URGE');
    expect((await buyer.post(esc, { reason: '' })).status).toBe(400);

    at(Date.parse(c.slaDeadline) + HOUR);
    expect((await buyer.post(`/api/refunds/${c.refundNo}/urge`)).status).toBe(200);
    const before = (await supervisor.get('/api/messages')).body.items.filter(
      (m: { kind: string }) => m.kind === 'refund.buyer_escalate',
    ).length;
    const asked = await buyer.post(esc, { reason: '催办后仍无人处理，请主管跟进' });
    expect(asked.status).toBe(200);
    expect(asked.body.escalated).toBe(true);
    expect(asked.body.escalationRequest.requestedAt).toBe(
      new Date(Date.parse(c.slaDeadline) + HOUR).toISOString(),
    );
    expect(asked.body.escalationRequest.refusal).toBe('REFUND.ESCALATION_REQUESTED');
    const last = asked.body.timeline.at(-1);
    expect(last).toMatchObject({
      kind: 'buyer_escalate',
      actorRole: 'buyer',
      reason: '催办后仍无人处理，请主管跟进',
    });
    const news = (await supervisor.get('/api/messages')).body.items.filter(
      (m: { kind: string }) => m.kind === 'refund.buyer_escalate',
    );
    expect(news.length).toBe(before + 1);
    expect(news[0].body.zh).toContain('催办后仍无人处理');
    const queue = await supervisor.get('/api/review/queue');
    expect(queue.body.items.find((i: { refundNo: string }) => i.refundNo === c.refundNo)).toMatchObject({
      escalated: true,
    });
    const again = await buyer.post(esc, { reason: '再次要求' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REFUND.ESCALATION_REQUESTED');
  });

  it('takes an agent’s claim away; not where the platform waits for the buyer or has decided', async () => {
    const c = await openCase();
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    expect(claimed.status).toBe(200);
    at(Date.parse(c.slaDeadline) + HOUR);
    await buyer.post(`/api/refunds/${c.refundNo}/urge`);
    const asked = await buyer.post(`/api/refunds/${c.refundNo}/escalate`, { reason: '客服迟迟不处理' });
    expect(asked.status).toBe(200);
    const { rows } = await q('SELECT assignee_id, escalated FROM refund_case WHERE refund_no = $1', [
      c.refundNo,
    ]);
    expect(rows[0]).toEqual({ assignee_id: null, escalated: true });

    const d = await openCase();
    at(Date.parse(d.slaDeadline) + HOUR);
    await buyer.post(`/api/refunds/${d.refundNo}/urge`);
    const v = (await supervisor.get(`/api/refunds/${d.refundNo}`)).body.version;
    const info = await supervisor.post(`/api/review/${d.refundNo}/request-info`, {
      reason: '请上传卡密页面截图',
      expectedVersion: v,
    });
    expect(info.body.state).toBe('info_requested');
    const waiting = await buyer.post(`/api/refunds/${d.refundNo}/escalate`, { reason: '要求主管' });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error.code).toBe('REFUND.ILLEGAL_TRANSITION');
  });
});

describe('the buyer’s contact on the workbench (记录联系)', () => {
  it('is masked, revealed on purpose with an audit row, and limited per hour', async () => {
    const c = await openCase();
    const none = await agent.get(`/api/review/${c.refundNo}/buyer-contact`);
    expect(none.body).toEqual({ verified: false, nameMasked: null, phoneMasked: null });
    expect((await agent.post(`/api/review/${c.refundNo}/buyer-contact/reveal`)).body.error.code).toBe(
      'REFUND.NO_CONTACT',
    );
    const first = '11010519860413002';
    await buyer.post('/api/me/identity', {
      realName: '张小明',
      idNumber: first + residentIdCheckChar(first),
      phone: '13812345678',
    });
    const code = (api.ctx.identity.sms as SimulatedSmsSender).outbox
      .filter((m) => m.userId === ids.buyerId)
      .at(-1)!.code;
    expect((await buyer.post('/api/me/identity/confirm', { code })).status).toBe(200);

    const masked = await agent.get(`/api/review/${c.refundNo}/buyer-contact`);
    expect(masked.body).toEqual({ verified: true, nameMasked: '张*明', phoneMasked: '138****5678' });
    const shown = await agent.post(`/api/review/${c.refundNo}/buyer-contact/reveal`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ name: '张小明', phone: '13812345678' });
    const { rows } = await q(
      "SELECT actor_role, subject, data FROM audit_log WHERE action = 'refund.reveal_contact' AND subject = $1",
      [`refund:${c.refundNo}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_role: 'agent', data: { buyerId: ids.buyerId } });
    // The phone is never kept for an idempotent replay.
    const { rows: kept } = await q(
      "SELECT count(*)::int AS n FROM idempotency_key WHERE response_body LIKE '%13812345678%'",
    );
    expect(kept[0].n).toBe(0);

    const burst = await Promise.all(
      Array.from({ length: REVEALS_PER_HOUR + 5 }, () =>
        agent.post(`/api/review/${c.refundNo}/buyer-contact/reveal`),
      ),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(REVEALS_PER_HOUR - 1);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(6);
    at(Date.now() + HOUR + 60_000);
    expect((await agent.post(`/api/review/${c.refundNo}/buyer-contact/reveal`)).status).toBe(200);
  });
});
