import { describe, expect, it } from 'vitest';
import {
  availableEvents,
  CASE_EVENTS,
  CASE_STATES,
  CASE_TRANSITIONS,
  type CaseActor,
  type CaseState,
  OPEN_STATES,
  TERMINAL_STATES,
  transition,
} from './case-machine.ts';

const ACTORS: CaseActor[] = ['buyer', 'merchant', 'agent', 'supervisor', 'system'];

describe('refund case state machine', () => {
  it('walks every listed transition for every allowed actor', () => {
    for (const [event, edge] of Object.entries(CASE_TRANSITIONS)) {
      for (const from of edge.from) {
        for (const actor of edge.by) {
          expect(
            transition(from, event as (typeof CASE_EVENTS)[number], actor),
            `${from} --${event}/${actor}`,
          ).toEqual({ ok: true, to: edge.to });
        }
      }
    }
  });

  it('refuses every move that is not in the table', () => {
    let refused = 0;
    for (const from of CASE_STATES) {
      for (const event of CASE_EVENTS) {
        for (const actor of ACTORS) {
          const edge = CASE_TRANSITIONS[event];
          const listed = edge.from.includes(from) && edge.by.includes(actor);
          const appealDecision =
            from === 'appealed' && (event === 'approve' || event === 'reject') && actor === 'supervisor';
          const r = transition(from, event, actor);
          expect(r.ok, `${from} --${event}/${actor}`).toBe(listed || appealDecision);
          if (!r.ok) refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(700);
  });

  it('reaches every state from submitted', () => {
    const seen = new Set<CaseState>(['submitted']);
    const queue: CaseState[] = ['submitted'];
    while (queue.length) {
      const s = queue.shift()!;
      for (const actor of ACTORS) {
        for (const e of availableEvents(s, actor)) {
          const r = transition(s, e, actor);
          if (r.ok && !seen.has(r.to)) {
            seen.add(r.to);
            queue.push(r.to);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...CASE_STATES].sort());
  });

  it('keeps terminal states final and open states open', () => {
    for (const s of TERMINAL_STATES) for (const a of ACTORS) expect(availableEvents(s, a)).toEqual([]);
    for (const s of OPEN_STATES) expect(TERMINAL_STATES).not.toContain(s);
  });

  it('lets only a supervisor decide an appeal, and only a buyer withdraw before approval', () => {
    expect(transition('appealed', 'approve', 'agent')).toEqual({ ok: false, reason: 'actor_not_allowed' });
    expect(transition('appealed', 'approve', 'supervisor')).toEqual({ ok: true, to: 'approved' });
    expect(transition('appealed', 'reject', 'supervisor')).toEqual({ ok: true, to: 'rejected' });
    expect(transition('approved', 'withdraw', 'buyer')).toEqual({ ok: false, reason: 'illegal_transition' });
    expect(transition('submitted', 'withdraw', 'agent')).toEqual({ ok: false, reason: 'actor_not_allowed' });
  });

  it('never lets a risk hold end in an automatic rejection', () => {
    expect(transition('risk_hold', 'reject', 'system').ok).toBe(false);
    expect(transition('risk_hold', 'reject', 'agent').ok).toBe(true);
  });
});

describe('退货寄回 (return shipping) transitions', () => {
  it('waits for the goods between approval and payout, and only the right party moves each step', () => {
    expect(transition('approved', 'request_return', 'system')).toEqual({ ok: true, to: 'awaiting_return' });
    expect(transition('approved', 'request_return', 'agent').ok).toBe(false);
    expect(transition('awaiting_return', 'ship_return', 'buyer')).toEqual({ ok: true, to: 'return_shipped' });
    expect(transition('awaiting_return', 'ship_return', 'merchant')).toEqual({
      ok: false,
      reason: 'actor_not_allowed',
    });
    expect(transition('return_shipped', 'confirm_return', 'merchant')).toEqual({ ok: true, to: 'approved' });
    expect(transition('return_shipped', 'confirm_return', 'buyer').ok).toBe(false);
    expect(transition('return_shipped', 'return_confirm_lapsed', 'system')).toEqual({
      ok: true,
      to: 'approved',
    });
    expect(transition('return_shipped', 'object_return', 'merchant')).toEqual({ ok: true, to: 'submitted' });
    expect(transition('awaiting_return', 'close_unshipped', 'system')).toEqual({ ok: true, to: 'closed' });
    expect(transition('awaiting_return', 'start_payout', 'system')).toEqual({
      ok: false,
      reason: 'illegal_transition',
    });
    expect(transition('return_shipped', 'start_payout', 'system').ok).toBe(false);
  });

  it('lets the buyer withdraw before shipping, not after', () => {
    expect(transition('awaiting_return', 'withdraw', 'buyer')).toEqual({ ok: true, to: 'withdrawn' });
    expect(transition('return_shipped', 'withdraw', 'buyer').ok).toBe(false);
  });

  it('counts both waiting states as open (one open case per order, amount reserved)', () => {
    expect(OPEN_STATES).toContain('awaiting_return');
    expect(OPEN_STATES).toContain('return_shipped');
    expect(availableEvents('awaiting_return', 'buyer')).toEqual(['withdraw', 'ship_return']);
    expect(availableEvents('return_shipped', 'merchant')).toEqual(['confirm_return', 'object_return']);
  });
});
