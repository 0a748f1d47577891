import { describe, expect, it } from 'vitest';
import { isPgTime } from './pg-time.ts';

describe('isPgTime', () => {
  it("takes PostgreSQL's own text of a timestamptz", () => {
    for (const s of [
      '2026-12-08 10:03:00+08',
      '2026-12-08 10:03:00.123456+08',
      '2026-12-08 02:03:00.5+00',
      '2024-02-29 23:59:59-05:30',
    ])
      expect(isPgTime(s), s).toBe(true);
  });
  it('refuses times that do not exist or that PostgreSQL cannot hold', () => {
    for (const s of [
      '2026-02-30 00:00:00+00',
      '2025-02-29 00:00:00+00',
      '2026-99-99 99:99:99+00',
      '2026-12-08 24:00:00+00',
      '2026-12-08 00:60:00+00',
      '2026-12-08 00:00:00+99',
      '0000-01-01 00:00:00+00',
      '0001-01-01 00:00:00+08',
      '9999-12-31 23:59:59-10',
      '..........',
      '2026-12-08T10:03:00Z',
      '2026-12-08 10:03:00',
    ])
      expect(isPgTime(s), s).toBe(false);
  });
});
