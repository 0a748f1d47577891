import { existsSync } from 'node:fs';
import path from 'node:path';
import { startKameng, WEB_DIST } from '../app.ts';
import type { DemoExposure } from '../modules/auth/demo-exposure.ts';
import { DEMO_USERS } from '../modules/auth/demo-users.ts';
import { isLoopback, loadConfig } from '../platform/config.ts';
import { createLogger, defaultLogFormat } from '../platform/logger.ts';

/** Builds the web app once if dist/web is missing (first `npm start` after install). */
async function ensureWebBuilt(log: ReturnType<typeof createLogger>): Promise<void> {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const config = path.resolve(import.meta.dirname, '../../web/vite.config.ts');
  if (!existsSync(config)) return;
  log.info('building the web app (first start only)…');
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn' });
}

function exposureWarning(exposure: DemoExposure): string {
  if (!exposure.users.length) return '';
  const published = exposure.withPublishedPassword.length
    ? `, ${exposure.withPublishedPassword.join(', ')} with the published password — anyone on the network can sign in`
    : '';
  return `  ⚠ 警告 WARNING: demo users (${exposure.users.join(', ')}) are reachable from other machines${published}.\n    For production: KAMENG_DEMO_SEED=false and real users; for a local demo: leave HOST unset (127.0.0.1).\n`;
}

export async function serveCommand(opts: { role?: 'api' | 'worker' | 'all'; port?: number }): Promise<void> {
  const config = loadConfig();
  if (opts.role) config.role = opts.role;
  if (opts.port !== undefined) config.port = opts.port;
  const log = createLogger(config.logLevel, {
    format: config.logFormat === 'auto' ? defaultLogFormat() : config.logFormat,
  });
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
    const port = new URL(app.url).port;
    // On 0.0.0.0 every address of the machine answers; localhost is the one to click here.
    const shown = `http://${isLoopback(config.host) ? config.host : 'localhost'}:${port}`;
    const where = isLoopback(config.host)
      ? '  (this machine only; set HOST=0.0.0.0 to serve the network)'
      : `  (listening on ${config.host}:${port})`;
    const demo = config.demoSeed
      ? `\n  演示账号 demo logins (password: ${config.demoPassword}):\n${DEMO_USERS.map((u) => `    ${u.username.padEnd(11)} ${u.role}`).join('\n')}`
      : '';
    console.log(
      `\n  卡盟售后中心 Kameng is running at ${shown}${where}  (role: ${config.role})\n  API docs: ${shown}/docs${demo}\n${exposureWarning(app.demoExposure)}`,
    );
  } else {
    console.log(`\n  Kameng worker running (role: ${config.role})\n`);
  }
}
