import { z } from 'zod';
import type { NotifyFault, SimChannel } from './state.ts';

export const FAULT_KINDS = [
  'timeout',
  'http500',
  'processing_then_success',
  'abnormal',
  'closed',
  'duplicate_notify',
  'out_of_order_notify',
  'forged_notify',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults of the transport: they hit a request (refund by default, or a query, or a payment). */
export const TRANSPORT_FAULTS = ['timeout', 'http500'] as const satisfies readonly FaultKind[];
/** Faults of the outcome: they decide what a new refund becomes. */
export const OUTCOME_FAULTS = [
  'processing_then_success',
  'abnormal',
  'closed',
] as const satisfies readonly FaultKind[];
/** Faults of the refund's notification. */
export const NOTIFY_FAULTS = [
  'duplicate_notify',
  'out_of_order_notify',
  'forged_notify',
] as const satisfies readonly NotifyFault[];

export const faultRequestSchema = z.object({
  match: z
    .object({
      channel: z.enum(['alipay', 'wechatpay']).optional(),
      outRefundNo: z.string().min(1).optional(),
      outTradeNo: z.string().min(1).optional(),
      any: z.literal(true).optional(),
    })
    .refine(
      (m) => m.any || m.outRefundNo || m.outTradeNo,
      'match needs outRefundNo, outTradeNo or any: true',
    ),
  fault: z.enum(FAULT_KINDS),
  /** How many matching requests (or new refunds) it hits; default 1. */
  times: z.number().int().min(1).max(1_000_000).default(1),
  /**
   * timeout: how long the reply is held (default 15 s, longer than any client timeout);
   * processing_then_success / abnormal / closed: how long the refund stays PROCESSING (default 1 s for
   * processing_then_success; abnormal and closed fail at once unless given);
   * out_of_order_notify: how long its notification is held back (default 500 ms).
   */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Which requests a transport fault hits. */
  on: z.enum(['refund', 'query', 'pay', 'any']).default('refund'),
});
export type FaultRequest = z.input<typeof faultRequestSchema>;
export type FaultRule = z.output<typeof faultRequestSchema> & { id: number };

export type FaultContext = {
  channel: SimChannel;
  op: 'refund' | 'query' | 'pay';
  outRefundNo?: string;
  outTradeNo?: string;
};

/** Scripted faults, consumed in the order they were added; each hits `times` matching events. */
export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(request: FaultRequest): FaultRule {
    const rule = { ...faultRequestSchema.parse(request), id: this.nextId++ };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule of one of `kinds` that matches, counted as used. */
  take<K extends FaultKind>(kinds: readonly K[], ctx: FaultContext): (FaultRule & { fault: K }) | null {
    const rule = this.rules.find((r) => (kinds as readonly FaultKind[]).includes(r.fault) && matches(r, ctx));
    if (!rule) return null;
    rule.times -= 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule as FaultRule & { fault: K };
  }
}

function matches(rule: FaultRule, ctx: FaultContext): boolean {
  const m = rule.match;
  if (m.channel && m.channel !== ctx.channel) return false;
  if ((TRANSPORT_FAULTS as readonly FaultKind[]).includes(rule.fault)) {
    if (rule.on !== 'any' && rule.on !== ctx.op) return false;
  } else if (ctx.op !== 'refund') {
    return false;
  }
  if (m.outRefundNo && m.outRefundNo !== ctx.outRefundNo) return false;
  if (m.outTradeNo && m.outTradeNo !== ctx.outTradeNo) return false;
  return true;
}
