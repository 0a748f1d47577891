/** How far a shop's clock may run ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The times a pushed order carries (an operator's shop sends them; ours come from our own clock). */
export type PushedTimes = {
  paidAt: Date;
  deliveredAt?: Date;
  attempts?: readonly { at: Date }[];
  extractions?: readonly { at: Date }[];
};

/**
 * The first time of a pushed order that cannot be: in the future (beyond a few minutes of clock skew),
 * or a delivery, top-up attempt or key extraction before the payment. The order number, the refund
 * windows and the risk signals (hours from payment to claim) are all read from these times.
 */
export function pushedTimeProblem(p: PushedTimes, now: Date): { field: string; message: string } | null {
  const latest = now.getTime() + CLOCK_SKEW_MS;
  const paid = p.paidAt.getTime();
  const times: [string, Date][] = [
    ['body.paidAt', p.paidAt],
    ...(p.deliveredAt ? [['body.delivery.deliveredAt', p.deliveredAt] as [string, Date]] : []),
    ...(p.attempts ?? []).map((a, i): [string, Date] => [`body.delivery.attempts.${i}.at`, a.at]),
    ...(p.extractions ?? []).map((x, i): [string, Date] => [`body.extractions.${i}.at`, x.at]),
  ];
  for (const [field, at] of times) {
    if (at.getTime() > latest) return { field, message: 'is in the future' };
    if (at.getTime() < paid) return { field, message: 'is before paidAt' };
  }
  return null;
}
