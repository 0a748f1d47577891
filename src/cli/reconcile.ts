import { formatYuan } from '../core/money/index.ts';
import { parseReconDay, previousDay } from '../core/reconciliation/day.ts';
import { getRun } from '../modules/reconciliation/read-runs.ts';
import { reconcileDay } from '../modules/reconciliation/reconcile-day.ts';
import { startPayments } from '../start-payments.ts';
import { withDatabase } from './run.ts';

/** Exit codes: 0 balanced (平), 1 mismatches found (不平), 2 a bad --date, 3 the run failed. */
const EXIT_MISMATCHED = 1;
const EXIT_BAD_DATE = 2;
const EXIT_FAILED = 3;
/** Mismatches printed; the rest are in the admin page and the API. */
const SHOWN = 50;

const money = (fen: number | null) => (fen === null ? '—' : `¥${formatYuan(fen)}`);

/** `kameng reconcile [--date YYYY-MM-DD]`: reconciles one Beijing day (default yesterday) and prints it. */
export async function reconcileCommand(opts: { date?: string }): Promise<void> {
  const day = opts.date ?? previousDay(new Date());
  // Checked before the database opens, so a typo answers at once.
  const parsed = parseReconDay(day, new Date());
  if (!parsed.ok) {
    console.error(
      parsed.reason === 'future'
        ? `不能对尚未到来的日期对账 · ${day} has not come yet (Beijing time)`
        : `日期无效，请按 YYYY-MM-DD 填写真实日期 · not a real date written YYYY-MM-DD: ${day}`,
    );
    process.exitCode = EXIT_BAD_DATE;
    return;
  }
  await withDatabase(async ({ config, log, database }) => {
    // The configured gateways, or the simulator on the demo's books (the data dir's state file).
    const payments = await startPayments(config, { log, persist: true, unref: true });
    try {
      const run = await reconcileDay({
        db: database.db,
        gateways: payments.gateways,
        day: parsed.day,
        triggeredBy: 'cli',
        now: () => new Date(),
      });
      const { mismatches } = await getRun(database.db, run.id);
      console.log(`对账 reconciliation ${run.day} · run #${run.id}`);
      if (run.status === 'failed') {
        console.error(`对账失败 · the run failed: ${run.error}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      console.log(`核对 checked ${run.checked} 笔 payouts · 不符 mismatched ${run.mismatched}`);
      for (const m of mismatches.slice(0, SHOWN)) {
        console.log(
          `  ${m.outRefundNo.padEnd(20)} ${m.channel.padEnd(9)} ${m.kind.padEnd(18)} ours ${m.oursStatus} ${money(m.oursFen)} · theirs ${m.theirsStatus} ${money(m.theirsFen)}`,
        );
        console.log(`    ${m.detail}`);
      }
      if (run.mismatched > SHOWN)
        console.log(`  … ${run.mismatched - SHOWN} more: /api/admin/reconciliation/runs/${run.id}`);
      console.log(run.mismatched === 0 ? '结果：平 · balanced' : '结果：不平 · NOT balanced');
      if (run.mismatched > 0) process.exitCode = EXIT_MISMATCHED;
    } finally {
      await payments.stop();
    }
  });
}
