import { Command, InvalidArgumentError } from 'commander';
import { migrateCommand } from './migrate.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';

const program = new Command('kameng')
  .description('Kameng — 卡盟退款/售后中心 · refund and after-sales centre')
  .showHelpAfterError();

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port number 0–65535');
  return n;
};

program
  .command('serve')
  .description('start the API, web app and job workers (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('--role <role>', 'api | worker | all', (v) => {
    if (!['api', 'worker', 'all'].includes(v)) throw new InvalidArgumentError('one of api, worker, all');
    return v as 'api' | 'worker' | 'all';
  })
  .option('--port <port>', 'HTTP port (default $PORT or 3000)', port)
  .action(serveCommand);

program.command('migrate').description('apply pending database migrations and exit').action(migrateCommand);

program
  .command('seed')
  .description('create the demo users and data (idempotent: safe to run again)')
  .action(seedCommand);

await program.parseAsync(process.argv);
