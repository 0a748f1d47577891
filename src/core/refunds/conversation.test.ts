import { describe, expect, it } from 'vitest';
import { isUnread, mayWrite, recipientSide, threadsFor, threadToWrite } from './conversation.ts';

const DAY = 86_400_000;

describe('the case conversation rules', () => {
  it('gives each party its own thread and staff both', () => {
    expect(threadsFor('buyer')).toEqual(['buyer']);
    expect(threadsFor('merchant')).toEqual(['merchant']);
    expect(threadsFor('agent')).toEqual(['buyer', 'merchant']);
    expect(threadToWrite('buyer', undefined)).toBe('buyer');
    expect(threadToWrite('buyer', 'merchant')).toBeNull();
    expect(threadToWrite('merchant', 'buyer')).toBeNull();
    expect(threadToWrite('supervisor', undefined)).toBe('buyer');
    expect(threadToWrite('agent', 'merchant')).toBe('merchant');
    expect(recipientSide('merchant', 'staff')).toBe('merchant');
    expect(recipientSide('buyer', 'buyer')).toBe('staff');
  });

  it('keeps talk open while the case is, and 7 days after it ended, for the parties only', () => {
    const ended = new Date('2026-12-01T00:00:00Z');
    const open = { state: 'submitted' as const, updatedAt: ended };
    const done = { state: 'refunded' as const, updatedAt: ended };
    expect(mayWrite('buyer', open, new Date(ended.getTime() + 100 * DAY))).toBe(true);
    expect(mayWrite('buyer', done, new Date(ended.getTime() + 7 * DAY - 1))).toBe(true);
    expect(mayWrite('merchant', done, new Date(ended.getTime() + 7 * DAY))).toBe(false);
    expect(mayWrite('agent', done, new Date(ended.getTime() + 100 * DAY))).toBe(true);
  });

  it('counts as unread only the other side’s messages after the marker, and for staff the unanswered', () => {
    const buyer = { side: 'buyer' as const, lastReadId: 5, lastStaffReplyId: 0 };
    expect(isUnread({ id: 6, authorSide: 'staff' }, buyer)).toBe(true);
    expect(isUnread({ id: 5, authorSide: 'staff' }, buyer)).toBe(false);
    expect(isUnread({ id: 7, authorSide: 'buyer' }, buyer)).toBe(false);
    const staff = { side: 'staff' as const, lastReadId: 0, lastStaffReplyId: 8 };
    expect(isUnread({ id: 7, authorSide: 'buyer' }, staff)).toBe(false);
    expect(isUnread({ id: 9, authorSide: 'merchant' }, staff)).toBe(true);
    expect(isUnread({ id: 10, authorSide: 'staff' }, staff)).toBe(false);
  });
});
