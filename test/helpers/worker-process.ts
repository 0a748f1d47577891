import { type ChildProcess, spawn } from 'node:child_process';

/**
 * `kameng serve --role worker` as a child process (bin/kameng.js, as an operator runs it), started and
 * SIGKILLed at will. Its output is kept across restarts for the test's diagnostics.
 */
export class WorkerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  starts = 0;
  kills = 0;
  /** How long each start took, spawn to "running" (ms). */
  readonly startMs: number[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The running worker's process id (for benches that read its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the worker and resolves once it says it is running (its jobs are registered). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error('worker already running');
    const child = spawn(process.execPath, ['bin/kameng.js', 'serve', '--role', 'worker'], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const mark = this.output.length;
    const began = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`worker did not start:\n${this.log(mark)}`)),
        timeoutMs,
      );
      const onData = (d: Buffer) => {
        this.output += d;
        if (this.output.slice(mark).includes('worker running')) {
          clearTimeout(timer);
          this.startMs.push(performance.now() - began);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (d: Buffer) => {
        this.output += d;
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        reject(new Error(`worker exited (${code ?? signal}) while starting:\n${this.log(mark)}`));
      });
    });
  }

  /** SIGKILL: no shutdown hook runs, jobs in flight stay `active` in pg-boss, sockets just close. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
    this.kills++;
  }

  /** SIGTERM, the graceful stop (jobs in flight finish first). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }

  /** Everything the worker processes printed (since `from`), for failure messages and the report. */
  log(from = 0): string {
    return this.output.slice(from);
  }
}

/** A small seeded PRNG (mulberry32), so a failing crash schedule can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
