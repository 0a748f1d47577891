import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // expect.poll waits 1 s by default: too little for a click → request → refetch on a busy 2-core CI
    // machine (a withdrawal's 已撤销 missed it once while the same test passes alone in 6 s).
    expect: { poll: { timeout: 10_000 } },
  },
});
