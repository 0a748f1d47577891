import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelWord, comparePayout, type OurPayout, type OurPayoutStatus } from './compare.ts';

const paid = (over: Partial<OurPayout> = {}): OurPayout => ({
  channel: 'alipay',
  status: 'succeeded',
  amountFen: 9_500,
  channelRefundId: 'R1',
  ledgerFen: 9_500,
  ...over,
});
const words = {
  succeeded: { kind: 'succeeded', channelRefundId: 'R1', refundedFen: 9_500 },
  processing: { kind: 'processing' },
  closed: { kind: 'failed', reason: 'closed', message: 'CLOSED 退款关闭' },
  unknown: { kind: 'unknown', message: 'timeout' },
  not_found: { kind: 'not_found' },
} as const satisfies Record<string, ChannelWord>;
type Word = keyof typeof words;

/**
 * Our status × the channel's word → the mismatch kind (or null). The ledger agrees with our status in
 * every row (booked for succeeded, nothing otherwise), so only the channel can disagree here.
 */
const TABLE: Record<OurPayoutStatus, Record<Word, string | null>> = {
  succeeded: {
    succeeded: null,
    processing: 'status_differs',
    closed: 'status_differs',
    unknown: 'status_differs',
    not_found: 'missing_at_channel',
  },
  failed: {
    succeeded: 'status_differs',
    processing: 'status_differs',
    closed: null,
    unknown: 'status_differs',
    not_found: null,
  },
  pending: {
    succeeded: 'status_differs',
    processing: null,
    closed: null,
    unknown: 'status_differs',
    not_found: null,
  },
  processing: {
    succeeded: 'status_differs',
    processing: null,
    closed: null,
    unknown: 'status_differs',
    not_found: null,
  },
  unknown: {
    succeeded: 'status_differs',
    processing: null,
    closed: null,
    unknown: 'status_differs',
    not_found: null,
  },
};

describe('comparePayout against the channel', () => {
  for (const [status, row] of Object.entries(TABLE) as [OurPayoutStatus, Record<Word, string | null>][])
    for (const [word, expected] of Object.entries(row) as [Word, string | null][])
      it(`ours ${status} × channel ${word} → ${expected ?? 'agrees'}`, () => {
        const ours = paid({ status, ledgerFen: status === 'succeeded' ? 9_500 : null });
        expect(comparePayout(ours, words[word])?.kind ?? null).toBe(expected);
      });

  it('says the money left without our books showing it, with both sides’ words', () => {
    const m = comparePayout(paid({ status: 'processing', ledgerFen: null }), words.succeeded);
    expect(m).toMatchObject({
      kind: 'status_differs',
      oursStatus: 'processing',
      oursFen: 9_500,
      theirsStatus: 'succeeded',
      theirsFen: 9_500,
    });
    expect(m?.detail).toContain('资金已出而账上未记');
    expect(m?.detail).toContain('¥95.00');
  });

  it('records a failed query as not verified, with its message', () => {
    const m = comparePayout(paid(), words.unknown);
    expect(m).toMatchObject({ kind: 'status_differs', theirsStatus: 'unknown', theirsFen: null });
    expect(m?.detail).toContain('timeout');
  });

  it('names the channel’s failure reason', () => {
    expect(comparePayout(paid(), words.closed)).toMatchObject({ theirsStatus: 'closed' });
  });

  it('finds a different amount, in fen both ways', () => {
    const m = comparePayout(paid(), { ...words.succeeded, refundedFen: 9_400 });
    expect(m).toMatchObject({ kind: 'amount_differs', oursFen: 9_500, theirsFen: 9_400 });
    expect(m?.detail).toContain('我方 ¥95.00，渠道 ¥94.00');
  });

  it('finds a different channel refund id, but not a missing one of ours', () => {
    expect(comparePayout(paid(), { ...words.succeeded, channelRefundId: 'R2' })?.kind).toBe('status_differs');
    expect(comparePayout(paid({ channelRefundId: null }), words.succeeded)).toBeNull();
  });

  it('reports the channel’s disagreement before the ledger’s', () => {
    expect(comparePayout(paid({ ledgerFen: null }), words.not_found)?.kind).toBe('missing_at_channel');
    expect(comparePayout(paid({ ledgerFen: null }), words.succeeded)?.kind).toBe('ledger_differs');
  });

  it('needs the channel’s word for a channel payout', () => {
    expect(() => comparePayout(paid(), null)).toThrow();
  });
});

describe('comparePayout against the ledger', () => {
  it('wants a paid payout booked at its amount', () => {
    expect(comparePayout(paid({ channel: 'balance' }), null)).toBeNull();
    expect(comparePayout(paid({ channel: 'balance', ledgerFen: null }), null)).toMatchObject({
      kind: 'ledger_differs',
      theirsStatus: 'ledger_missing',
      theirsFen: null,
    });
    // Booked, then reversed by a correction: nets to zero.
    expect(comparePayout(paid({ channel: 'balance', ledgerFen: 0 }), null)).toMatchObject({
      kind: 'ledger_differs',
      theirsStatus: 'ledger_booked',
      theirsFen: 0,
    });
    expect(comparePayout(paid({ ledgerFen: 9_000 }), words.succeeded)?.detail).toContain('¥90.00');
  });

  it('wants nothing booked for a payout that has not paid (a reversed booking nets to zero)', () => {
    for (const status of ['pending', 'processing', 'unknown', 'failed'] as const) {
      const balance = paid({ channel: 'balance', status, ledgerFen: 9_500 });
      expect(comparePayout(balance, null)?.kind, status).toBe('ledger_differs');
      expect(comparePayout({ ...balance, ledgerFen: null }, null), status).toBeNull();
      expect(comparePayout({ ...balance, ledgerFen: 0 }, null), status).toBeNull();
    }
  });

  it('agrees whenever both sides and the ledger say the same paid amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom('alipay', 'wechatpay', 'balance' as const),
        (amountFen, channel) => {
          const ours = paid({ channel, amountFen, ledgerFen: amountFen });
          const word = channel === 'balance' ? null : { ...words.succeeded, refundedFen: amountFen };
          return comparePayout(ours, word) === null;
        },
      ),
    );
  });
});
