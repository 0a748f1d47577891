import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { cleanFileName } from '../../core/evidence/file-name.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { queueChecks } from './checks/jobs.ts';
import { inspectImage } from './inspect-image.ts';
import { readArchive } from './read-archive.ts';
import { evidence } from './schema.ts';
import { type Spooled, spoolUpload } from './spool-upload.ts';
import {
  blobKeyOf,
  type EvidenceRow,
  type EvidenceView,
  evidenceView,
  newEvidenceId,
  thumbKeyOf,
} from './views.ts';

export type StoredEvidence = EvidenceView & { members: EvidenceView[] };
type NewRow = typeof evidence.$inferInsert;

/** Blobs written so far, so a failure can take them back. */
function blobWriter(blobs: BlobStore) {
  const written: string[] = [];
  return {
    async put(key: string, data: Buffer | Readable) {
      written.push(key);
      await blobs.put(key, data);
    },
    async rollback() {
      await Promise.allSettled(written.map((k) => blobs.delete(k)));
    },
  };
}

/** Runs the checks for the sniffed kind, writes the blobs, returns the rows to insert. */
async function prepare(
  file: Spooled,
  fileName: string,
  ownerId: number,
  put: (key: string, data: Buffer | Readable) => Promise<void>,
): Promise<{ top: NewRow; members: NewRow[] }> {
  const publicId = newEvidenceId();
  const top: NewRow = {
    publicId,
    ownerId,
    kind: file.kind,
    mime: file.mime,
    fileName,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    blobKey: blobKeyOf(publicId),
    checks: { sniffed: file.mime },
  };
  const members: NewRow[] = [];
  switch (file.kind) {
    case 'image': {
      const img = await inspectImage(await readFile(file.path));
      await put(thumbKeyOf(publicId), img.thumb);
      Object.assign(top, { thumbKey: thumbKeyOf(publicId), width: img.width, height: img.height });
      top.checks = { sniffed: file.mime, width: img.width, height: img.height };
      break;
    }
    case 'archive': {
      const read = await readArchive(file.path, async (m) => {
        const img = await inspectImage(m.bytes, m.name);
        const id = newEvidenceId();
        await put(blobKeyOf(id), m.bytes);
        await put(thumbKeyOf(id), img.thumb);
        members.push({
          publicId: id,
          ownerId,
          kind: 'image',
          mime: m.mime,
          fileName: cleanFileName(m.name, 'image'),
          sizeBytes: m.bytes.length,
          sha256: createHash('sha256').update(m.bytes).digest('hex'),
          blobKey: blobKeyOf(id),
          thumbKey: thumbKeyOf(id),
          width: img.width,
          height: img.height,
          checks: { sniffed: m.mime, width: img.width, height: img.height, path: m.name },
        });
      });
      top.checks = { sniffed: file.mime, entries: read.entries, members: read.images };
      break;
    }
    case 'video':
      break;
  }
  await put(top.blobKey, createReadStream(file.path));
  return { top, members };
}

/**
 * Stores one uploaded file as evidence (凭证) of `owner`, not yet attached to a case. The bytes decide
 * everything: type (sniffed), size (capped while streaming), images decoded and thumbnailed, zips
 * checked entry by entry with each image member stored as a row of its own under the archive. Blobs
 * are written first, then all rows in one transaction — together with `within`, which a caller uses to
 * attach the upload to a case atomically. Any failure deletes the blobs already written and rolls the
 * rows back: nothing is left half-stored. The images' checks (凭证核验) are queued in the same transaction
 * and run by a worker afterwards: the upload never waits for them.
 */
export async function storeEvidence(input: {
  db: Db;
  blobs: BlobStore;
  /** Where the checks of the stored images are queued (in the upload's transaction). */
  jobs: JobQueue;
  owner: Actor;
  file: Readable;
  fileName: string | undefined;
  ip: string | null;
  within?: (tx: Db, stored: StoredEvidence) => Promise<void>;
}): Promise<StoredEvidence> {
  const { owner } = input;
  const spooled = await spoolUpload(input.file);
  const blobs = blobWriter(input.blobs);
  try {
    const fileName = cleanFileName(input.fileName, spooled.kind);
    const { top, members } = await prepare(spooled, fileName, owner.userId, blobs.put);
    return await inTransaction(input.db, async (tx) => {
      const [saved] = await tx.insert(evidence).values(top).returning();
      let savedMembers: EvidenceRow[] = [];
      if (members.length)
        savedMembers = await tx
          .insert(evidence)
          .values(members.map((m) => ({ ...m, parentId: saved!.id })))
          .returning();
      const stored = { ...evidenceView(saved!), members: savedMembers.map(evidenceView) };
      await writeAudit(tx, {
        actorId: owner.userId,
        actorRole: owner.role,
        ip: input.ip,
        action: 'evidence.upload',
        subject: `evidence:${saved!.publicId}`,
        data: {
          kind: saved!.kind,
          sizeBytes: saved!.sizeBytes,
          sha256: saved!.sha256,
          members: members.length,
        },
      });
      // Images are checked, and videos by their poster frame (checks/video-frame.ts).
      const checked = [saved!, ...savedMembers].filter((r) => r.kind !== 'archive').map((r) => r.id);
      await queueChecks(input.jobs, tx, checked);
      await input.within?.(tx, stored);
      return stored;
    });
  } catch (err) {
    await blobs.rollback();
    throw err;
  } finally {
    await spooled.remove();
  }
}
