import { formatYuan } from '../../money/index.ts';
import { judgeCapture } from './hints.ts';
import { matchOrderNo, type OcrFacts } from './ocr-text.ts';
import { type Check, check } from './types.ts';

/** The order a file is judged against: the case's, or the one the buyer is claiming for. */
export type OrderFacts = { orderNo: string; paidFen: number; createdAt: Date };

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

/** Shanghai wall-clock `YYYY-MM-DD HH:mm` of an instant (how screens in China show it). */
function shanghai(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/**
 * The OCR reading against the order: the order number (exact, near, none), the amount, a time not
 * before the order. The reviewer's line: ✓ 订单号一致 ¥50.00 2026-12-01 14:03 / ✗ 未识别到订单号.
 * Amounts read of which none is what was paid are said too (a hint, not a verdict: a short top-up's
 * screenshot shows the ¥30.00 that arrived, not the ¥50.00 paid — which is the point of it).
 */
export function judgeOcr(c: Check, order: OrderFacts): Check {
  if (c.result === 'error') return c;
  const facts = c.details.facts as OcrFacts | undefined;
  if (!facts) return c;
  const no = matchOrderNo(order.orderNo, facts.numbers);
  const amount = facts.amountsFen.includes(order.paidFen);
  const placed = shanghai(order.createdAt);
  // Minutes are what screens show: a time in the same minute as the order or later is plausible.
  const time = facts.times.find((t) => t >= placed) ?? null;
  const timeBefore = time === null && facts.times.length > 0;
  const shown = [amount ? yuan(order.paidFen) : null, time].filter(Boolean).join(' ');
  const otherAmounts = amount ? [] : facts.amountsFen.slice(0, 2).map(yuan);
  const differs = otherAmounts.length > 0;
  const differsZh = differs ? `；截图金额 ${otherAmounts.join('、')} 与实付 ${yuan(order.paidFen)} 不同` : '';
  const differsEn = differs
    ? `; the amount shown (${otherAmounts.join(', ')}) is not the ${yuan(order.paidFen)} paid`
    : '';
  const details = {
    ...c.details,
    orderNo: no,
    amountMatches: amount,
    amountDiffers: differs,
    time,
    timeBefore,
  };
  if (no.kind === 'exact')
    return check(
      'ocr',
      timeBefore || differs ? 'warn' : 'ok',
      amount ? 0.95 : 0.85,
      `订单号一致${shown ? ` ${shown}` : ''}${timeBefore ? '；截图时间早于下单' : ''}${differsZh}`,
      `Order number matches${shown ? ` ${shown}` : ''}${timeBefore ? '; the time shown is before the order' : ''}${differsEn}`,
      details,
    );
  if (no.kind === 'near')
    return check(
      'ocr',
      'warn',
      0.6,
      `订单号相近但不一致（识别为 ${no.found}）：可能被裁剪或识别有误${shown ? ` ${shown}` : ''}${differsZh}`,
      `Order number close but not equal (read ${no.found}): cropped or misread${shown ? ` ${shown}` : ''}${differsEn}`,
      details,
    );
  return check(
    'ocr',
    'fail',
    facts.numbers.length ? 0.7 : 0.8,
    `未识别到订单号${shown ? `（${shown}）` : ''}${differsZh}`,
    `No order number found${shown ? ` (${shown})` : ''}${differsEn}`,
    details,
  );
}

/** Stored checks as the viewer of this order should read them: OCR and capture time against the order. */
export function judgeForOrder(checks: readonly Check[], order: OrderFacts | null): Check[] {
  if (!order) return [...checks];
  return checks.map((c) => {
    if (c.kind === 'ocr') return judgeOcr(c, order);
    if (c.kind === 'metadata' && c.result === 'ok') {
      const exif = c.details.exif as { capturedAt?: string } | null | undefined;
      return judgeCapture(exif?.capturedAt, order.createdAt) ?? c;
    }
    return c;
  });
}
