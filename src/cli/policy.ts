import { readFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { formatYuan } from '../core/money/index.ts';
import { simulatePolicy } from '../modules/policy/simulate-policy.ts';
import { AppError } from '../platform/errors.ts';
import { withDatabase } from './run.ts';

/** `kameng policy simulate --draft file.json [--days 90]`: what-if over past refund requests. */
export async function simulateCommand(opts: { draft: string; days: number }): Promise<void> {
  let draft: unknown;
  try {
    draft = JSON.parse(await readFile(opts.draft, 'utf8'));
  } catch (err) {
    console.error(`无法读取草稿 · cannot read the draft ${opts.draft}: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  await withDatabase(async ({ database }) => {
    const bar = new cliProgress.SingleBar(
      { format: '模拟 simulating [{bar}] {value}/{total}' },
      cliProgress.Presets.shades_classic,
    );
    bar.start(0, 0);
    try {
      const r = await simulatePolicy({
        db: database.db,
        draft,
        days: opts.days,
        now: new Date(),
        onProgress: (done, total) => {
          bar.setTotal(total);
          bar.update(done);
        },
      });
      bar.stop();
      const delta = r.amountAfterFen - r.amountBeforeFen;
      console.log(`\n${r.cases} 个退款申请 submitted cases, ${r.changed} 个结果变化 changed`);
      console.log(`可退 eligible: ${r.eligibleBefore} → ${r.eligibleAfter}`);
      console.log(
        `退款金额 refunds: ¥${formatYuan(r.amountBeforeFen)} → ¥${formatYuan(r.amountAfterFen)} (${delta >= 0 ? '+' : '-'}¥${formatYuan(Math.abs(delta))})`,
      );
      for (const g of r.byGroup) {
        console.log(
          `  ${g.type.padEnd(18)} ${g.productKind.padEnd(13)} ${String(g.cases).padStart(7)} cases ${String(g.changed).padStart(7)} changed  ¥${formatYuan(g.amountBeforeFen)} → ¥${formatYuan(g.amountAfterFen)}`,
        );
      }
      const v = r.quoteViews;
      console.log(
        `另有 ${v.count} 次仅查看报价未申请 quotes looked at without applying: ${v.changed} changed, eligible ${v.eligibleBefore} → ${v.eligibleAfter}`,
      );
    } catch (err) {
      bar.stop();
      if (err instanceof AppError && err.code === 'POLICY.INVALID') {
        console.error('草稿无效 · the draft is invalid:');
        for (const i of (err.details as { issues: { path: string; message: string }[] }).issues)
          console.error(`  ${i.path}: ${i.message}`);
        process.exitCode = 2;
        return;
      }
      throw err;
    }
  });
}
