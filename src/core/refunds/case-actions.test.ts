import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../calendar/business-calendar.ts';
import { DEFAULT_CALENDAR_2026 } from '../calendar/default-calendar.ts';
import {
  appealRefusal,
  type CaseFacts,
  canUrgeAt,
  caseActions,
  casePriority,
  merchantResponseRefusal,
  urgeRefusal,
} from './case-actions.ts';
import { caseMessages } from './case-messages.ts';

const cal = compileCalendar(DEFAULT_CALENDAR_2026);
// Wednesday 2026-11-25 18:00 Beijing time.
const deadline = new Date('2026-11-25T10:00:00Z');
const base: CaseFacts = {
  state: 'submitted',
  slaDeadline: deadline,
  urgedAt: null,
  escalated: false,
  feeFen: 500,
  feeDisputed: false,
  appealCount: 0,
  appealDeadline: null,
  reopenCount: 0,
  resubmitCount: 0,
  hasNext: false,
  merchantDeadline: new Date('2026-11-24T10:00:00Z'),
  merchantResponse: null,
};
const past = (ms: number) => new Date(deadline.getTime() + ms);

describe('urging (催办)', () => {
  it('is refused before the deadline and allowed from it on', () => {
    expect(urgeRefusal(cal, base, past(-1))).toEqual({ code: 'REFUND.URGE_TOO_EARLY', at: deadline });
    expect(urgeRefusal(cal, base, deadline)).toBeNull();
  });

  it('allows one urge per business day: after a Friday urge, the next is on Monday', () => {
    const friday = new Date('2026-11-27T03:00:00Z'); // Friday 11:00 Beijing
    const c = { ...base, urgedAt: friday };
    const next = canUrgeAt(cal, c);
    expect(next.toISOString()).toBe('2026-11-29T16:00:00.000Z'); // Monday 00:00 Beijing
    expect(urgeRefusal(cal, c, new Date('2026-11-28T08:00:00Z'))?.code).toBe('REFUND.URGE_LIMIT');
    expect(urgeRefusal(cal, c, next)).toBeNull();
  });

  it('is not offered while the platform waits for the buyer or after a decision', () => {
    for (const state of ['info_requested', 'approved', 'rejected', 'refunded'] as const) {
      expect(urgeRefusal(cal, { ...base, state }, past(1))?.code).toBe('REFUND.ILLEGAL_TRANSITION');
    }
  });
});

describe('the actions a screen offers', () => {
  it('offers the buyer urge only when late, dispute only with a fee, resubmit only once per rejection', () => {
    expect(caseActions(cal, base, 'buyer', past(-1))).toEqual(['withdraw', 'dispute_fee', 'add_evidence']);
    expect(caseActions(cal, base, 'buyer', past(1))).toContain('urge');
    expect(caseActions(cal, { ...base, feeFen: 0 }, 'buyer', past(-1))).not.toContain('dispute_fee');
    const rejected = { ...base, state: 'rejected' as const };
    expect(caseActions(cal, rejected, 'buyer', past(1))).toEqual(['appeal', 'resubmit']);
    expect(caseActions(cal, { ...rejected, hasNext: true, appealCount: 1 }, 'buyer', past(1))).toEqual([]);
    expect(caseActions(cal, { ...rejected, resubmitCount: 2 }, 'buyer', past(1))).toEqual(['appeal']);
    expect(caseActions(cal, { ...base, state: 'closed' }, 'buyer', past(1))).toEqual(['reopen']);
    expect(caseActions(cal, { ...base, state: 'closed', reopenCount: 1 }, 'buyer', past(1))).toEqual([]);
  });

  it('offers an appeal once, until the appeal deadline', () => {
    const rejected = { ...base, state: 'rejected' as const, appealDeadline: past(7 * 86_400_000) };
    expect(caseActions(cal, rejected, 'buyer', past(0))).toContain('appeal');
    expect(appealRefusal(rejected, past(7 * 86_400_000))).toBeNull();
    expect(appealRefusal(rejected, past(7 * 86_400_000 + 1))).toBe('REFUND.APPEAL_TOO_LATE');
    expect(caseActions(cal, rejected, 'buyer', past(8 * 86_400_000))).not.toContain('appeal');
    expect(appealRefusal({ ...rejected, appealCount: 1 }, past(0))).toBe('REFUND.APPEAL_LIMIT');
    // Rejected before deadlines existed: no deadline, appealable once as before.
    expect(appealRefusal({ ...rejected, appealDeadline: null }, past(365 * 86_400_000))).toBeNull();
  });

  it('keeps an escalated case from agents (they may look and log contacts) and gives it to supervisors', () => {
    const escalated = { ...base, escalated: true };
    expect(caseActions(cal, escalated, 'agent', past(1))).toEqual(['contact']);
    expect(caseActions(cal, escalated, 'supervisor', past(1))).toEqual(
      expect.arrayContaining(['approve', 'reject', 'request_info', 'waive_fee']),
    );
  });

  it('lets the merchant answer only within its window and only once', () => {
    const open = { ...base, merchantDeadline: past(1) };
    expect(caseActions(cal, open, 'merchant', deadline)).toEqual(['merchant_agree', 'merchant_object']);
    expect(caseActions(cal, open, 'merchant', past(2))).toEqual([]);
    expect(caseActions(cal, { ...open, merchantResponse: 'objected' }, 'merchant', deadline)).toEqual([]);
    // Each refusal says which it is: answered, decided meanwhile, or too late.
    expect(
      merchantResponseRefusal({ ...open, merchantResponse: 'agreed', state: 'refunding' }, deadline),
    ).toBe('REFUND.MERCHANT_ALREADY_ANSWERED');
    expect(merchantResponseRefusal({ ...open, state: 'rejected' }, deadline)).toBe(
      'REFUND.ILLEGAL_TRANSITION',
    );
    expect(merchantResponseRefusal(open, past(2))).toBe('REFUND.MERCHANT_WINDOW_CLOSED');
    expect(merchantResponseRefusal({ ...open, merchantResponse: 'lapsed' }, deadline)).toBe(
      'REFUND.MERCHANT_WINDOW_CLOSED',
    );
    expect(merchantResponseRefusal(open, deadline)).toBeNull();
  });

  it('puts escalated cases before urged ones before the rest', () => {
    expect(casePriority({ escalated: true, urgeCount: 1 })).toBe(3);
    expect(casePriority({ escalated: true, urgeCount: 0 })).toBeGreaterThan(
      casePriority({ escalated: false, urgeCount: 5 }),
    );
    expect(casePriority({ escalated: false, urgeCount: 0 })).toBe(0);
  });
});

describe('site messages for case events', () => {
  const facts = {
    refundNo: 'R26112500010007',
    orderNo: '26112500000012',
    reason: '请上传截图',
    slaDeadline: deadline,
    infoDeadline: new Date('2026-11-30T15:59:59.999Z'),
    merchantDeadline: new Date('2026-11-26T10:00:00Z'),
    amountFen: 2000,
    approvedFen: null,
    feeFen: 0,
    hasAssignee: false,
    assigneeLive: false,
  };

  it('tells the buyer what is needed and by when (Beijing time), in both languages', () => {
    const [m] = caseMessages('request_info', facts);
    expect(m).toMatchObject({ to: 'buyer', kind: 'refund.request_info' });
    expect(m!.bodyZh).toContain('请上传截图');
    expect(m!.bodyZh).toContain('2026-11-30 23:59');
    expect(m!.bodyEn).toContain('2026-11-30 23:59');
  });

  it('sends a new case to the buyer and the merchant, an urge to the supervisors when nobody holds it', () => {
    expect(caseMessages('submit', facts).map((m) => m.to)).toEqual(['buyer', 'merchant']);
    expect(caseMessages('urge', facts).map((m) => m.to)).toEqual(['supervisors']);
    expect(
      caseMessages('urge', { ...facts, hasAssignee: true, assigneeLive: true }).map((m) => m.to),
    ).toEqual(['assignee']);
    expect(caseMessages('approve', facts)[0]!.bodyZh).toContain('¥20.00');
    expect(caseMessages('claim', facts)).toEqual([]);
  });
});
