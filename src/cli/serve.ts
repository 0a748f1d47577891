import { existsSync } from 'node:fs';
import path from 'node:path';
import { startKameng, WEB_DIST } from '../app.ts';
import { DEMO_USERS } from '../modules/system/seed-demo.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';

/** Builds the web app once if dist/web is missing (first `npm start` after install). */
async function ensureWebBuilt(log: ReturnType<typeof createLogger>): Promise<void> {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const config = path.resolve(import.meta.dirname, '../../web/vite.config.ts');
  if (!existsSync(config)) return;
  log.info('building the web app (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn' });
}

export async function serveCommand(opts: { role?: 'api' | 'worker' | 'all'; port?: number }): Promise<void> {
  const config = loadConfig();
  if (opts.role) config.role = opts.role;
  if (opts.port !== undefined) config.port = opts.port;
  const log = createLogger(config.logLevel);
  if (config.role !== 'worker') await ensureWebBuilt(log);
  const app = await startKameng(config, log);
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(1);
    log.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (app.url) {
    const shown = `http://localhost:${new URL(app.url).port}`;
    const demo = config.demoSeed
      ? `\n  演示账号 demo logins (password: ${config.demoPassword}):\n${DEMO_USERS.map((u) => `    ${u.username.padEnd(11)} ${u.role}`).join('\n')}`
      : '';
    console.log(
      `\n  卡盟售后中心 Kameng is running at ${shown}  (role: ${config.role})\n  API docs: ${shown}/docs${demo}\n`,
    );
  } else {
    console.log(`\n  Kameng worker running (role: ${config.role})\n`);
  }
}
