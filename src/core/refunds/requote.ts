import { formatYuan } from '../money/fen.ts';
import type { OrderFacts } from '../policy/facts.ts';
import type { Quote } from '../policy/quote.ts';

/** The part of a stored quote a decision compares with (the case's `quote` column, as JSON). */
export type StoredQuote = {
  readonly eligible: boolean;
  readonly amountFen: number;
  readonly ruleId: string;
  readonly policyVersion: number | null;
  readonly fees: readonly { readonly amountFen: number }[];
};

export type Text = { readonly zh: string; readonly en: string };

export type QuoteChange = {
  readonly changed: boolean;
  /** Why, in words a reviewer reads: what changed in the order's records, the policy, the amount. */
  readonly reasons: readonly Text[];
};

const feeTotal = (q: { fees: readonly { amountFen: number }[] }) =>
  q.fees.reduce((s, f) => s + f.amountFen, 0);

/**
 * What a decision would take on today's facts against what the case was submitted with. A decision
 * never silently pays the old amount: when the two differ the reviewer sees both and why.
 */
export function compareQuotes(
  before: { quote: StoredQuote; facts: OrderFacts | null },
  after: { quote: Quote; facts: OrderFacts },
): QuoteChange {
  const b = before.quote;
  const a = after.quote;
  const changed =
    a.eligible !== b.eligible ||
    a.amountFen !== b.amountFen ||
    feeTotal(a) !== feeTotal(b) ||
    a.ruleId !== b.ruleId;
  if (!changed) return { changed: false, reasons: [] };
  const reasons: Text[] = [];
  const f0 = before.facts;
  const f1 = after.facts;
  if (f0) {
    const revealed = f1.delivery.keysRevealed - f0.delivery.keysRevealed;
    if (revealed > 0)
      reasons.push({
        zh: `申请提交后，买家又提取了 ${revealed} 张卡密`,
        en: `The buyer revealed ${revealed} more key${revealed === 1 ? '' : 's'} after applying`,
      });
    const issued = f1.delivery.keysIssued - f0.delivery.keysIssued;
    if (issued > 0)
      reasons.push({
        zh: `申请提交后，又发放了 ${issued} 张卡密`,
        en: `${issued} more key${issued === 1 ? ' was' : 's were'} issued after applying`,
      });
    if (f0.delivery.deliveredAt === null && f1.delivery.deliveredAt !== null)
      reasons.push({ zh: '申请提交后，订单已发货', en: 'The order was delivered after applying' });
    if (f1.delivery.arrivedUnits !== f0.delivery.arrivedUnits)
      reasons.push({
        zh: `到账数量由 ${f0.delivery.arrivedUnits} 变为 ${f1.delivery.arrivedUnits}`,
        en: `Units arrived went from ${f0.delivery.arrivedUnits} to ${f1.delivery.arrivedUnits}`,
      });
    if (f0.receivedAt === null && f1.receivedAt !== null)
      reasons.push({ zh: '申请提交后，包裹已签收', en: 'The parcel was signed for after applying' });
    const consumed = (f: OrderFacts) => f.refundedFen + (f.feesWithheldFen ?? 0);
    if (consumed(f1) !== consumed(f0))
      reasons.push({
        zh: `该订单已退款（含已扣手续费）由 ${formatYuan(consumed(f0))} 元变为 ${formatYuan(consumed(f1))} 元`,
        en: `Refunded on the order (fees kept included) went from ¥${formatYuan(consumed(f0))} to ¥${formatYuan(consumed(f1))}`,
      });
  }
  if (a.policyVersion !== b.policyVersion)
    reasons.push({
      zh: `按当前政策 v${a.policyVersion} 计算（提交时为 v${b.policyVersion}）`,
      en: `Quoted under policy v${a.policyVersion} (v${b.policyVersion} at submission)`,
    });
  reasons.push(
    a.eligible
      ? {
          zh: `可退金额由 ${formatYuan(b.amountFen)} 元变为 ${formatYuan(a.amountFen)} 元（规则 ${a.ruleId}）`,
          en: `Refundable went from ¥${formatYuan(b.amountFen)} to ¥${formatYuan(a.amountFen)} (rule ${a.ruleId})`,
        }
      : {
          zh: `按当前情况已不符合退款条件（规则 ${a.ruleId}），只能驳回`,
          en: `On today’s facts the refund is no longer allowed (rule ${a.ruleId}); it can only be rejected`,
        },
  );
  return { changed: true, reasons };
}

/**
 * What a decision pays and withholds on a quote. A fee a supervisor waived on this case stays
 * waived on a new quote: the buyer then gets the whole of it, fee included.
 */
export function decisionAmounts(q: Quote, feeWaived: boolean): { amountFen: number; feeFen: number } {
  const fee = feeTotal(q);
  return feeWaived ? { amountFen: q.amountFen + fee, feeFen: 0 } : { amountFen: q.amountFen, feeFen: fee };
}
