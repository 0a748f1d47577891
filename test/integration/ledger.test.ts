import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyerBalance, ESCROW, FEE_INCOME } from '../../src/core/ledger/accounts.ts';
import { transfer } from '../../src/core/ledger/txn.ts';
import { balances, postTxn } from '../../src/modules/ledger/post-txn.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { AppError } from '../../src/platform/errors.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  buyer = api.client();
  await buyer.login('buyer');
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;

async function buyAndPay(channel: 'balance' | 'alipay' | 'wechatpay', priceFen: number) {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(api.ctx, productId, 1);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
  return buyer.post(`/api/orders/${order.orderNo}/pay`, { channel });
}

describe('the ledger in PostgreSQL', () => {
  it('books every payment into escrow in the payment’s transaction; the books sum to zero', async () => {
    await setBalance(api.ctx, ids.buyerId, 10_000);
    const before = await balances(api.ctx.db, [ESCROW, buyerBalance(ids.buyerId)]);
    expect(before.get(buyerBalance(ids.buyerId))).toBe(10_000);
    expect((await buyAndPay('balance', 3_000)).status).toBe(200);
    expect((await buyAndPay('alipay', 2_500)).status).toBe(200);
    const after = await balances(api.ctx.db, [ESCROW, buyerBalance(ids.buyerId), 'channel:alipay:clearing']);
    expect(after.get(ESCROW)! - before.get(ESCROW)!).toBe(5_500);
    expect(after.get(buyerBalance(ids.buyerId))).toBe(7_000);
    const [wallet] = await q('SELECT balance_fen::int AS b FROM wallet WHERE user_id = $1', [ids.buyerId]);
    expect(wallet.b).toBe(7_000);
    const [sum] = await q('SELECT sum(balance_fen)::bigint AS s FROM ledger_account');
    expect(Number(sum.s)).toBe(0);
    const [postings] = await q('SELECT sum(amount_fen)::bigint AS s FROM ledger_posting');
    expect(Number(postings.s)).toBe(0);
  });

  it('refuses to update or delete entries, and refuses an unbalanced transaction at commit', async () => {
    await expect(q('UPDATE ledger_posting SET amount_fen = amount_fen + 1')).rejects.toThrow(/append-only/);
    await expect(q('DELETE FROM ledger_txn')).rejects.toThrow(/append-only/);
    const client = await api.db.database.pool.connect();
    try {
      await client.query('BEGIN');
      const t = await client.query(
        "INSERT INTO ledger_txn (kind, ref, memo) VALUES ('fee', 'manual', 'one-sided') RETURNING id",
      );
      const acc = await client.query('SELECT id FROM ledger_account LIMIT 1');
      await client.query('INSERT INTO ledger_posting (txn_id, account_id, amount_fen) VALUES ($1, $2, 100)', [
        t.rows[0].id,
        acc.rows[0].id,
      ]);
      await expect(client.query('COMMIT')).rejects.toThrow(/does not balance/);
    } finally {
      client.release();
    }
    expect(await q("SELECT 1 FROM ledger_txn WHERE ref = 'manual'")).toHaveLength(0);
  });

  it('refuses a manual entry that does not balance, and an overdraft, leaving nothing behind', async () => {
    const now = new Date();
    const unbalanced = inTransaction(api.ctx.db, (tx) =>
      postTxn(
        tx,
        {
          kind: 'fee',
          ref: 'manual:1',
          memo: 'x',
          postings: [...transfer(ESCROW, FEE_INCOME, 100), { account: ESCROW, amountFen: -1 }],
        },
        now,
      ),
    );
    await expect(unbalanced).rejects.toMatchObject({ code: 'LEDGER.UNBALANCED' });
    const overdraft = inTransaction(api.ctx.db, (tx) =>
      postTxn(
        tx,
        {
          kind: 'fee',
          ref: 'manual:2',
          memo: 'x',
          postings: transfer(buyerBalance(ids.buyerId), FEE_INCOME, 99_999_999),
        },
        now,
      ),
    );
    await expect(overdraft).rejects.toBeInstanceOf(AppError);
    await expect(overdraft).rejects.toMatchObject({ code: 'LEDGER.INSUFFICIENT_FUNDS' });
    expect(await q("SELECT 1 FROM ledger_txn WHERE ref LIKE 'manual:%'")).toHaveLength(0);
  });

  it('lets 30 concurrent balance payments spend exactly what the balance holds, never below zero', async () => {
    await setBalance(api.ctx, ids.buyerId, 10_000);
    const results = await Promise.all(Array.from({ length: 30 }, () => buyAndPay('balance', 1_000)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status !== 200).every((r) => r.status < 500)).toBe(true);
    const b = await balances(api.ctx.db, [buyerBalance(ids.buyerId)]);
    expect(b.get(buyerBalance(ids.buyerId))).toBe(0);
    const [wallet] = await q('SELECT balance_fen::int AS b FROM wallet WHERE user_id = $1', [ids.buyerId]);
    expect(wallet.b).toBe(0);
  });

  it('shows admins balanced books and takes only balanced manual entries', async () => {
    const admin = api.client();
    await admin.login('admin');
    const accounts = await admin.get('/api/admin/ledger/accounts');
    expect(accounts.status).toBe(200);
    expect(accounts.body.totalFen).toBe(0);
    expect(accounts.body.items.map((a: { path: string }) => a.path)).toContain(ESCROW);
    const entries = await admin.get(
      `/api/admin/ledger/entries?account=${encodeURIComponent(ESCROW)}&limit=5`,
    );
    expect(entries.body.items.length).toBeGreaterThan(0);
    const txn = await admin.get(`/api/admin/ledger/txns/${entries.body.items[0].txnId}`);
    expect(txn.body.postings.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0)).toBe(0);
    const unbalanced = await admin.post('/api/admin/ledger/txns', {
      kind: 'fee',
      memo: '手工调整',
      postings: [
        { account: ESCROW, amountFen: -100 },
        { account: FEE_INCOME, amountFen: 99 },
      ],
    });
    expect(unbalanced.status).toBe(422);
    expect(unbalanced.body.error.code).toBe('LEDGER.UNBALANCED');
    // An account of a buyer or shop that does not exist is refused like an unknown path, and not opened.
    const nobody = await admin.post('/api/admin/ledger/txns', {
      kind: 'fee',
      memo: '手工调整：给不存在的买家',
      postings: transfer(FEE_INCOME, 'buyer:999999:balance', 1),
    });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error.details.problems).toEqual([
      { code: 'UNKNOWN_ACCOUNT', account: 'buyer:999999:balance' },
    ]);
    expect(
      (await api.db.database.pool.query("SELECT 1 FROM ledger_account WHERE path = 'buyer:999999:balance'"))
        .rowCount,
    ).toBe(0);
    const ok = await admin.post('/api/admin/ledger/txns', {
      kind: 'fee',
      memo: '手工调整：补记手续费',
      postings: transfer(ESCROW, FEE_INCOME, 1),
    });
    expect(ok.status).toBe(201);
    // A reversal must undo its original exactly…
    const wrong = await admin.post('/api/admin/ledger/txns', {
      kind: 'reversal',
      memo: '冲销上一笔',
      reversesId: ok.body.id,
      postings: transfer(FEE_INCOME, ESCROW, 2),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('LEDGER.NOT_A_REVERSAL');
    // …and happens once, even when two admins click at the same moment.
    const both = await Promise.all(
      [1, 2].map(() =>
        admin.post('/api/admin/ledger/txns', {
          kind: 'reversal',
          memo: '冲销上一笔',
          reversesId: ok.body.id,
          postings: transfer(FEE_INCOME, ESCROW, 1),
        }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe('LEDGER.ALREADY_REVERSED');
    expect(
      (
        await admin.post('/api/admin/ledger/txns', {
          kind: 'reversal',
          memo: '冲销',
          reversesId: 99_999_999,
          postings: transfer(FEE_INCOME, ESCROW, 1),
        })
      ).status,
    ).toBe(404);
    expect((await buyer.get('/api/admin/ledger/accounts')).status).toBe(403);
  });
});
