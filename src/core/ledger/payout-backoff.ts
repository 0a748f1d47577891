/**
 * When to ask the channel again about a refund it has not confirmed (processing, or a timeout): about
 * 1 minute, then 5, 10, 20, 30, and every 30 minutes after that. `calls` counts the calls made so far.
 */
const STEPS_S = [60, 300, 600, 1200, 1800];

export function nextCheckDelaySeconds(calls: number): number {
  return STEPS_S[Math.min(Math.max(calls - 1, 0), STEPS_S.length - 1)]!;
}
