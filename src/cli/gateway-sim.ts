import { loadSimulatorKeys } from '../gateway-sim/keys.ts';
import { startGatewaySimulator } from '../gateway-sim/server.ts';
import { demoKeyBundleDir, ensureDemoKeyBundle } from '../modules/payments/keys.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger, defaultLogFormat } from '../platform/logger.ts';
import { simulatorIds, simulatorStateFile } from '../start-payments.ts';

const DEFAULT_PORT = 3100;

/**
 * `kameng gateway-sim`: the Alipay / WeChat Pay simulator as a process of its own, for running API and
 * worker processes (or a crash test) against one set of gateway books. Point Kameng at it with
 * KAMENG_GATEWAY_SIM_URL. Keys come from the same data dir (generated on first start); the books are
 * kept in `<dataDir>/gateway-sim/state.json` unless `--memory`.
 */
export async function gatewaySimCommand(opts: {
  port?: number;
  host?: string;
  memory?: boolean;
}): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, {
    format: config.logFormat === 'auto' ? defaultLogFormat() : config.logFormat,
  });
  const bundle = demoKeyBundleDir(config.dataDir);
  await ensureDemoKeyBundle(bundle);
  const sim = await startGatewaySimulator({
    keys: await loadSimulatorKeys(bundle, simulatorIds(config)),
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? (config.payments.simulatorPort || DEFAULT_PORT),
    stateFile: opts.memory ? null : simulatorStateFile(config.dataDir),
    log,
  });
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(1);
    log.info({ signal }, 'gateway simulator shutting down');
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  console.log(
    `\n  支付网关模拟器 gateway simulator at ${sim.url}\n` +
      `    Alipay gateway:       ${sim.url}/gateway.do\n` +
      `    WeChat Pay API v3:    ${sim.url}/v3/…\n` +
      `    controls:             ${sim.url}/__sim/faults, /__sim/refunds, /__sim/notifications, /__sim/payers/<buyer id>\n` +
      `  Point Kameng at it: KAMENG_GATEWAY_SIM_URL=${sim.url}\n`,
  );
}
