import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Db } from '../../platform/db/pool.ts';
import { type CaseFileFacts, collectCaseFile } from './collect.ts';
import { buildZip, sha256Hex, type ZipEntry } from './manifest.ts';
import { renderCaseFilePdfOffThread } from './render-off-thread.ts';
import { caseFile } from './schema.ts';

export const CASEFILE_BUILD_JOB = 'casefile.build';

async function readBlob(blobs: BlobStore, key: string): Promise<Buffer | null> {
  const stream = await blobs.get(key);
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const chunk of stream as Readable) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** A zip path for an evidence file: numbered, its public id, its extension (never the uploader's name). */
function evidencePath(i: number, e: CaseFileFacts['evidence'][number]): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(e.fileName)?.[1]?.toLowerCase() ?? 'bin';
  return `evidence/${String(i + 1).padStart(2, '0')}-${e.evidenceId}.${ext}`;
}

/**
 * Builds one requested case file (the `casefile.build` job): reads the case in one snapshot, renders
 * the PDF, zips it with the evidence and manifest.json, stores both and marks the export ready. A job
 * that runs twice finds it ready and does nothing; a failure is recorded on the row, not retried forever.
 */
export async function buildCaseFile(input: { db: Db; blobs: BlobStore; fileId: number; now: () => Date }) {
  const { db, blobs } = input;
  const [row] = await db.select().from(caseFile).where(eq(caseFile.id, input.fileId));
  if (row?.state !== 'queued') return;
  const started = Date.now();
  try {
    const facts = await db.transaction(
      async (tx) => {
        const t = tx as unknown as Db;
        const [c] = (
          await t.execute<{ refund_no: string }>(
            sql`SELECT refund_no FROM refund_case WHERE id = ${row.caseId}`,
          )
        ).rows;
        if (!c) throw new Error(`case ${row.caseId} is gone`);
        return collectCaseFile(t, row.caseId, row.scope, input.now());
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const pdf = await renderCaseFilePdfOffThread(facts);
    const files: ZipEntry[] = [{ path: 'case-file.pdf', data: pdf }];
    for (const [i, e] of facts.evidence.entries()) {
      const bytes = await readBlob(blobs, e.blobKey);
      if (!bytes) throw new Error(`evidence ${e.evidenceId} has no bytes`);
      // The bytes must still be what was uploaded: the file list in the PDF states this hash.
      if (sha256Hex(bytes) !== e.sha256)
        throw new Error(`evidence ${e.evidenceId} no longer matches its SHA-256`);
      files.push({ path: evidencePath(i, e), data: bytes });
    }
    const { zip, manifest, manifestSha256 } = buildZip({
      refundNo: facts.case.refundNo,
      scope: facts.scope,
      generatedAt: facts.generatedAt,
      files,
      events: facts.events.map(({ textZh: _t, ...e }) => e),
    });
    const base = `casefiles/${facts.case.refundNo}/${row.id}-${row.scope}`;
    await blobs.put(`${base}.pdf`, pdf);
    await blobs.put(`${base}.zip`, Buffer.from(zip));
    await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await t
        .update(caseFile)
        .set({
          state: 'ready',
          pdfKey: `${base}.pdf`,
          zipKey: `${base}.zip`,
          pdfBytes: pdf.length,
          zipBytes: zip.length,
          pdfSha256: sha256Hex(pdf),
          manifestSha256,
          events: manifest.timeline.length,
          chainHead: manifest.chainHead,
          buildMs: Date.now() - started,
          readyAt: input.now(),
        })
        .where(eq(caseFile.id, row.id));
      await writeAudit(t, {
        actorId: null,
        actorRole: 'system',
        ip: null,
        action: 'casefile.built',
        subject: `refund:${facts.case.refundNo}`,
        data: {
          fileId: row.id,
          scope: row.scope,
          manifestSha256,
          chainHead: manifest.chainHead,
          events: manifest.timeline.length,
        },
      });
    });
  } catch (err) {
    await db
      .update(caseFile)
      .set({ state: 'failed', error: (err as Error).message.slice(0, 500), buildMs: Date.now() - started })
      .where(eq(caseFile.id, row.id));
    throw err;
  }
}

export { Readable };
