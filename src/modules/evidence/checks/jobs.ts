import { ocrShareOf } from '../../../platform/config.ts';
import type { Db } from '../../../platform/db/pool.ts';
import type { JobQueue } from '../../../platform/jobs/queue.ts';
import type { Context } from '../../context.ts';
import { OcrEngine, ocrCheck } from './ocr.ts';
import { type OcrStep, runEvidenceChecks } from './run-checks.ts';

export const CHECK_JOB = 'evidence.check';
export type CheckJob = { evidenceIds: number[] };

/** Queues the checks of newly stored images in the caller's transaction (so they exist iff the upload does). */
export async function queueChecks(jobs: JobQueue, tx: Db, evidenceIds: number[]): Promise<void> {
  if (evidenceIds.length) await jobs.sendInTx<CheckJob>(tx, CHECK_JOB, { evidenceIds });
}

/**
 * The OCR step of this process, its engine (worker threads) started on the first image it reads — so
 * API-only processes, which never run check jobs, never start one.
 */
export function lazyOcr(threads: number, share = 1): { step: OcrStep; stop(): Promise<void> } {
  let engine: Promise<OcrEngine> | null = null;
  return {
    step: async (bytes) => {
      engine ??= OcrEngine.start(threads, share).catch((err: unknown) => {
        engine = null;
        throw err;
      });
      return ocrCheck(await engine, bytes);
    },
    async stop() {
      const e = engine;
      engine = null;
      if (e) await (await e.catch(() => null))?.stop();
    },
  };
}

/**
 * The check job, run by worker processes (`KAMENG_ROLE=worker` or `all`), so an upload never waits for
 * its checks; `KAMENG_EVIDENCE_CHECK_CONCURRENCY` jobs at once per worker process, their OCR sharing
 * `KAMENG_EVIDENCE_OCR_THREADS` worker threads. Returns what stops the OCR threads.
 */
export function defineEvidenceCheckJobs(ctx: Context): () => Promise<void> {
  const { concurrency, ocr: ocrOn, ocrThreads } = ctx.config.evidenceChecks;
  const ocr = ocrOn ? lazyOcr(ocrThreads, ocrShareOf(ctx.config)) : null;
  ctx.jobs.define<CheckJob>(
    CHECK_JOB,
    async ({ evidenceIds }) => {
      let checked = 0;
      for (const id of evidenceIds)
        if (await runEvidenceChecks({ db: ctx.db, blobs: ctx.blobs, ocr: ocr?.step ?? null }, id)) checked++;
      return { checked };
    },
    { concurrency, retry: { limit: 2, delaySeconds: 30, backoff: true } },
  );
  return async () => {
    await ocr?.stop();
  };
}
