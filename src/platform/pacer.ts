/**
 * Runs jobs one at a time and for at most `share` of the time: after a job that took t, the next
 * starts no sooner than t × (1 − share) / share later. For background work on a machine it shares with
 * requests (OCR of evidence): it slows them only for the share of the time it runs. A share of 1 is no
 * pacing at all (jobs start at once, side by side).
 */
export class Pacer {
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly share: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.share >= 1) return job();
    const previous = this.turn;
    let release = () => {};
    this.turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const started = this.clock();
    try {
      return await job();
    } finally {
      const took = this.clock() - started;
      setTimeout(release, (took * (1 - this.share)) / this.share);
    }
  }
}
