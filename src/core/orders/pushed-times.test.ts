import { describe, expect, it } from 'vitest';
import { pushedTimeProblem } from './pushed-times.ts';

const now = new Date('2026-12-08T10:00:00+08:00');
const at = (hhmm: string, day = '08') => new Date(`2026-12-${day}T${hhmm}:00+08:00`);

describe('pushedTimeProblem', () => {
  it('takes a payment in the past with its delivery and extractions after it', () => {
    expect(
      pushedTimeProblem(
        {
          paidAt: at('09:00', '01'),
          deliveredAt: at('09:00', '01'),
          attempts: [{ at: at('09:01', '01') }],
          extractions: [{ at: at('09:30') }],
        },
        now,
      ),
    ).toBeNull();
    // A shop's clock a little ahead of ours is no error.
    expect(pushedTimeProblem({ paidAt: at('10:04') }, now)).toBeNull();
  });
  it('names the first time in the future', () => {
    expect(pushedTimeProblem({ paidAt: at('10:06') }, now)).toEqual({
      field: 'body.paidAt',
      message: 'is in the future',
    });
    expect(
      pushedTimeProblem(
        { paidAt: at('09:00'), extractions: [{ at: at('09:10') }, { at: at('23:00') }] },
        now,
      ),
    ).toEqual({ field: 'body.extractions.1.at', message: 'is in the future' });
  });
  it('names a delivery, attempt or extraction before the payment', () => {
    expect(pushedTimeProblem({ paidAt: at('09:00'), deliveredAt: at('08:59') }, now)?.field).toBe(
      'body.delivery.deliveredAt',
    );
    expect(pushedTimeProblem({ paidAt: at('09:00'), attempts: [{ at: at('08:00') }] }, now)?.field).toBe(
      'body.delivery.attempts.0.at',
    );
    expect(pushedTimeProblem({ paidAt: at('09:00'), extractions: [{ at: at('08:00') }] }, now)?.message).toBe(
      'is before paidAt',
    );
  });
});
