/**
 * When to ask the channel again about a refund it has not confirmed (processing, or a timeout): about
 * 1 minute, then 5, 10, 20, 30, and every 30 minutes after that. `calls` counts the calls made so far.
 */
const STEPS_S = [60, 300, 600, 1200, 1800];

/**
 * `scale` (KAMENG_PAYOUT_BACKOFF_SCALE, default 1) multiplies every step, for crash tests and demos that
 * cannot wait minutes: 0.01 makes them 0.6 s, 3 s, 6 s, 12 s, 18 s.
 */
export function nextCheckDelaySeconds(calls: number, scale = 1): number {
  return STEPS_S[Math.min(Math.max(calls - 1, 0), STEPS_S.length - 1)]! * scale;
}

/** How long a payout the channel paid but the books could not take waits before it is tried again. */
export function bookingRetrySeconds(scale = 1): number {
  return STEPS_S.at(-1)! * scale;
}
