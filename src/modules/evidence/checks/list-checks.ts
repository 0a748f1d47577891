import { asc, eq, inArray } from 'drizzle-orm';
import { judgeForOrder, type OrderFacts } from '../../../core/evidence/checks/judge.ts';
import { CHECK_KINDS, type Check, type CheckKind } from '../../../core/evidence/checks/types.ts';
import type { Db } from '../../../platform/db/pool.ts';
import { shopOrder } from '../../orders/schema.ts';
import { refundCase } from '../../refunds/schema.ts';
import { evidence, evidenceCheck } from '../schema.ts';

/** One check as the API shows it; `pending` until the job has run. */
export type CheckView = {
  kind: CheckKind;
  status: Check['result'] | 'pending';
  confidence: number | null;
  reasonZh: string;
  reasonEn: string;
  data: Record<string, unknown>;
  checkedAt: string | null;
};

const pending = (kind: CheckKind): CheckView => ({
  kind,
  status: 'pending',
  confidence: null,
  reasonZh: '核验中',
  reasonEn: 'Being checked',
  data: {},
  checkedAt: null,
});

/** Who reads the checks: staff see which files and cases an image matched; buyers and shops only how many. */
export type CheckReader = { role: string };

const STAFF = new Set(['agent', 'supervisor', 'admin']);

/**
 * A reused-image check as a buyer or a shop reads it: how many files of this account and of others
 * match, never which — their evidence ids and case numbers are other buyers' (and other shops') cases.
 */
function forReader(view: CheckView, reader: CheckReader): CheckView {
  if (STAFF.has(reader.role) || view.kind !== 'duplicate') return view;
  const { matches, ...data } = view.data as { matches?: { sameOwner?: boolean }[] };
  const list = Array.isArray(matches) ? matches : [];
  return {
    ...view,
    data: {
      ...data,
      matchesOwn: list.filter((m) => m.sameOwner).length,
      matchesOthers: list.filter((m) => !m.sameOwner).length,
    },
  };
}

/**
 * The checks of these evidence files (by row id), judged against `order` (OCR order number and amount,
 * capture time) when one is given, as `reader` may see them. Images and videos (by their poster frame,
 * no metadata check) without results yet show every check as pending; archives have none (their
 * members do).
 */
export async function checksOf(
  db: Db,
  files: readonly { id: number; kind: string }[],
  order: OrderFacts | null,
  reader: CheckReader,
): Promise<Map<number, CheckView[]>> {
  const out = new Map<number, CheckView[]>();
  if (!files.length) return out;
  const rows = await db
    .select()
    .from(evidenceCheck)
    .where(
      inArray(
        evidenceCheck.evidenceId,
        files.map((f) => f.id),
      ),
    )
    .orderBy(asc(evidenceCheck.id));
  for (const f of files) {
    if (f.kind !== 'image' && f.kind !== 'video') {
      out.set(f.id, []);
      continue;
    }
    const mine = rows.filter((r) => r.evidenceId === f.id);
    const judged = judgeForOrder(
      mine.map((r) => ({
        kind: r.kind,
        result: r.result,
        confidence: r.confidence,
        reasonZh: r.reasonZh,
        reasonEn: r.reasonEn,
        details: r.details as Record<string, unknown>,
      })),
      order,
    );
    const views = judged.map((c, i) =>
      forReader(
        {
          kind: c.kind,
          status: c.result,
          confidence: c.confidence,
          reasonZh: c.reasonZh,
          reasonEn: c.reasonEn,
          data: c.details,
          checkedAt: mine[i]!.checkedAt.toISOString(),
        },
        reader,
      ),
    );
    const kinds = f.kind === 'video' ? CHECK_KINDS.filter((k) => k !== 'metadata') : CHECK_KINDS;
    out.set(f.id, views.length ? views : kinds.map(pending));
  }
  return out;
}

/** The order a case was opened for, as the checks compare with it. */
export async function caseOrderFacts(db: Db, caseId: number): Promise<OrderFacts | null> {
  const [o] = await db
    .select({ orderNo: shopOrder.orderNo, paidFen: shopOrder.paidFen, createdAt: shopOrder.createdAt })
    .from(refundCase)
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .where(eq(refundCase.id, caseId));
  return o ?? null;
}

/** Row ids of a case's files by public id (to join checks onto the case's evidence list). */
export async function evidenceRowIds(
  db: Db,
  caseId: number,
): Promise<Map<string, { id: number; kind: string }>> {
  const rows = await db
    .select({ id: evidence.id, publicId: evidence.publicId, kind: evidence.kind })
    .from(evidence)
    .where(eq(evidence.caseId, caseId));
  return new Map(rows.map((r) => [r.publicId, { id: r.id, kind: r.kind }]));
}
