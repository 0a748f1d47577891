import { buyerBalance, channelClearing, GUARANTEE } from '../ledger/accounts.ts';
import { compact, type LedgerTxn, transfer } from '../ledger/txn.ts';

/**
 * Recovering an upheld express loss (追回极速退款损失), only with the buyer's consent: what their
 * balance (余额) covers first, the rest through a payment channel. Never more than the loss.
 */
export type RecoveryPlan = { fromBalanceFen: number; fromChannelFen: number };

export function planRecovery(lossFen: number, balanceFen: number): RecoveryPlan {
  if (!Number.isSafeInteger(lossFen) || lossFen <= 0)
    throw new RangeError(`loss must be positive fen: ${lossFen}`);
  const fromBalanceFen = Math.min(lossFen, Math.max(0, Math.trunc(balanceFen)));
  return { fromBalanceFen, fromChannelFen: lossFen - fromBalanceFen };
}

/**
 * The ledger transaction giving the guarantee fund (which paid the merchant) its money back: from the
 * buyer's balance account and from the channel's clearing account for the part paid through it.
 */
export function recoveryTxn(input: {
  recoveryNo: string;
  refundNo: string;
  buyerId: number;
  plan: RecoveryPlan;
  channel: 'alipay' | 'wechatpay' | null;
}): LedgerTxn {
  const { plan } = input;
  if (plan.fromChannelFen > 0 && !input.channel) throw new RangeError('a channel part needs a channel');
  return {
    kind: 'recovery',
    ref: `express-recovery:${input.recoveryNo}`,
    memo: `极速退款 ${input.refundNo} 经核实有误，买家同意退还`,
    postings: compact([
      ...transfer(buyerBalance(input.buyerId), GUARANTEE, plan.fromBalanceFen),
      ...(input.channel ? transfer(channelClearing(input.channel), GUARANTEE, plan.fromChannelFen) : []),
    ]),
  };
}

/** The recovery's own number (and the channel's out_trade_no): XR and the refund number's digits. */
export const recoveryNoOf = (refundNo: string) => `XR${refundNo.replace(/^R/, '')}`;
