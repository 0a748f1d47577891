import { and, eq, lt } from 'drizzle-orm';
import {
  type ChannelWord,
  comparePayout,
  type Mismatch,
  type MismatchKind,
} from '../../core/reconciliation/compare.ts';
import { type DayWindow, parseReconDay } from '../../core/reconciliation/day.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { type RefundGateway, refundAttemptOf } from '../payments/refund-port.ts';
import { type BookedPayout, readBooks } from './read-books.ts';
import { type RECON_MISMATCH_KINDS, type RECON_TRIGGERS, reconMismatch, reconRun } from './schema.ts';

export type ReconRun = typeof reconRun.$inferSelect;
export type ReconTrigger = (typeof RECON_TRIGGERS)[number];
type Gateways = Record<'alipay' | 'wechatpay', RefundGateway>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The core's kinds and the table's are one list: a kind added to only one fails to compile here.
true satisfies Same<MismatchKind, (typeof RECON_MISMATCH_KINDS)[number]>;

/** Channel queries in flight at once: enough to finish a busy day quickly, few enough not to be throttled. */
const CONCURRENCY = 8;
/** A run still `running` after this long died with its process; the next run says so. */
const STALE_MS = 6 * 3_600_000;

/**
 * Reconciles one Beijing day's payouts — those created or settled that day — against the channels
 * and the ledger, and records the run and every disagreement. Read-only against the books: no payout,
 * ledger or case row is touched; fixing what it finds is a person's decision.
 *
 * A channel that cannot answer (timeout, error) is a mismatch with the reason, not a crash. What
 * disagrees is read and asked again once before it is recorded, so a payout settling while the run
 * goes (our books catching up with the channel, or the other way) is not reported.
 */
export async function reconcileDay(input: {
  db: Db;
  gateways: Gateways;
  /** YYYY-MM-DD, Beijing time; a real date, not in the future. */
  day: string;
  triggeredBy: ReconTrigger;
  now: () => Date;
}): Promise<ReconRun> {
  const { db, now } = input;
  const parsed = parseReconDay(input.day, now());
  if (!parsed.ok)
    throw new AppError(parsed.reason === 'future' ? 'RECON.FUTURE_DAY' : 'RECON.BAD_DAY', { day: input.day });
  await db
    .update(reconRun)
    .set({ status: 'failed', error: 'interrupted: the process stopped during the run', finishedAt: now() })
    .where(and(eq(reconRun.status, 'running'), lt(reconRun.startedAt, new Date(now().getTime() - STALE_MS))));
  const [run] = await db
    .insert(reconRun)
    .values({ day: parsed.day, triggeredBy: input.triggeredBy, startedAt: now() })
    .returning();
  const runId = run!.id;
  try {
    const { checked, mismatches } = await compareDay(db, input.gateways, parsed.window);
    await inTransaction(db, async (tx) => {
      for (let i = 0; i < mismatches.length; i += 500) {
        const rows = mismatches.slice(i, i + 500).map(({ payout, mismatch }) => ({
          runId,
          outRefundNo: payout.outRefundNo,
          channel: payout.channel,
          ...mismatch,
        }));
        await tx.insert(reconMismatch).values(rows);
      }
      await tx
        .update(reconRun)
        .set({ status: 'done', checked, mismatched: mismatches.length, finishedAt: now() })
        .where(eq(reconRun.id, runId));
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await db
      .update(reconRun)
      .set({ status: 'failed', error: message.slice(0, 2000), finishedAt: now() })
      .where(eq(reconRun.id, runId));
  }
  const [finished] = await db.select().from(reconRun).where(eq(reconRun.id, runId));
  return finished!;
}

type Found = { payout: BookedPayout; mismatch: Mismatch };

async function compareDay(db: Db, gateways: Gateways, window: DayWindow) {
  const books = await readBooks(db, { window });
  const first = await compareAll(gateways, books);
  // Second look at what disagreed: fresh books, fresh answers.
  const again: Found[] = [];
  for (let i = 0; i < first.length; i += 1000) {
    const names = first.slice(i, i + 1000).map((f) => f.payout.outRefundNo);
    again.push(...(await compareAll(gateways, await readBooks(db, { outRefundNos: names }))));
  }
  return { checked: books.length, mismatches: again };
}

async function compareAll(gateways: Gateways, books: BookedPayout[]): Promise<Found[]> {
  const words = await mapLimit(books, CONCURRENCY, (p) => askChannel(gateways, p));
  return books.flatMap((payout, i) => {
    const mismatch = comparePayout(payout, words[i]!);
    return mismatch ? [{ payout, mismatch }] : [];
  });
}

/** What the channel says about the payout (null for a balance payout: it never left Kameng). */
async function askChannel(gateways: Gateways, p: BookedPayout): Promise<ChannelWord | null> {
  if (p.channel === 'balance') return null;
  try {
    // The same question the payout worker asks: the attempt's number and its order.
    return await gateways[p.channel].queryRefund(
      refundAttemptOf(
        { channel: p.channel, outRefundNo: p.outRefundNo, amountFen: p.amountFen },
        { orderNo: p.orderNo, channelTradeNo: p.channelTradeNo, paidFen: p.orderTotalFen },
        '对账查询',
      ),
    );
  } catch (err) {
    // Adapters answer `unknown` for transport failures; anything thrown still must not stop the run.
    return { kind: 'unknown', message: err instanceof Error ? err.message : String(err) };
  }
}

/** fn over items, at most `limit` at a time, results in the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
