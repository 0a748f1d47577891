/**
 * The rules of one-time codes (短信验证码) and verification attempts. A 6-digit code is 10⁶ guesses:
 * five tries per code and five codes per hour leave an attacker 25 guesses an hour, a 1 in 40,000
 * chance; the daily cap on attempts also bounds what a real provider bills us for.
 */
export const OTP_RULES = {
  ttlMs: 5 * 60_000,
  maxTries: 5,
  minIntervalMs: 60_000,
  perHour: 5,
  attemptsPerDay: 10,
} as const;

export type SendRefusal = { code: 'too_soon' | 'hourly_limit' | 'daily_attempts'; retryAt: Date };

/**
 * Whether another code may be sent (and the provider asked) now, given when the last hour's codes were
 * sent and when the last day's verification attempts were made (any order).
 */
export function sendRefusal(input: {
  codesSentAt: Date[];
  attemptsAt: Date[];
  now: Date;
}): SendRefusal | null {
  const now = input.now.getTime();
  const day = input.attemptsAt.map((d) => d.getTime()).filter((t) => t > now - 86_400_000);
  if (day.length >= OTP_RULES.attemptsPerDay) {
    const oldest = day.sort((a, b) => a - b)[day.length - OTP_RULES.attemptsPerDay]!;
    return { code: 'daily_attempts', retryAt: new Date(oldest + 86_400_000) };
  }
  const hour = input.codesSentAt
    .map((d) => d.getTime())
    .filter((t) => t > now - 3_600_000)
    .sort((a, b) => a - b);
  const last = hour.at(-1);
  if (last !== undefined && now - last < OTP_RULES.minIntervalMs)
    return { code: 'too_soon', retryAt: new Date(last + OTP_RULES.minIntervalMs) };
  if (hour.length >= OTP_RULES.perHour)
    return { code: 'hourly_limit', retryAt: new Date(hour[hour.length - OTP_RULES.perHour]! + 3_600_000) };
  return null;
}

export type Challenge = { attempts: number; expiresAt: Date; consumedAt: Date | null };
export type ConfirmRefusal = 'no_code' | 'used' | 'expired' | 'locked';

/** Why the latest code cannot be checked at all (before comparing it), or null. */
export function confirmRefusal(challenge: Challenge | null, now: Date): ConfirmRefusal | null {
  if (!challenge) return 'no_code';
  if (challenge.consumedAt) return 'used';
  if (challenge.attempts >= OTP_RULES.maxTries) return 'locked';
  if (challenge.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}
