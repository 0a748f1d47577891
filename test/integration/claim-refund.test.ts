import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.ts';
import { caseContextFrom, loadCaseContext, presentCase } from '../../src/modules/refunds/case-view.ts';
import { CLAIM_MINUTES, claimRefund } from '../../src/modules/refunds/claim-refund.ts';
import { approveRefund } from '../../src/modules/refunds/decide-refund.ts';
import { findVisibleCase } from '../../src/modules/refunds/find-case.ts';
import { getRefund } from '../../src/modules/refunds/get-refund.ts';
import { listReviewQueue } from '../../src/modules/refunds/list-review-queue.ts';
import { AppError } from '../../src/platform/errors.ts';
import { startTestApi } from '../helpers/app.ts';
import { actorsByName, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { statements } from '../helpers/statements.ts';

/** Claiming a case (领取): one statement to the database, and one winner however many agents race. */
let api: Awaited<ReturnType<typeof startTestApi>>;
let actors: Map<string, Actor>;
let productId: number;
const AGENTS = 10;

beforeAll(async () => {
  api = await startTestApi();
  const ids = await demoIds(api.ctx);
  productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 1000 });
  await addKeys(api.ctx, productId, 10);
  await setBalance(api.ctx, ids.buyerId, 100_000);
  await api.db.database.pool.query(
    `INSERT INTO app_user (username, display_name, role, password_hash)
     SELECT 'claim-agent-' || g, '客服 ' || g, 'agent', 'x' FROM generate_series(1, ${AGENTS}) g`,
  );
  const names = Array.from({ length: AGENTS }, (_, i) => `claim-agent-${i + 1}`);
  actors = await actorsByName(api.ctx, ['buyer', 'buyer2', 'supervisor', ...names]);
});
afterAll(() => api?.stop());

const claim = (who: string, refundNo: string, now = new Date()) =>
  claimRefund({ db: api.ctx.db, agent: actors.get(who)!, refundNo, ip: '127.0.0.1', now });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => (e instanceof AppError ? e.code : String(e)),
  );

describe('claiming a case', () => {
  it('takes one statement, and writes the claim, its timeline row and its audit row together', async () => {
    const { refundNo, version } = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const now = new Date();
    let result: Awaited<ReturnType<typeof claim>> | undefined;
    const sent = await statements(async () => {
      result = await claim('claim-agent-1', refundNo, now);
    });
    expect(sent).toHaveLength(1);
    expect(result).toMatchObject({
      version: version + 1,
      claimExpiresAt: new Date(now.getTime() + CLAIM_MINUTES * 60_000),
    });
    // The same statement answers with the case as its page shows it: what reading it afterwards shows.
    const agent = actors.get('claim-agent-1')!;
    const answered = presentCase(
      agent,
      result!.c,
      await caseContextFrom(api.ctx.db, result!.c, result!.context),
      now,
    );
    expect(answered).toEqual(await getRefund(api.ctx.db, agent, refundNo, now));
    expect(answered.timeline.map((e) => e.kind)).toEqual(['submit', 'claim']);
    const { rows } = await api.db.database.pool.query(
      `SELECT c.assignee_id, c.version,
              (SELECT count(*)::int FROM refund_case_event e WHERE e.case_id = c.id AND e.kind = 'claim') AS events,
              (SELECT count(*)::int FROM audit_log a WHERE a.subject = 'refund:' || c.refund_no AND a.action = 'refund.claim') AS audits
       FROM refund_case c WHERE c.refund_no = $1`,
      [refundNo],
    );
    expect(rows[0]).toEqual({
      assignee_id: actors.get('claim-agent-1')!.userId,
      version: version + 1,
      events: 1,
      audits: 1,
    });
    // Claiming again extends one's own claim.
    expect((await claim('claim-agent-1', refundNo)).version).toBe(version + 2);
  });

  it(`lets one of ${AGENTS} agents racing for a case win; the others are told it is taken`, async () => {
    const { refundNo } = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const codes = await Promise.all(
      Array.from({ length: AGENTS }, (_, i) => codeOf(claim(`claim-agent-${i + 1}`, refundNo))),
    );
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'REFUND.CLAIMED_BY_OTHER')).toHaveLength(AGENTS - 1);
    const { rows } = await api.db.database.pool.query(
      `SELECT count(*)::int AS n FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id
       WHERE c.refund_no = $1 AND e.kind = 'claim'`,
      [refundNo],
    );
    expect(rows[0].n).toBe(1);
  });

  it('gives a lapsed claim to the next agent, and says why a claim is refused', async () => {
    const { refundNo } = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const then = new Date(Date.now() - (CLAIM_MINUTES + 1) * 60_000);
    await claim('claim-agent-1', refundNo, then);
    expect(await codeOf(claim('claim-agent-2', refundNo))).toBe('ok');
    expect(await codeOf(claim('claim-agent-1', refundNo))).toBe('REFUND.CLAIMED_BY_OTHER');
    expect(await codeOf(claim('claim-agent-1', 'R99999999999999'))).toBe('RESOURCE.NOT_FOUND');
    expect(await codeOf(claim('claim-agent-1', 'not-a-number'))).toBe('RESOURCE.NOT_FOUND');
    await api.db.database.pool.query(`UPDATE refund_case SET escalated = true WHERE refund_no = $1`, [
      refundNo,
    ]);
    expect(await codeOf(claim('claim-agent-3', refundNo))).toBe('REFUND.SUPERVISOR_ONLY');
    // A supervisor may take over an escalated case only once the agent's claim lapses.
    expect(await codeOf(claim('supervisor', refundNo))).toBe('REFUND.CLAIMED_BY_OTHER');
    await api.db.database.pool.query(`UPDATE refund_case SET state = 'withdrawn' WHERE refund_no = $1`, [
      refundNo,
    ]);
    expect(await codeOf(claim('supervisor', refundNo))).toBe('REFUND.ILLEGAL_TRANSITION');
  });

  it('lists in 我的处理 only the cases the agent holds now, not lapsed or unclaimed ones', async () => {
    const held = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const lapsed = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const nobody = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    await claim('claim-agent-5', held.refundNo);
    await claim('claim-agent-5', lapsed.refundNo, new Date(Date.now() - (CLAIM_MINUTES + 1) * 60_000));
    const mine = await listReviewQueue(
      api.ctx.db,
      actors.get('claim-agent-5')!,
      { mine: true, limit: 500 },
      new Date(),
    );
    const nos = mine.map((c) => c.refundNo);
    expect(nos).toContain(held.refundNo);
    expect(nos).not.toContain(lapsed.refundNo);
    expect(nos).not.toContain(nobody.refundNo);
    expect(mine.every((c) => c.assignee === '客服 5')).toBe(true);
    // The lapsed case is back in the common queue, unclaimed.
    const all = await listReviewQueue(api.ctx.db, actors.get('claim-agent-6')!, { limit: 500 }, new Date());
    expect(all.find((c) => c.refundNo === lapsed.refundNo)?.assignee).toBeNull();
  });
});

describe('approving a case', () => {
  it('writes each state change in one statement: the case, its timeline, audit and messages together', async () => {
    const { refundNo } = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const { version } = await claim('claim-agent-4', refundNo);
    const sent = await statements(() =>
      approveRefund({
        db: api.ctx.db,
        jobs: api.ctx.jobs,
        reviewer: actors.get('claim-agent-4')!,
        refundNo,
        expectedVersion: version,
        ip: '127.0.0.1',
        now: new Date(),
      }),
    );
    // No statement of its own for a timeline row, an audit row, a message or the order number.
    const own = (table: string) => sent.filter((s) => new RegExp(`^\\s*insert into "${table}"`, 'i').test(s));
    expect(own('refund_case_event')).toEqual([]);
    expect(own('audit_log')).toEqual([]);
    expect(own('site_message')).toEqual([]);
    expect(sent.filter((s) => /^\s*update "refund_case"/i.test(s))).toEqual([]);
    // BEGIN, the case with its order, keys and the policy version in force (one locked read), approve
    // and start payout with the attempt and the credit score marked stale (one statement), keys taken
    // back, the job, COMMIT: 6 (10 with the credit score recomputed in the decision and start payout
    // and the attempt apart; 13 with the order, keys and policy read apart; 15 before the credit score).
    expect(sent.length).toBeLessThanOrEqual(6);
    expect(sent.filter((s) => /buyer_credit/i.test(s) && !/stale_gen/.test(s))).toEqual([]);
    const { rows } = await api.db.database.pool.query(
      `SELECT c.state, array_agg(e.kind ORDER BY e.id) AS kinds,
              (SELECT count(*)::int FROM audit_log a WHERE a.subject = 'refund:' || c.refund_no) AS audits,
              (SELECT count(*)::int FROM site_message m WHERE m.subject = 'refund:' || c.refund_no) AS messages
       FROM refund_case c JOIN refund_case_event e ON e.case_id = c.id WHERE c.refund_no = $1
       GROUP BY c.id`,
      [refundNo],
    );
    expect(rows[0].state).toBe('refunding');
    expect(rows[0].kinds).toEqual(['submit', 'claim', 'approve', 'start_payout']);
    expect(rows[0].audits).toBe(4);
    expect(rows[0].messages).toBeGreaterThan(1);
    // A decision on a version the reviewer did not see writes nothing.
    const stale = await codeOf(
      approveRefund({
        db: api.ctx.db,
        jobs: api.ctx.jobs,
        reviewer: actors.get('supervisor')!,
        refundNo,
        expectedVersion: version,
        ip: '127.0.0.1',
        now: new Date(),
      }),
    );
    expect(stale).not.toBe('ok');
  });
});

describe('the case as its page shows it (every case action answers with it)', () => {
  it('is one statement, and the same page the separate reads made', async () => {
    const { refundNo } = await openCase(api.ctx, actors.get('buyer')!, productId, 'balance');
    const { version } = await claim('claim-agent-5', refundNo);
    const approved = await approveRefund({
      db: api.ctx.db,
      jobs: api.ctx.jobs,
      reviewer: actors.get('claim-agent-5')!,
      refundNo,
      expectedVersion: version,
      ip: '127.0.0.1',
      now: new Date(),
    });
    const agent = actors.get('claim-agent-5')!;
    const now = new Date();
    await getRefund(api.ctx.db, agent, refundNo, now); // the policy version, once per process
    // The approval answers with the page built from its locked read and the rows it wrote: the same
    // page a read afterwards shows.
    expect(approved).not.toBeNull();
    const answered = approved!;
    const context = await caseContextFrom(api.ctx.db, answered.c, answered.context);
    expect(presentCase(agent, answered.c, context, now)).toEqual(
      await getRefund(api.ctx.db, agent, refundNo, now),
    );
    let page: Awaited<ReturnType<typeof getRefund>> | undefined;
    const sent = await statements(async () => {
      page = await getRefund(api.ctx.db, agent, refundNo, now);
    });
    expect(sent).toHaveLength(1);
    // What the page says is what reading the case and its context apart says.
    const c = await findVisibleCase(api.ctx.db, refundNo, agent);
    expect(page).toEqual(presentCase(agent, c, await loadCaseContext(api.ctx.db, c), now));
    expect(page!.timeline.map((e) => e.kind)).toEqual(['submit', 'claim', 'approve', 'start_payout']);
    // Someone else's case is not found, in the same one statement.
    await expect(getRefund(api.ctx.db, actors.get('buyer2')!, refundNo, now)).rejects.toThrow(
      expect.objectContaining({ code: 'RESOURCE.NOT_FOUND' }),
    );
  });
});
