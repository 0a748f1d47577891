import { describe, expect, it } from 'vitest';
import { escalationRefusal } from './buyer-escalation.ts';

describe('the buyer’s escalation request', () => {
  it('needs an urge first, once per case, while the platform is to act', () => {
    const base = { state: 'submitted' as const, urgeCount: 0, buyerEscalatedAt: null };
    expect(escalationRefusal(base)).toBe('REFUND.ESCALATION_NEEDS_URGE');
    expect(escalationRefusal({ ...base, urgeCount: 1 })).toBeNull();
    expect(escalationRefusal({ ...base, state: 'appealed', urgeCount: 2 })).toBeNull();
    expect(escalationRefusal({ ...base, urgeCount: 1, state: 'info_requested' })).toBe(
      'REFUND.ILLEGAL_TRANSITION',
    );
    expect(escalationRefusal({ ...base, urgeCount: 1, state: 'refunded' })).toBe('REFUND.ILLEGAL_TRANSITION');
    expect(escalationRefusal({ ...base, urgeCount: 1, buyerEscalatedAt: new Date() })).toBe(
      'REFUND.ESCALATION_REQUESTED',
    );
  });
});
