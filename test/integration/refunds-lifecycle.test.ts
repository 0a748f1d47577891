import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { runEvidenceChecks } from '../../src/modules/evidence/checks/run-checks.ts';
import { sweepTimers } from '../../src/modules/refunds/sweep-timers.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { solidPng, uploadPng } from '../helpers/evidence.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { makeZip } from '../helpers/zip.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let merchant: HttpClient;
let agent: HttpClient;
let supervisor: HttpClient;
let supervisor2: HttpClient;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  await api.db.database.pool.query(
    "INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('supervisor2', '主管小王', 'supervisor', $1)",
    [await hashPassword('kameng-demo')],
  );
  buyer = api.client();
  await buyer.login('buyer');
  buyer2 = api.client();
  await buyer2.login('buyer2');
  merchant = api.client();
  await merchant.login('merchant');
  agent = api.client();
  await agent.login('agent');
  supervisor = api.client();
  await supervisor.login('supervisor');
  supervisor2 = api.client();
  await supervisor2.login('supervisor2');
});
afterAll(() => api.stop());
// Each test may move the clock; put it back.
afterEach(() => {
  api.ctx.now = () => new Date();
});

const at = (ms: number) => {
  api.ctx.now = () => new Date(ms);
};
const q = (text: string, values: unknown[] = []) => api.db.database.pool.query(text, values);

/** A paid, delivered, unrevealed card-key order with an open not-as-described case (5% fee). */
async function openCase(): Promise<{
  refundNo: string;
  version: number;
  orderNo: string;
  slaDeadline: string;
}> {
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
  return {
    refundNo: body.refundNo,
    version: body.version,
    orderNo: order.orderNo,
    slaDeadline: body.slaDeadline,
  };
}

async function claimAndReject(refundNo: string, by: HttpClient = agent) {
  const claimed = await by.post(`/api/review/${refundNo}/claim`);
  const rejected = await by.post(`/api/review/${refundNo}/reject`, {
    reasonCode: 'EVIDENCE_INSUFFICIENT',
    text: '请提供卡密页面截图',
    expectedVersion: claimed.body.version,
  });
  expect(rejected.body.state).toBe('rejected');
  return rejected.body;
}

async function inbox(client: HttpClient) {
  return (await client.get('/api/messages')).body;
}

describe('urge (催办) and escalation', () => {
  it('refuses an urge before the deadline, takes one after it, escalates, and limits to once per business day', async () => {
    const c = await openCase();
    const early = await buyer.post(`/api/refunds/${c.refundNo}/urge`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('REFUND.URGE_TOO_EARLY');
    expect(early.body.error.details.canUrgeAt).toBe(c.slaDeadline);
    const before = (await inbox(supervisor)).unread;

    at(Date.parse(c.slaDeadline) + HOUR);
    const urged = await buyer.post(`/api/refunds/${c.refundNo}/urge`);
    expect(urged.status).toBe(200);
    expect(urged.body).toMatchObject({ urged: true, escalated: true });
    expect(urged.body.timeline.map((e: { kind: string }) => e.kind).slice(-2)).toEqual(['urge', 'escalate']);
    // Nobody held the case: the supervisors hear about the urge and the escalation.
    expect((await inbox(supervisor)).unread).toBe(before + 2);
    const queue = await supervisor.get('/api/review/queue');
    expect(queue.body.items[0]).toMatchObject({
      refundNo: c.refundNo,
      urged: true,
      escalated: true,
      priority: 3,
    });

    const again = await buyer.post(`/api/refunds/${c.refundNo}/urge`);
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('REFUND.URGE_LIMIT');
    // An escalated case is a supervisor's: the agent can neither take it nor decide it.
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    expect(claimed.status).toBe(403);
    expect(claimed.body.error.code).toBe('REFUND.SUPERVISOR_ONLY');
    const decide = await agent.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: urged.body.version,
    });
    expect(decide.body.error.code).toBe('REFUND.SUPERVISOR_ONLY');
    const approved = await supervisor.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: urged.body.version,
    });
    expect(approved.body.state).toBe('refunding');
  });

  it('lets an agent escalate once, and nobody urge another buyer’s case', async () => {
    const c = await openCase();
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    const esc = await agent.post(`/api/review/${c.refundNo}/escalate`, {
      reason: '涉及商家批量问题',
      expectedVersion: claimed.body.version,
    });
    expect(esc.body.escalated).toBe(true);
    const twice = await agent.post(`/api/review/${c.refundNo}/escalate`, {
      reason: '再次升级',
      expectedVersion: esc.body.version,
    });
    expect(twice.body.error.code).toBe('REFUND.ALREADY_ESCALATED');
    expect((await buyer2.post(`/api/refunds/${c.refundNo}/urge`)).status).toBe(404);
    expect((await buyer2.get(`/api/refunds/${c.refundNo}`)).status).toBe(404);
  });
});

describe('appeal (申诉)', () => {
  it('goes to a supervisor other than the one who rejected; an agent cannot decide it; only once', async () => {
    const c = await openCase();
    const claimed = await supervisor.post(`/api/review/${c.refundNo}/claim`);
    await supervisor.post(`/api/review/${c.refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '缺少截图',
      expectedVersion: claimed.body.version,
    });
    const appealed = await buyer.post(`/api/refunds/${c.refundNo}/appeal`, {
      text: '卡密页面显示面值 30 元，与商品描述的 50 元不符',
    });
    expect(appealed.body.state).toBe('appealed');
    expect(appealed.body.rejectReason.code).toBe('EVIDENCE_INSUFFICIENT');
    const v = appealed.body.version - 1;
    expect((await agent.post(`/api/review/${c.refundNo}/claim`)).body.error.code).toBe(
      'REFUND.SUPERVISOR_ONLY',
    );
    const byAgent = await agent.post(`/api/review/${c.refundNo}/approve`, { expectedVersion: v + 1 });
    expect(byAgent.body.error.code).toBe('REFUND.SUPERVISOR_ONLY');
    const sameReviewer = await supervisor.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: v + 1,
    });
    expect(sameReviewer.status).toBe(403);
    expect(sameReviewer.body.error.code).toBe('REFUND.APPEAL_SAME_REVIEWER');
    const rejectedAgain = await supervisor2.post(`/api/review/${c.refundNo}/reject`, {
      reasonCode: 'KEY_ALREADY_USED',
      text: '提取记录显示已查看',
      expectedVersion: v + 1,
    });
    expect(rejectedAgain.body.state).toBe('rejected');
    expect(rejectedAgain.body.actions).not.toContain('appeal');
    const second = await buyer.post(`/api/refunds/${c.refundNo}/appeal`, { text: '再次申诉，请重新审核' });
    expect(second.body.error.code).toBe('REFUND.APPEAL_LIMIT');
  });

  it('an appeal approved by another supervisor goes to payout', async () => {
    const c = await openCase();
    await claimAndReject(c.refundNo);
    const appealed = await buyer.post(`/api/refunds/${c.refundNo}/appeal`, {
      text: '提供了新的截图，请复核',
    });
    const approved = await supervisor.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: appealed.body.version,
    });
    expect(approved.body.state).toBe('refunding');
    const msgs = (await inbox(buyer)).items.filter((m: { title: { zh: string } }) =>
      m.title.zh.includes(c.refundNo),
    );
    expect(msgs.map((m: { kind: string }) => m.kind)).toEqual(
      expect.arrayContaining(['refund.submit', 'refund.reject', 'refund.approve']),
    );
  });
});

describe('resubmit after rejection', () => {
  it('opens a linked case showing what changed, once per case and at most twice along the chain', async () => {
    const c = await openCase();
    await claimAndReject(c.refundNo);
    const description = `订单号${c.orderNo}今天10点购买，卡密页面显示面值30元与描述50元不符，附截图`;
    const first = await buyer.post(`/api/refunds/${c.refundNo}/resubmit`, {
      type: 'quality_issue',
      description,
    });
    expect(first.status).toBe(201);
    expect(first.body.previousRefundNo).toBe(c.refundNo);
    expect(first.body.changes.map((x: { field: string }) => x.field)).toEqual(['type', 'description']);
    const old = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(old.body.nextRefundNo).toBe(first.body.refundNo);
    expect(old.body.actions).not.toContain('resubmit');
    expect(
      (await buyer.post(`/api/refunds/${c.refundNo}/resubmit`, { type: 'quality_issue', description })).body
        .error.code,
    ).toBe('REFUND.RESUBMIT_LIMIT');

    await claimAndReject(first.body.refundNo);
    const second = await buyer.post(`/api/refunds/${first.body.refundNo}/resubmit`, {
      type: 'not_as_described',
      description: `${description}，第三次说明`,
    });
    expect(second.status).toBe(201);
    await claimAndReject(second.body.refundNo);
    const third = await buyer.post(`/api/refunds/${second.body.refundNo}/resubmit`, {
      type: 'not_as_described',
      description: `${description}，第四次说明`,
    });
    expect(third.body.error.code).toBe('REFUND.RESUBMIT_LIMIT');
  });

  it("carries the buyer's earlier files onto the new case (copies with their checks); nobody else's", async () => {
    const c = await openCase();
    const shot = await uploadPng(buyer, '卡密页面.png', [200, 40, 40], `/api/refunds/${c.refundNo}/evidence`);
    const zip = await makeZip([
      { name: '1.png', data: await solidPng([10, 200, 10]) },
      { name: '2.png', data: await solidPng([10, 10, 200]) },
    ]);
    const archive = await buyer.upload(`/api/refunds/${c.refundNo}/evidence`, {
      data: zip,
      name: '截图.zip',
      type: 'application/zip',
    });
    expect(archive.status).toBe(201);
    const merchantFile = await uploadPng(merchant, '发货记录.png', [1, 2, 3]);
    const objected = await merchant.post(`/api/merchant/refunds/${c.refundNo}/object`, {
      text: '卡密已发放，页面正常',
      evidenceIds: [merchantFile.id],
    });
    expect(objected.status).toBe(200);
    // The screenshot's checks have run (its job, run here); the archive's images are still waiting for theirs.
    const [shotRow] = (await q('SELECT id FROM evidence WHERE public_id = $1', [shot.id])).rows;
    await runEvidenceChecks({ db: api.ctx.db, blobs: api.ctx.blobs }, Number(shotRow.id));
    const oldCase = (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
    const oldFiles = oldCase.evidence.map((e: { evidenceId: string }) => e.evidenceId);
    await claimAndReject(c.refundNo);
    const description = `订单号${c.orderNo}今天10点购买，卡密页面显示面值30元与描述50元不符，附截图`;

    // Someone else's file, the merchant's file on the case, an archive's member: none can be carried.
    const member = oldCase.evidence.find((e: { parentId: string | null }) => e.parentId !== null).evidenceId;
    const theirs = await uploadPng(buyer2, 'other.png', [5, 5, 5]);
    for (const id of [theirs.id, merchantFile.id, member]) {
      const refused = await buyer.post(`/api/refunds/${c.refundNo}/resubmit`, {
        type: 'quality_issue',
        description,
        evidenceIds: [shot.id, id],
      });
      expect(refused.body.error.code, id).toBe('EVIDENCE.NOT_FOUND');
    }

    const fresh = await uploadPng(buyer, '新截图.png', [120, 120, 0]);
    const next = await buyer.post(`/api/refunds/${c.refundNo}/resubmit`, {
      type: 'quality_issue',
      description,
      evidenceIds: [shot.id, archive.body.evidenceId, fresh.id],
    });
    expect(next.status).toBe(201);
    const files = next.body.evidence as {
      evidenceId: string;
      fileName: string;
      parentId: string | null;
      sha256: string;
    }[];
    expect(files.map((e) => e.fileName).sort()).toEqual(
      ['1.png', '2.png', '卡密页面.png', '新截图.png', '截图.zip'].sort(),
    );
    // Copies: new ids, the same bytes; the members hang under the copied archive.
    expect(files.filter((e) => oldFiles.includes(e.evidenceId)).map((e) => e.evidenceId)).toEqual([]);
    const copiedArchive = files.find((e) => e.fileName === '截图.zip')!;
    expect(files.filter((e) => e.parentId === copiedArchive.evidenceId)).toHaveLength(2);
    const copy = files.find((e) => e.fileName === '卡密页面.png')!;
    expect(copy.sha256).toBe(shot.sha256);
    const served = await buyer.get(`/api/evidence/${copy.evidenceId}`);
    expect(served.status).toBe(200);
    // The checks came along; the rejected case still has its own files.
    const checks = await q(
      `SELECT e.public_id, count(c.*)::int AS n FROM evidence e LEFT JOIN evidence_check c ON c.evidence_id = e.id
        WHERE e.public_id = ANY($1) GROUP BY e.public_id`,
      [[copy.evidenceId, shot.id]],
    );
    const n = Object.fromEntries(checks.rows.map((r) => [r.public_id, r.n]));
    expect(n[copy.evidenceId]).toBe(n[shot.id]);
    expect(n[shot.id]).toBeGreaterThan(0);
    // Copies of files still waiting for their checks get a check job of their own.
    const members = files.filter((e) => e.parentId === copiedArchive.evidenceId).map((e) => e.evidenceId);
    const queued = await q(
      `SELECT e.public_id FROM evidence e WHERE e.public_id = ANY($1) AND EXISTS (
         SELECT 1 FROM pgboss.job j WHERE j.name = 'evidence.check' AND j.data->'evidenceIds' @> to_jsonb(e.id))`,
      [members],
    );
    expect(queued.rows.map((r) => r.public_id).sort()).toEqual([...members].sort());
    expect(
      (await buyer.get(`/api/refunds/${c.refundNo}`)).body.evidence.map(
        (e: { evidenceId: string }) => e.evidenceId,
      ),
    ).toEqual(oldFiles);
    // The agent and the merchant of the new case see the carried files.
    const forAgent = await agent.get(`/api/review/${next.body.refundNo}`);
    expect(forAgent.body.evidence.some((e: { evidenceId: string }) => e.evidenceId === copy.evidenceId)).toBe(
      true,
    );
    expect((await merchant.get(`/api/evidence/${copy.evidenceId}`)).status).toBe(200);
    expect((await buyer2.get(`/api/evidence/${copy.evidenceId}`)).status).toBe(404);
  });
});

describe('information requests and the SLA clock', () => {
  it('pauses the clock while waiting for the buyer and moves the deadline on by the wait', async () => {
    const c = await openCase();
    const t0 = Date.now();
    at(t0);
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    const asked = await agent.post(`/api/review/${c.refundNo}/request-info`, {
      reason: '请上传卡密页面截图',
      expectedVersion: claimed.body.version,
    });
    expect(asked.body.infoDeadline).not.toBeNull();
    expect(asked.body.actions).not.toContain('urge');
    const buyerMsg = (await inbox(buyer)).items[0];
    expect(buyerMsg.kind).toBe('refund.request_info');
    expect(buyerMsg.body.zh).toContain('请上传卡密页面截图');
    // A timer for the information deadline is stored in the job queue, not in memory.
    const job = await q(
      "SELECT start_after FROM pgboss.job WHERE name = 'refunds.timer' AND data->>'caseId' = $1 ORDER BY start_after DESC LIMIT 1",
      [String((await q('SELECT id FROM refund_case WHERE refund_no = $1', [c.refundNo])).rows[0].id)],
    );
    expect(
      Math.abs(new Date(job.rows[0].start_after).getTime() - Date.parse(asked.body.infoDeadline)),
    ).toBeLessThan(5_000);

    at(t0 + 2 * HOUR);
    const answered = await buyer.post(`/api/refunds/${c.refundNo}/supplement`, {
      text: '截图已上传，面值为 30 元',
    });
    expect(answered.body.state).toBe('submitted');
    expect(Date.parse(answered.body.slaDeadline) - Date.parse(c.slaDeadline)).toBe(2 * HOUR);
    expect((await inbox(agent)).items[0].kind).toBe('refund.supplement');
  });

  it('closes an unanswered request at its deadline (once), and lets the buyer reopen once', async () => {
    const c = await openCase();
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    const asked = await agent.post(`/api/review/${c.refundNo}/request-info`, {
      reason: '请提供充值记录',
      expectedVersion: claimed.body.version,
    });
    const late = Date.parse(asked.body.infoDeadline) + 1000;
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(late - 2000))).info).toBe(0);
    const swept = await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(late));
    expect(swept.info).toBeGreaterThanOrEqual(1);
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(late))).info).toBe(0);
    const closed = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.actions).toContain('reopen');
    expect(closed.body.timeline.filter((e: { kind: string }) => e.kind === 'close_unanswered')).toHaveLength(
      1,
    );
    expect((await inbox(buyer)).items[0].kind).toBe('refund.close_unanswered');

    at(late + DAY);
    const reopened = await buyer.post(`/api/refunds/${c.refundNo}/reopen`, {
      text: '补充：充值记录截图见附件',
    });
    expect(reopened.body.state).toBe('submitted');
    expect(Date.parse(reopened.body.slaDeadline)).toBeGreaterThan(Date.parse(c.slaDeadline));

    const claimed2 = await agent.post(`/api/review/${c.refundNo}/claim`);
    const asked2 = await agent.post(`/api/review/${c.refundNo}/request-info`, {
      reason: '截图不清晰',
      expectedVersion: claimed2.body.version,
    });
    await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(Date.parse(asked2.body.infoDeadline) + 1000));
    const again = await buyer.post(`/api/refunds/${c.refundNo}/reopen`, { text: '再次补充' });
    expect(again.body.error.code).toBe('REFUND.REOPEN_LIMIT');
  });
});

describe('fee dispute and waiver', () => {
  it('the buyer disputes the 5% fee, a supervisor waives it and the refundable amount grows by it', async () => {
    const c = await openCase();
    const before = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(before.body).toMatchObject({ amountFen: 9500, feeFen: 500 });
    expect(before.body.actions).toContain('dispute_fee');
    const disputed = await buyer.post(`/api/refunds/${c.refundNo}/dispute-fee`, {
      text: '卡密未使用，不应收手续费',
    });
    expect(disputed.body.feeDisputed).toBe(true);
    expect(
      (await buyer.post(`/api/refunds/${c.refundNo}/dispute-fee`, { text: '再次争议' })).body.error.code,
    ).toBe('REFUND.NO_FEE');
    const byAgent = await agent.post(`/api/review/${c.refundNo}/waive-fee`, {
      note: '免除',
      expectedVersion: disputed.body.version,
    });
    expect(byAgent.status).toBe(403);
    const waived = await supervisor.post(`/api/review/${c.refundNo}/waive-fee`, {
      note: '商品问题，免收手续费',
      expectedVersion: disputed.body.version,
    });
    expect(waived.body).toMatchObject({
      amountFen: 10_000,
      feeFen: 0,
      feeWaivedFen: 500,
      feeDisputed: false,
    });
    expect((await inbox(buyer)).items[0].kind).toBe('refund.waive_fee');
  });
});

describe('merchant response window', () => {
  it('lets the merchant agree within the window: the case goes to payout', async () => {
    const c = await openCase();
    const list = await merchant.get('/api/merchant/refunds');
    expect(list.body.items.map((x: { refundNo: string }) => x.refundNo)).toContain(c.refundNo);
    const seen = await merchant.get(`/api/refunds/${c.refundNo}`);
    expect(seen.body.actions).toEqual(expect.arrayContaining(['merchant_agree', 'merchant_object']));
    expect((await inbox(merchant)).items.some((m: { kind: string }) => m.kind === 'refund.submit')).toBe(
      true,
    );
    // What waits for the shop's answer, the earliest deadline first.
    const awaiting = (await merchant.get('/api/merchant/refunds?awaiting=answer')).body;
    expect(awaiting.items.map((x: { refundNo: string }) => x.refundNo)).toContain(c.refundNo);
    const deadlines = awaiting.items.map((x: { merchantDeadline: string }) => Date.parse(x.merchantDeadline));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect(awaiting.nextCursor).toBeNull();
    const agreed = await merchant.post(`/api/merchant/refunds/${c.refundNo}/agree`, { note: '同意退款' });
    expect(agreed.body).toMatchObject({ state: 'refunding', merchantResponse: 'agreed', approvedFen: 9500 });
    expect(
      (await merchant.get('/api/merchant/refunds?awaiting=answer')).body.items.map(
        (x: { refundNo: string }) => x.refundNo,
      ),
    ).not.toContain(c.refundNo);
    // A second answer (a retry, a second tab) is told it answered already, not that time ran out.
    expect((await merchant.post(`/api/merchant/refunds/${c.refundNo}/agree`)).body.error.code).toBe(
      'REFUND.MERCHANT_ALREADY_ANSWERED',
    );
  });

  it('shows an objection to the agent; after the window the case proceeds without the merchant', async () => {
    const objected = await openCase();
    const res = await merchant.post(`/api/merchant/refunds/${objected.refundNo}/object`, {
      text: '提取记录显示买家已查看卡密',
    });
    expect(res.body).toMatchObject({ state: 'submitted', merchantResponse: 'objected' });
    const view = await agent.get(`/api/review/${objected.refundNo}`);
    expect(view.body.merchantNote).toBe('提取记录显示买家已查看卡密');
    expect(view.body.order.orderNo).toBe(objected.orderNo);

    const silent = await openCase();
    const deadline = Date.parse((await buyer.get(`/api/refunds/${silent.refundNo}`)).body.merchantDeadline);
    await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(deadline + 1000));
    at(deadline + 1000);
    const lapsed = await merchant.get(`/api/refunds/${silent.refundNo}`);
    expect(lapsed.body.merchantResponse).toBe('lapsed');
    expect(lapsed.body.actions).not.toContain('merchant_agree');
    expect((await merchant.post(`/api/merchant/refunds/${silent.refundNo}/agree`)).body.error.code).toBe(
      'REFUND.MERCHANT_WINDOW_CLOSED',
    );
    expect((await buyer.post(`/api/merchant/refunds/${silent.refundNo}/agree`)).status).toBe(403);
  });
});

describe('site messages (站内信)', () => {
  it('counts unread, marks one or all read, and keeps other users’ messages out of reach', async () => {
    await openCase();
    const box = await inbox(buyer);
    expect(box.unread).toBeGreaterThan(0);
    expect((await buyer.get('/api/messages/unread-count')).body.unread).toBe(box.unread);
    const first = box.items[0];
    expect(first.link).toMatch(/^\/buyer\/refunds\/R\d{14}$/);
    expect((await buyer2.post(`/api/messages/${first.id}/read`)).status).toBe(404);
    const read = await buyer.post(`/api/messages/${first.id}/read`);
    expect(read.body.unread).toBe(box.unread - 1);
    expect(
      (await buyer.get('/api/messages?unread=true')).body.items.map((m: { id: number }) => m.id),
    ).not.toContain(first.id);
    await buyer.post('/api/messages/read-all');
    expect((await buyer.get('/api/messages/unread-count')).body.unread).toBe(0);
    expect((await api.client().get('/api/messages')).status).toBe(401);
  });
});

describe('claims', () => {
  it('refuses a decision on a lapsed claim and changes nothing', async () => {
    const c = await openCase();
    const t0 = Date.now();
    at(t0);
    const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
    at(t0 + 31 * 60_000);
    const late = await agent.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: claimed.body.version,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('REFUND.CLAIM_REQUIRED');
    const view = await supervisor.get(`/api/review/${c.refundNo}`);
    expect(view.body).toMatchObject({ state: 'submitted', assignee: null, version: claimed.body.version });
  });
});

describe('contact records', () => {
  it('logs a phone call on the timeline without changing the state', async () => {
    const c = await openCase();
    const logged = await agent.post(`/api/review/${c.refundNo}/contact`, {
      channel: 'phone',
      note: '电话联系买家，确认面值问题',
    });
    expect(logged.body.state).toBe('submitted');
    expect(logged.body.timeline.at(-1)).toMatchObject({
      kind: 'contact',
      reason: '电话联系买家，确认面值问题',
    });
    expect(
      (await buyer.post(`/api/review/${c.refundNo}/contact`, { channel: 'phone', note: '试试' })).status,
    ).toBe(403);
  });
});
