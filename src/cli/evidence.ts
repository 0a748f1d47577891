import cliProgress from 'cli-progress';
import { lazyOcr } from '../modules/evidence/checks/jobs.ts';
import { recheckSince } from '../modules/evidence/checks/recheck.ts';
import { localBlobStore } from '../platform/blobs/local-blob-store.ts';
import { ocrShareOf } from '../platform/config.ts';
import { withDatabase } from './run.ts';

const EXIT_BAD_DATE = 2;

/** `YYYY-MM-DD` as the start of that day in Beijing time, or null. */
export function parseSince(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const noon = new Date(`${s}T12:00:00Z`);
  if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== s) return null;
  return new Date(`${s}T00:00:00+08:00`);
}

/**
 * `kameng evidence recheck --since DATE`: runs the checks of every image uploaded since that day
 * (Beijing time) again, here and now, with OCR as configured, replacing the old results.
 */
export async function recheckCommand(opts: { since: string }): Promise<void> {
  const since = parseSince(opts.since);
  if (!since) {
    console.error(`日期无效，请按 YYYY-MM-DD 填写 · not a date written YYYY-MM-DD: ${opts.since}`);
    process.exitCode = EXIT_BAD_DATE;
    return;
  }
  await withDatabase(async ({ config, database }) => {
    const ocr = config.evidenceChecks.ocr
      ? lazyOcr(config.evidenceChecks.ocrThreads, ocrShareOf(config))
      : null;
    const bar = new cliProgress.SingleBar(
      {
        format: '凭证核验 evidence checks [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    try {
      const res = await recheckSince(
        { db: database.db, blobs: localBlobStore(config.blobDir), ocr: ocr?.step ?? null },
        since,
        (done, total) => {
          if (!started) {
            bar.start(total, done);
            started = true;
          } else bar.update(done);
        },
      );
      bar.stop();
      console.log(`已重新核验 rechecked ${res.images} 张图片 images since ${opts.since}`);
      for (const [k, n] of Object.entries(res.results).sort()) console.log(`  ${k.padEnd(20)} ${n}`);
    } finally {
      if (started) bar.stop();
      await ocr?.stop();
    }
  });
}
