import { Command, InvalidArgumentError } from 'commander';
import { verifyCaseFileCommand } from './casefile.ts';
import { gatewaySimCommand } from './gateway-sim.ts';
import { migrateCommand } from './migrate.ts';
import { simulateCommand } from './policy.ts';
import { reconcileCommand } from './reconcile.ts';
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

const count = (max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`a whole number 1–${max}`);
  return n;
};

program
  .command('seed')
  .description('create the demo users and data (idempotent: safe to run again)')
  // The order-number sequence cycles after 10 million: more in one database could collide.
  .option('--orders <n>', 'also add N benchmark orders (added on every run)', count(9_000_000))
  .option('--buyers <n>', 'spread --orders over N buyers bulk-buyer-1…N', count(1_000_000), 10_000)
  // Refund numbers come from a sequence that also cycles after 10 million.
  .option(
    '--cases <n>',
    'also add N benchmark refund cases on paid orders (added on every run)',
    count(9_000_000),
  )
  .option('--open-cases <n>', 'how many of --cases are open for review (default 5%)', count(9_000_000))
  .action(seedCommand);

const policy = program.command('policy').description('refund policy tools');
policy
  .command('simulate')
  .description('re-run a draft policy over the refund requests of the last N days; nothing is written')
  .requiredOption('--draft <file>', 'the draft policy document (JSON)')
  .option('--days <n>', 'how far back to look', count(3650), 90)
  .action(simulateCommand);

program
  .command('reconcile')
  .description('reconcile one Beijing day of refund payouts against the channels and the ledger (对账)')
  .option('--date <YYYY-MM-DD>', 'the day (Beijing time); default yesterday')
  .action(reconcileCommand);

const evidence = program.command('evidence').description('evidence files (凭证) tools');
evidence
  .command('recheck')
  .description('run the evidence checks (OCR, duplicates, metadata) again on images uploaded since a day')
  .requiredOption('--since <YYYY-MM-DD>', 'the first day (Beijing time)')
  // Loaded when used: the checks bring sharp, exifr and tesseract.js, which other commands do not need.
  .action(async (opts: { since: string }) => (await import('./evidence.ts')).recheckCommand(opts));

program
  .command('gateway-sim')
  .description('run the Alipay / WeChat Pay gateway simulator on its own (use: KAMENG_GATEWAY_SIM_URL)')
  .option('--port <port>', 'port (default $KAMENG_GATEWAY_SIM_PORT or 3100)', port)
  .option('--host <host>', 'listen address', '127.0.0.1')
  .option('--memory', 'keep the books in memory only (default: <data dir>/gateway-sim/state.json)')
  .action(gatewaySimCommand);

const casefile = program.command('casefile').description('case files (案件档案) handed to regulators');
casefile
  .command('verify')
  .description('check a case-file zip: every file against manifest.json and the timeline hash chain')
  .argument('<file>', 'the case file zip')
  .action(verifyCaseFileCommand);

await program.parseAsync(process.argv);
