import { describe, expect, it } from 'vitest';
import { parseReconDay, previousDay } from './day.ts';

describe('reconciliation days', () => {
  const now = new Date('2026-03-10T17:00:00Z'); // 2026-03-11 01:00 in Beijing

  it('takes a real date up to today in Beijing, as midnight-to-midnight Beijing time', () => {
    expect(parseReconDay('2026-03-11', now)).toEqual({
      ok: true,
      day: '2026-03-11',
      window: { from: new Date('2026-03-10T16:00:00Z'), to: new Date('2026-03-11T16:00:00Z') },
    });
    expect(parseReconDay('2026-03-12', now)).toEqual({ ok: false, reason: 'future' });
  });

  it('refuses what is not a calendar date', () => {
    for (const text of ['2026-02-30', '2026-13-01', '20260301', 'yesterday', '', '2026-3-1'])
      expect(parseReconDay(text, now), text).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reconciles the Beijing day before at night', () => {
    expect(previousDay(now)).toBe('2026-03-10');
    expect(previousDay(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-01');
  });
});
