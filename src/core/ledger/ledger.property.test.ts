import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADVANCES,
  ESCROW,
  FUNDING,
  GUARANTEE,
  mayGoNegative,
  merchantBalance,
  merchantDeposit,
  merchantReceivable,
} from './accounts.ts';
import { paymentTxn, planRefund, planReturnPostage } from './refund-plan.ts';
import { recoveryTxn, settlementTxn, withdrawalTxn } from './settlement.ts';
import { checkTxn, type LedgerTxn, reversal, transfer, undoes } from './txn.ts';

/** A ledger in memory: applies transactions the way the database does (balanced, no overdraft). */
class Books {
  balances = new Map<string, number>();
  txns: LedgerTxn[] = [];
  balance(a: string) {
    return this.balances.get(a) ?? 0;
  }
  post(txn: LedgerTxn) {
    expect(checkTxn(txn)).toEqual([]);
    for (const p of txn.postings) this.balances.set(p.account, this.balance(p.account) + p.amountFen);
    this.txns.push(txn);
    for (const [a, v] of this.balances) if (!mayGoNegative(a)) expect(v, a).toBeGreaterThanOrEqual(0);
  }
}

type Order = {
  id: number;
  merchantId: number;
  buyerId: number;
  channel: 'alipay' | 'wechatpay' | 'balance';
  paid: number;
  escrow: number;
  refunded: number;
  fees: number;
};

const op = fc.oneof(
  fc.record({
    t: fc.constant('pay' as const),
    fen: fc.integer({ min: 1, max: 1_000_000 }),
    channel: fc.constantFrom('alipay', 'wechatpay', 'balance') as fc.Arbitrary<
      'alipay' | 'wechatpay' | 'balance'
    >,
    merchant: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    t: fc.constant('refund' as const),
    order: fc.nat(),
    share: fc.double({ min: 0, max: 1.2, noNaN: true }),
    feeShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
  }),
  fc.record({ t: fc.constant('settle' as const), order: fc.nat() }),
  fc.record({ t: fc.constant('withdraw' as const), merchant: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant('recover' as const), merchant: fc.integer({ min: 1, max: 3 }) }),
);

describe('the ledger under any sequence of money movements', () => {
  it('balances every transaction, overdraws nothing, and never refunds more than was paid', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 2_000_000 }), (ops, fund) => {
        const books = new Books();
        const orders: Order[] = [];
        if (fund > 0)
          books.post({
            kind: 'funding',
            ref: 'fund',
            memo: '',
            postings: transfer(FUNDING, GUARANTEE, fund),
          });
        for (const m of [1, 2, 3])
          books.post({
            kind: 'deposit',
            ref: `dep:${m}`,
            memo: '',
            postings: transfer(FUNDING, merchantDeposit(m), 50_000),
          });
        for (const o of ops) {
          if (o.t === 'pay') {
            const order: Order = {
              id: orders.length + 1,
              merchantId: o.merchant,
              buyerId: 7,
              channel: o.channel,
              paid: o.fen,
              escrow: o.fen,
              refunded: 0,
              fees: 0,
            };
            // A balance payment needs balance: the buyer tops up first.
            if (o.channel === 'balance')
              books.post({
                kind: 'funding',
                ref: 'topup',
                memo: '',
                postings: transfer(FUNDING, 'buyer:7:balance', o.fen),
              });
            books.post(
              paymentTxn({ ref: `order:${order.id}`, channel: o.channel, buyerId: 7, amountFen: o.fen }),
            );
            orders.push(order);
          } else if (o.t === 'refund' && orders.length) {
            const order = orders[o.order % orders.length]!;
            const left = order.paid - order.refunded - order.fees;
            // The case layer never approves more than is left; ask for up to 120% to prove the cap holds.
            const wanted = Math.floor(order.paid * o.share);
            const fee = Math.min(Math.floor(wanted * o.feeShare), left);
            const refund = Math.min(wanted, left - fee);
            if (refund <= 0) continue;
            const plan = planRefund({
              ref: `refund:${order.id}`,
              channel: order.channel,
              buyerId: 7,
              merchantId: order.merchantId,
              refundFen: refund,
              feeFen: fee,
              sources: {
                escrowFen: order.escrow,
                merchantBalanceFen: books.balance(merchantBalance(order.merchantId)),
                guaranteeFen: books.balance(GUARANTEE),
              },
            });
            if (!plan.ok) {
              expect(plan.shortFen).toBeGreaterThan(0);
              continue;
            }
            books.post(plan.txn);
            order.escrow -= plan.fromEscrowFen + Math.min(fee, order.escrow);
            order.refunded += refund;
            order.fees += fee;
            expect(plan.fromEscrowFen + plan.fromMerchantFen + plan.advancedFen).toBe(refund);
          } else if (o.t === 'settle' && orders.length) {
            const order = orders[o.order % orders.length]!;
            if (order.escrow <= 0) continue;
            books.post(
              settlementTxn({
                orderNo: String(order.id),
                merchantId: order.merchantId,
                amountFen: order.escrow,
              }),
            );
            order.escrow = 0;
            // Settlement first pays back what the merchant owes the guarantee fund.
            const back = recoveryTxn({
              ref: `settle:${order.id}`,
              merchantId: order.merchantId,
              from: 'balance',
              owedFen: books.balance(merchantReceivable(order.merchantId)),
              availableFen: books.balance(merchantBalance(order.merchantId)),
            });
            if (back) books.post(back);
          } else if (o.t === 'withdraw') {
            const bal = books.balance(merchantBalance(o.merchant));
            if (bal > 0)
              books.post(withdrawalTxn({ ref: 'withdraw', merchantId: o.merchant, amountFen: bal }));
          } else if (o.t === 'recover') {
            const back = recoveryTxn({
              ref: 'recover',
              merchantId: o.merchant,
              from: 'deposit',
              owedFen: books.balance(merchantReceivable(o.merchant)),
              availableFen: books.balance(merchantDeposit(o.merchant)),
            });
            if (back) books.post(back);
          }
        }
        // The whole ledger sums to zero, and escrow holds exactly what orders still have in it.
        expect([...books.balances.values()].reduce((a, b) => a + b, 0)).toBe(0);
        expect(books.balance(ESCROW)).toBe(orders.reduce((s, o) => s + o.escrow, 0));
        for (const order of orders) expect(order.refunded + order.fees).toBeLessThanOrEqual(order.paid);
        // Receivables are exactly the advances not yet recovered.
        expect(
          books.balance(ADVANCES) + [1, 2, 3].reduce((s, m) => s + books.balance(merchantReceivable(m)), 0),
        ).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ledger transactions', () => {
  it('refuses unbalanced, fractional, empty and unknown-account transactions', () => {
    expect(
      checkTxn({
        postings: transfer(ESCROW, 'platform:fee_income', 100).concat([{ account: ESCROW, amountFen: 1 }]),
      }),
    ).toEqual([{ code: 'UNBALANCED', sumFen: 1 }]);
    expect(checkTxn({ postings: transfer(ESCROW, 'platform:fee_income', 1.5) }).map((p) => p.code)).toContain(
      'NOT_INTEGER',
    );
    expect(checkTxn({ postings: [] }).map((p) => p.code)).toEqual(['EMPTY']);
    expect(checkTxn({ postings: transfer('platform:nope', ESCROW, 5) })).toEqual([
      { code: 'UNKNOWN_ACCOUNT', account: 'platform:nope' },
    ]);
  });

  it('corrects by reversal: the reversal balances and cancels the original', () => {
    const pay = paymentTxn({ ref: 'order:1', channel: 'alipay', buyerId: 3, amountFen: 990 });
    const back = reversal(pay, 'fix:1', 'entered twice');
    expect(checkTxn(back)).toEqual([]);
    const sums = new Map<string, number>();
    for (const p of [...pay.postings, ...back.postings])
      sums.set(p.account, (sums.get(p.account) ?? 0) + p.amountFen);
    expect([...sums.values()].every((v) => v === 0)).toBe(true);
    expect(undoes(pay.postings, back.postings)).toBe(true);
    expect(undoes(pay.postings, back.postings.slice(1))).toBe(false);
    expect(undoes(pay.postings, pay.postings)).toBe(false);
  });

  it('takes a refund from escrow, then the merchant, then advances the rest from the guarantee fund', () => {
    const plan = planRefund({
      ref: 'refund:R1',
      channel: 'wechatpay',
      buyerId: 3,
      merchantId: 4,
      refundFen: 1000,
      feeFen: 50,
      sources: { escrowFen: 450, merchantBalanceFen: 300, guaranteeFen: 10_000 },
    });
    expect(plan).toMatchObject({ ok: true, fromEscrowFen: 400, fromMerchantFen: 300, advancedFen: 300 });
    if (!plan.ok) return;
    expect(plan.txn.postings).toEqual(
      expect.arrayContaining([
        { account: ESCROW, amountFen: -450 },
        { account: 'platform:fee_income', amountFen: 50 },
        { account: 'channel:wechatpay:clearing', amountFen: 1000 },
        { account: 'merchant:4:balance', amountFen: -300 },
        { account: GUARANTEE, amountFen: -300 },
        { account: 'merchant:4:receivable', amountFen: 300 },
        { account: ADVANCES, amountFen: -300 },
      ]),
    );
    expect(
      planRefund({
        ref: 'r',
        channel: 'alipay',
        buyerId: 1,
        merchantId: 1,
        refundFen: 100,
        feeFen: 0,
        sources: { escrowFen: 0, merchantBalanceFen: 0, guaranteeFen: 40 },
      }),
    ).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS', shortFen: 60 });
  });
});

describe('return postage (退货运费补偿)', () => {
  it('gives the buyer exactly what is owed, takes no more than the shop has, and advances only the rest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (owed, shop, fund) => {
          const plan = planReturnPostage({
            refundNo: 'R26120712345678',
            buyerId: 7,
            merchantId: 3,
            amountFen: owed,
            merchantBalanceFen: shop,
            guaranteeFen: fund,
          });
          if (!plan.ok) {
            expect(owed - shop).toBeGreaterThan(fund);
            expect(plan.shortFen).toBe(owed - shop - fund);
            return;
          }
          const books = new Books();
          const fundTo = (account: string, fen: number) =>
            fen > 0 &&
            books.post({
              kind: 'funding',
              ref: account,
              memo: '',
              postings: transfer(FUNDING, account, fen),
            });
          fundTo(merchantBalance(3), shop);
          fundTo(GUARANTEE, fund);
          books.post(plan.txn);
          expect(books.balance('buyer:7:balance')).toBe(owed);
          expect(plan.fromMerchantFen).toBe(Math.min(owed, shop));
          expect(books.balance(merchantReceivable(3))).toBe(plan.advancedFen);
          expect(books.balance(ADVANCES)).toBe(0 - plan.advancedFen);
          expect(plan.advancedFen).toBe(owed - Math.min(owed, shop));
        },
      ),
    );
  });
});
