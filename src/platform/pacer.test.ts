import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from './pacer.ts';

describe('Pacer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  /** A job that takes `ms` of (fake) time and records when it started. */
  const job = (starts: number[], ms: number) => () => {
    starts.push(Date.now());
    return new Promise<string>((resolve) => setTimeout(() => resolve('done'), ms));
  };

  it('keeps jobs to their share of the time: a quarter means three times as long between them', async () => {
    const pacer = new Pacer(0.25);
    const starts: number[] = [];
    const all = Promise.all([1, 2, 3].map(() => pacer.run(job(starts, 100))));
    await vi.runAllTimersAsync();
    expect(await all).toEqual(['done', 'done', 'done']);
    // Each runs 100 ms, then 300 ms of rest before the next may start.
    expect(starts).toEqual([0, 400, 800]);
  });

  it('never waits at a share of 1, and a failed job still earns its pause', async () => {
    const starts: number[] = [];
    const flat = new Pacer(1);
    const both = Promise.all([flat.run(job(starts, 50)), flat.run(job(starts, 50))]);
    await vi.runAllTimersAsync();
    await both;
    expect(starts).toEqual([0, 0]);

    const half = new Pacer(0.5);
    const t0 = Date.now();
    const failing = half.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      throw new Error('unreadable');
    });
    const caught = failing.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(200);
    expect(await caught).toBe('unreadable');
    const next: number[] = [];
    const after = half.run(job(next, 10));
    await vi.runAllTimersAsync();
    await after;
    // 200 ms of work (failed), 200 ms of rest.
    expect(next).toEqual([t0 + 400]);
  });
});
