import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../calendar/business-calendar.ts';
import { DEFAULT_CALENDAR_2026 } from '../calendar/default-calendar.ts';
import { DEFAULT_POLICY } from '../policy/default-policy.ts';
import { parsePolicy } from '../policy/parse.ts';
import {
  COMPLAINT_EVENTS,
  COMPLAINT_STATES,
  COMPLAINT_TRANSITIONS,
  type ComplaintState,
  complaintEvents,
  complaintTransition,
} from './complaint-machine.ts';
import { DEFAULT_COMPLAINT_POLICY } from './complaint-policy.ts';
import {
  checkOutcome,
  complaintDeadline,
  complaintReopenRefusal,
  complaintUrgeRefusal,
  concernedStaff,
  handlingRefusal,
} from './complaint-rules.ts';

const cal = compileCalendar(DEFAULT_CALENDAR_2026);
const policy = DEFAULT_COMPLAINT_POLICY;

describe('complaint state machine', () => {
  it('reaches every state from submitted, and only resolved/dismissed lead back (by the buyer)', () => {
    const seen = new Set<ComplaintState>(['submitted']);
    let frontier: ComplaintState[] = ['submitted'];
    while (frontier.length) {
      const next: ComplaintState[] = [];
      for (const s of frontier)
        for (const e of COMPLAINT_EVENTS)
          for (const who of ['buyer', 'supervisor', 'system'] as const) {
            const t = complaintTransition(s, e, who);
            if (t.ok && !seen.has(t.to)) {
              seen.add(t.to);
              next.push(t.to);
            }
          }
      frontier = next;
    }
    expect([...seen].sort()).toEqual([...COMPLAINT_STATES].sort());
    for (const s of ['resolved', 'dismissed'] as const) {
      expect(complaintEvents(s, 'supervisor')).toEqual([]);
      expect(complaintEvents(s, 'buyer')).toEqual(['reopen']);
    }
  });

  it('lets supervisors decide and buyers only reopen', () => {
    expect(complaintTransition('submitted', 'accept', 'supervisor')).toEqual({ ok: true, to: 'accepted' });
    expect(complaintTransition('submitted', 'accept', 'buyer')).toEqual({
      ok: false,
      reason: 'actor_not_allowed',
    });
    expect(complaintTransition('submitted', 'resolve', 'supervisor')).toEqual({
      ok: false,
      reason: 'illegal_transition',
    });
    expect(complaintTransition('investigating', 'resolve', 'supervisor')).toEqual({
      ok: true,
      to: 'resolved',
    });
    for (const edge of Object.values(COMPLAINT_TRANSITIONS)) expect(edge.by.length).toBeGreaterThan(0);
  });
});

describe('complaint deadlines and urging', () => {
  it('counts business days: filed on Friday 2026-11-27, a 3-day complaint is due end of Wednesday', () => {
    const filed = new Date('2026-11-27T10:00:00+08:00');
    const due = complaintDeadline(cal, policy, 'slow_handling', filed);
    expect(due.toISOString()).toBe(new Date('2026-12-02T23:59:59.999+08:00').toISOString());
    // Over the National Day holiday the days do not count.
    const beforeHoliday = complaintDeadline(
      cal,
      policy,
      'slow_handling',
      new Date('2026-09-30T10:00:00+08:00'),
    );
    expect(beforeHoliday > new Date('2026-10-08T00:00:00+08:00')).toBe(true);
  });

  it('refuses an urge before the deadline and twice on one business day', () => {
    const deadline = new Date('2026-12-02T15:59:59.999Z');
    const open = { state: 'accepted' as const, deadline, urgedAt: null };
    expect(complaintUrgeRefusal(cal, open, new Date('2026-12-01T00:00:00Z'))?.code).toBe(
      'COMPLAINT.URGE_TOO_EARLY',
    );
    const late = new Date('2026-12-03T02:00:00Z');
    expect(complaintUrgeRefusal(cal, open, late)).toBeNull();
    expect(
      complaintUrgeRefusal(cal, { ...open, urgedAt: late }, new Date('2026-12-03T05:00:00Z'))?.code,
    ).toBe('COMPLAINT.URGE_LIMIT');
    expect(complaintUrgeRefusal(cal, { ...open, state: 'resolved' }, late)?.code).toBe(
      'COMPLAINT.ILLEGAL_TRANSITION',
    );
  });

  it('allows one reopen, within the window', () => {
    const closedAt = new Date('2026-12-01T02:00:00Z');
    const done = { state: 'dismissed' as const, reopenCount: 0, closedAt };
    expect(complaintReopenRefusal(cal, policy, done, new Date('2026-12-02T02:00:00Z'))).toBeNull();
    expect(complaintReopenRefusal(cal, policy, { ...done, reopenCount: 1 }, closedAt)).toBe(
      'COMPLAINT.REOPEN_LIMIT',
    );
    expect(complaintReopenRefusal(cal, policy, done, new Date('2027-01-30T02:00:00Z'))).toBe(
      'COMPLAINT.REOPEN_TOO_LATE',
    );
    expect(complaintReopenRefusal(cal, policy, { ...done, state: 'accepted' }, closedAt)).toBe(
      'COMPLAINT.ILLEGAL_TRANSITION',
    );
  });
});

describe('routing away from the staff concerned', () => {
  it('keeps out everyone who handled the case, and agents altogether', () => {
    const concerned = concernedStaff({ assigneeId: 7, rejectedBy: 9, staffActorIds: [7, 12] });
    expect(concerned).toEqual([7, 9, 12]);
    const c = { concernedStaffIds: concerned };
    expect(handlingRefusal(c, { userId: 9, role: 'supervisor' })).toBe('COMPLAINT.CONCERNED');
    expect(handlingRefusal(c, { userId: 3, role: 'agent' })).toBe('COMPLAINT.NOT_STAFF');
    expect(handlingRefusal(c, { userId: 4, role: 'supervisor' })).toBeNull();
    expect(handlingRefusal(c, { userId: 5, role: 'admin' })).toBeNull();
  });
});

describe('outcomes', () => {
  const refunded = { state: 'refunded' as const, feeFen: 500, feeAlreadyBack: false };
  const base = { compensationFen: 0, maxCompensationFen: 50_000, compensatedFen: 0 };
  it('refunds a kept fee once, only on a refunded case', () => {
    expect(checkOutcome({ ...base, actions: ['refund_fee'], case: refunded })).toBeNull();
    expect(
      checkOutcome({ ...base, actions: ['refund_fee'], case: { ...refunded, feeAlreadyBack: true } })?.code,
    ).toBe('COMPLAINT.NO_FEE_TO_REFUND');
    expect(checkOutcome({ ...base, actions: ['refund_fee'], case: { ...refunded, feeFen: 0 } })?.code).toBe(
      'COMPLAINT.NO_FEE_TO_REFUND',
    );
    expect(checkOutcome({ ...base, actions: ['refund_fee'], case: null })?.code).toBe(
      'COMPLAINT.OUTCOME_NEEDS_CASE',
    );
  });
  it('reopens only a rejected or closed case', () => {
    expect(
      checkOutcome({ ...base, actions: ['reopen_case'], case: { ...refunded, state: 'rejected' } }),
    ).toBeNull();
    expect(checkOutcome({ ...base, actions: ['reopen_case'], case: refunded })?.code).toBe(
      'COMPLAINT.CASE_NOT_REOPENABLE',
    );
  });
  it('compensates within 1 fen and the cap, and only when asked to', () => {
    expect(checkOutcome({ ...base, actions: ['compensate'], compensationFen: 1000, case: null })).toBeNull();
    expect(
      checkOutcome({ ...base, actions: ['compensate'], compensationFen: 50_001, case: null })?.code,
    ).toBe('COMPLAINT.COMPENSATION_RANGE');
    expect(checkOutcome({ ...base, actions: ['compensate'], case: null })?.code).toBe(
      'COMPLAINT.COMPENSATION_RANGE',
    );
    expect(checkOutcome({ ...base, actions: [], compensationFen: 5, case: null })?.code).toBe(
      'COMPLAINT.COMPENSATION_RANGE',
    );
  });
  it('holds the cap over a reopened complaint in all: what an earlier decision paid counts', () => {
    const again = { ...base, actions: ['compensate'] as const, compensatedFen: 1_000, case: null };
    expect(checkOutcome({ ...again, actions: [...again.actions], compensationFen: 49_000 })).toBeNull();
    expect(checkOutcome({ ...again, actions: [...again.actions], compensationFen: 49_001 })).toEqual({
      code: 'COMPLAINT.COMPENSATION_RANGE',
      maxFen: 49_000,
    });
    expect(
      checkOutcome({ ...again, actions: [...again.actions], compensatedFen: 50_000, compensationFen: 1 })
        ?.code,
    ).toBe('COMPLAINT.COMPENSATION_RANGE');
  });
});

describe('complaint policy data', () => {
  it('is part of the policy, and a version stored without it reads as the defaults', () => {
    const { complaints, ...older } = structuredClone(DEFAULT_POLICY) as typeof DEFAULT_POLICY;
    expect(complaints.resolveDays.slow_handling).toBe(3);
    const parsed = parsePolicy(older);
    expect(parsed.ok && parsed.policy.complaints).toEqual(DEFAULT_COMPLAINT_POLICY);
    const bad = parsePolicy({ ...older, complaints: { ...complaints, merchantAnswerDays: 0 } });
    expect(bad.ok).toBe(false);
  });
});

describe('the help page on complaining', () => {
  it('is written from the policy: deadlines, cap and outside channels follow the data', async () => {
    const { complaintGuide } = await import('./guide.ts');
    const guide = complaintGuide(
      { ...policy, maxCompensationFen: 12_345, resolveDays: { ...policy.resolveDays, slow_handling: 9 } },
      4,
    );
    expect(guide.policyVersion).toBe(4);
    const inside = guide.sections[0]!;
    expect(inside.itemsZh).toContain('处理太慢：9 个工作日内处理完毕。');
    expect(inside.itemsZh.join('')).toContain('¥123.45');
    expect(guide.sections[1]!.itemsZh[0]).toContain('全国12315平台（https://www.12315.cn/）');
    expect(guide.sections[2]!.itemsZh[0]).toContain('案件档案');
    expect(guide.sections.every((s) => s.itemsZh.length === s.itemsEn.length)).toBe(true);
  });
});
