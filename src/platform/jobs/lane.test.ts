import { describe, expect, it } from 'vitest';
import { lane } from './lane.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('lane', () => {
  it('runs at most its width at once, the rest in arrival order, whether they succeed or fail', async () => {
    const run = lane(2);
    let now = 0;
    let most = 0;
    const started: number[] = [];
    const waited: boolean[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) =>
        run(async (turn) => {
          started.push(i);
          waited.push(turn.waited);
          most = Math.max(most, ++now);
          await tick();
          now--;
          if (i % 3 === 0) throw new Error(`job ${i}`);
          return i;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(waited).toEqual([false, false, true, true, true, true, true]);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    // Free again: the next call starts at once, and is told it did not wait.
    let ranAt = -1;
    const turn = await run(async (t) => {
      ranAt = now;
      return t;
    });
    expect(ranAt).toBe(0);
    expect(turn).toEqual({ waited: false });
  });

  it('refuses a width that is not a positive integer', () => {
    expect(() => lane(0)).toThrow();
    expect(() => lane(1.5)).toThrow();
  });
});
