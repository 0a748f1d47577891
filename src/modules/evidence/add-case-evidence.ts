import type { Readable } from 'node:stream';
import { EVIDENCE_LIMITS } from '../../core/evidence/limits.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { addCaseEvent } from '../refunds/events.ts';
import { type CaseRow, findVisibleCase } from '../refunds/find-case.ts';
import { attachEvidence, caseEvidenceUsage } from './attach-evidence.ts';
import { type StoredEvidence, storeEvidence } from './store-evidence.ts';

async function openOwnCase(tx: Db, refundNo: string, buyer: Actor, forUpdate: boolean): Promise<CaseRow> {
  const c = await findVisibleCase(tx, refundNo, buyer, { forUpdate });
  if (c.buyerId !== buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
  if (!OPEN_STATES.includes(c.state)) throw new AppError('EVIDENCE.CASE_NOT_OPEN', { state: c.state });
  return c;
}

/**
 * The buyer adds one file to their open case (补充凭证): stored, attached and written to the timeline
 * (`evidence_added`, state unchanged) in one transaction. The case is checked before the upload is
 * read — a closed or full case answers at once instead of after 50 MB — and again under its row lock
 * once the file has passed its checks, since the case may have moved meanwhile.
 */
export async function addCaseEvidence(input: {
  db: Db;
  blobs: BlobStore;
  jobs: JobQueue;
  buyer: Actor;
  refundNo: string;
  file: Readable;
  fileName: string | undefined;
  ip: string;
  now: Date;
}): Promise<StoredEvidence & { refundNo: string }> {
  const { buyer, refundNo } = input;
  const early = await openOwnCase(input.db, refundNo, buyer, false);
  const usage = await caseEvidenceUsage(input.db, early.id);
  if (usage.files >= EVIDENCE_LIMITS.perCase.files)
    throw new AppError('EVIDENCE.CASE_LIMIT', {
      limit: 'files',
      max: EVIDENCE_LIMITS.perCase.files,
      would: usage.files + 1,
    });
  const stored = await storeEvidence({
    db: input.db,
    blobs: input.blobs,
    jobs: input.jobs,
    owner: buyer,
    file: input.file,
    fileName: input.fileName,
    ip: input.ip,
    within: async (tx, s) => {
      const c = await openOwnCase(tx, refundNo, buyer, true);
      const attached = await attachEvidence(tx, {
        publicIds: [s.evidenceId],
        ownerId: buyer.userId,
        caseId: c.id,
      });
      await addCaseEvent(tx, {
        caseId: c.id,
        kind: 'evidence_added',
        fromState: c.state,
        toState: c.state,
        actorId: buyer.userId,
        actorRole: buyer.role,
        data: { evidence: attached.evidenceIds, files: attached.added.files },
        at: input.now,
      });
      await writeAudit(tx, {
        actorId: buyer.userId,
        actorRole: buyer.role,
        ip: input.ip,
        action: 'refund.evidence_added',
        subject: `refund:${refundNo}`,
        data: { evidence: attached.evidenceIds, state: c.state },
      });
    },
  });
  return { ...stored, refundNo };
}
