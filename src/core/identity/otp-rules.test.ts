import { describe, expect, it } from 'vitest';
import { confirmRefusal, OTP_RULES, sendRefusal } from './otp-rules.ts';

const t0 = new Date('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('sendRefusal', () => {
  it('allows the first code', () => {
    expect(sendRefusal({ codesSentAt: [], attemptsAt: [], now: t0 })).toBeNull();
  });
  it('allows one code per 60 s', () => {
    expect(sendRefusal({ codesSentAt: [t0], attemptsAt: [t0], now: at(59_999) })).toEqual({
      code: 'too_soon',
      retryAt: at(60_000),
    });
    expect(sendRefusal({ codesSentAt: [t0], attemptsAt: [t0], now: at(60_000) })).toBeNull();
  });
  it('allows five codes per hour', () => {
    const sent = [0, 1, 2, 3, 4].map((m) => at(m * 120_000));
    expect(sendRefusal({ codesSentAt: sent, attemptsAt: sent, now: at(20 * 60_000) })).toEqual({
      code: 'hourly_limit',
      retryAt: at(3_600_000),
    });
    expect(sendRefusal({ codesSentAt: sent, attemptsAt: sent, now: at(3_600_001) })).toBeNull();
  });
  it('allows ten verification attempts per day, failed ones included', () => {
    const attempts = Array.from({ length: OTP_RULES.attemptsPerDay }, (_, i) => at(i * 3_600_000));
    expect(sendRefusal({ codesSentAt: [], attemptsAt: attempts, now: at(12 * 3_600_000) })).toEqual({
      code: 'daily_attempts',
      retryAt: at(86_400_000),
    });
    expect(sendRefusal({ codesSentAt: [], attemptsAt: attempts, now: at(86_400_001) })).toBeNull();
  });
});

describe('confirmRefusal', () => {
  const fresh = { attempts: 0, expiresAt: at(OTP_RULES.ttlMs), consumedAt: null };
  it('lets a fresh code be checked', () => expect(confirmRefusal(fresh, t0)).toBeNull());
  it('names each reason a code cannot be checked', () => {
    expect(confirmRefusal(null, t0)).toBe('no_code');
    expect(confirmRefusal({ ...fresh, consumedAt: t0 }, t0)).toBe('used');
    expect(confirmRefusal({ ...fresh, attempts: OTP_RULES.maxTries }, t0)).toBe('locked');
    expect(confirmRefusal(fresh, at(OTP_RULES.ttlMs))).toBe('expired');
  });
});
