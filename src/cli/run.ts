import { openConfiguredDatabase } from '../app.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import { migrate } from '../platform/db/migrate.ts';
import { type Database, openDatabase } from '../platform/db/pool.ts';
import { createLogger, type Logger } from '../platform/logger.ts';

/** For one-shot commands: open the configured database, migrate, run `fn`, close everything. */
export async function withDatabase(
  fn: (ctx: { config: Config; log: Logger; database: Database }) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { url, embedded } = await openConfiguredDatabase(config, log);
  const database = openDatabase(url, { max: 4 });
  try {
    await migrate(database.pool);
    await fn({ config, log, database });
  } finally {
    await database.close();
    await embedded?.stop();
  }
}
