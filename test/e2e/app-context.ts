import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startKameng } from '../../src/app.ts';
import type { Context } from '../../src/modules/context.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { testConfig } from '../helpers/app.ts';
import { DEMO_PASSWORD } from '../helpers/global-db.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * The whole server as startTestApp runs it, but handing out its context too: browser tests that need
 * time to pass (a deadline in the past) move it in the database and run the timer sweep themselves.
 */
export async function startAppWithContext(): Promise<{
  baseUrl: string;
  ctx: Context;
  /** The in-process gateway simulator (for scripting a channel's faults). */
  simulatorUrl: string;
  stop(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-app-'));
  await chmod(dir, 0o755);
  const base = testConfig();
  const simulatorPort = await freePort();
  const config = testConfig({
    dataDir: dir,
    blobDir: path.join(dir, 'blobs'),
    embeddedPgPort: await freePort(),
    demoPassword: DEMO_PASSWORD,
    payments: { ...base.payments, simulatorUrl: null, simulatorPort },
  });
  const app = await startKameng(config, createLogger('warn'));
  return {
    baseUrl: app.url!,
    ctx: app.ctx,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    async stop() {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
