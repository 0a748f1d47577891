import { formatYuan } from '../money/fen.ts';
import type { TxnKind } from './txn.ts';

/** One movement of a buyer's balance (余额), with what it was about as far as the ledger knows. */
export type WalletLine = {
  kind: TxnKind;
  /** The transaction's ref: `order:…`, `payout:…`, `complaint:…:fee`, `express-recovery:…` … */
  ref: string;
  /** Signed: + into the balance, − out of it. */
  amountFen: number;
  /** The refund case and order a payout paid, when the ref is a payout. */
  refundNo: string | null;
  orderNo: string | null;
};

export type Memo = { zh: string; en: string };

/**
 * What a buyer reads beside a movement of their balance: 退款至余额 ¥40.00 — 订单 26120612345678.
 * Read from the transaction's kind and ref (never from its stored memo, which is for the books).
 */
export function walletMemo(line: WalletLine): Memo {
  const money = `¥${formatYuan(Math.abs(line.amountFen))}`;
  const ref = line.ref;
  const order = line.orderNo ?? (ref.startsWith('order:') ? ref.slice('order:'.length) : null);
  const onOrder = (zh: string, en: string): Memo =>
    order
      ? { zh: `${zh} ${money} — 订单 ${order}`, en: `${en} ${money} — order ${order}` }
      : { zh: `${zh} ${money}`, en: `${en} ${money}` };
  const complaint = /^complaint:([^:]+):/.exec(ref)?.[1];
  switch (line.kind) {
    case 'payment':
      return onOrder('余额支付', 'Paid from balance');
    case 'refund':
      if (complaint)
        return {
          zh: `投诉 ${complaint} 退还手续费 ${money}`,
          en: `Fee given back on complaint ${complaint}, ${money}`,
        };
      return line.amountFen > 0
        ? onOrder('退款至余额', 'Refund to balance')
        : onOrder('退款冲回', 'Refund taken back');
    case 'compensation': {
      const returned = /^return-postage:(R\d+)$/.exec(ref)?.[1];
      if (returned)
        return {
          zh: `退货运费补偿 ${money} — 退款单 ${returned}`,
          en: `Return postage refunded ${money} — case ${returned}`,
        };
      return complaint
        ? {
            zh: `投诉 ${complaint} 平台先行赔付 ${money}`,
            en: `Compensation on complaint ${complaint}, ${money}`,
          }
        : { zh: `平台先行赔付 ${money}`, en: `Compensation ${money}` };
    }
    case 'recovery': {
      const refund = /^express-recovery:XR(\d+)$/.exec(ref)?.[1];
      return refund
        ? { zh: `极速退款 R${refund} 退回 ${money}`, en: `Express refund R${refund} returned, ${money}` }
        : { zh: `退回平台 ${money}`, en: `Returned to the platform ${money}` };
    }
    case 'funding':
      return line.amountFen > 0
        ? { zh: `余额充值 ${money}`, en: `Balance top-up ${money}` }
        : { zh: `余额扣减 ${money}`, en: `Balance deduction ${money}` };
    case 'reversal':
      return line.amountFen > 0
        ? { zh: `冲正退回 ${money}`, en: `Reversal credited ${money}` }
        : { zh: `冲正扣回 ${money}`, en: `Reversal debited ${money}` };
    default:
      return line.amountFen > 0
        ? { zh: `余额转入 ${money}`, en: `Credited ${money}` }
        : { zh: `余额转出 ${money}`, en: `Debited ${money}` };
  }
}

/**
 * Whether a buyer may take their balance out. The refund policy has no rule for it: refunds go back
 * the way the money came (原路退回), and money reaches the balance only when it was paid from the
 * balance or when the original channel could not take the refund (a closed or frozen card), so there
 * is no original channel left to send it to. The balance pays for orders instead (ADR 0016).
 */
export const BUYER_WITHDRAWAL = {
  allowed: false,
  reasonZh:
    '根据《退款政策》，余额不支持提现：退款按原路退回，只有原支付渠道无法退回（如银行卡已销户或冻结）或用余额支付的订单，退款才会进入余额。余额可在下单时直接用于支付。',
  reasonEn:
    'Under the refund policy the balance cannot be withdrawn: refunds go back the way they were paid, and only reach the balance when the original channel could not take them (e.g. a closed or frozen card) or the order was paid from the balance. Use the balance to pay for orders.',
} as const;
