import { sql } from 'drizzle-orm';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { Context } from '../context.ts';

/** Uploads on neither a case nor a complaint are removed after this long (a buyer applies in minutes). */
export const UNATTACHED_TTL_HOURS = 24;
export const EVIDENCE_SWEEP_JOB = 'evidence.sweep-unattached';
const BATCH = 500;

/**
 * Deletes uploads never attached to a case or a complaint (an application abandoned after the upload),
 * with their archive members, thumbnails and bytes. Rows go first, under SKIP LOCKED so an upload being
 * attached right now is left alone; the blobs after the commit (a crash between leaves only unreachable
 * bytes, never a row without its file). Returns how many rows it removed.
 */
export async function sweepUnattachedEvidence(db: Db, blobs: BlobStore, now: Date): Promise<number> {
  const before = new Date(now.getTime() - UNATTACHED_TTL_HOURS * 3_600_000);
  let total = 0;
  for (;;) {
    const gone = await inTransaction(db, async (tx) => {
      const res = await tx.execute<{ blob_key: string; thumb_key: string | null }>(sql`
        DELETE FROM evidence WHERE id IN (
          SELECT id FROM evidence WHERE case_id IS NULL AND complaint_id IS NULL AND created_at < ${before}
          ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING blob_key, thumb_key`);
      return res.rows;
    });
    for (const r of gone) {
      await blobs.delete(r.blob_key);
      if (r.thumb_key) await blobs.delete(r.thumb_key);
    }
    total += gone.length;
    if (gone.length < BATCH) return total;
  }
}

export function defineEvidenceJobs(ctx: Context): void {
  ctx.jobs.define(
    EVIDENCE_SWEEP_JOB,
    async () => {
      await sweepUnattachedEvidence(ctx.db, ctx.blobs, ctx.now());
    },
    { cron: '17 * * * *' },
  );
}
