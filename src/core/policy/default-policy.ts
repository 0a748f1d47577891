import { DEFAULT_CALENDAR_2026 } from '../calendar/default-calendar.ts';
import { DEFAULT_COMPLAINT_POLICY } from '../complaints/complaint-policy.ts';
import { DEFAULT_EXPRESS } from '../credit/express.ts';
import { DEFAULT_CREDIT_THRESHOLDS } from '../credit/levels.ts';
import { DEFAULT_RETURN_POLICY } from '../returns/return-policy.ts';
import { FEE_DISPUTE_RULES, PHYSICAL_RULES, VIRTUAL_RULES } from './default-rules.ts';
import type { PolicyDocument } from './schema.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The 《退款政策》 defaults from the seed document. Admins edit a copy; this one is frozen so no
 * module can change the defaults for everyone by accident.
 */
export const DEFAULT_POLICY: PolicyDocument = deepFreeze({
  version: 1,
  rounding: 'half_up',
  calendar: DEFAULT_CALENDAR_2026,
  rules: [...VIRTUAL_RULES, ...PHYSICAL_RULES, ...FEE_DISPUTE_RULES],
  fees: [
    {
      id: 'PLATFORM-SERVICE',
      kind: 'platform_service',
      rateBp: 500, // seed: "已发货订单扣除5%手续费"
      minFen: 0,
      labelZh: '平台服务费',
      labelEn: 'Platform service fee',
    },
  ],
  sla: {
    virtual: { minDays: 1, maxDays: 3 },
    physical: { minDays: 3, maxDays: 5 },
  },
  appealWithinDays: 7,
  arrival: {
    alipay: { minDays: 1, maxDays: 3 },
    wechatpay: { minDays: 1, maxDays: 3 },
    // Balance refunds are a ledger entry inside the platform: immediate.
    balance: { minDays: 0, maxDays: 0 },
  },
  complaints: structuredClone(DEFAULT_COMPLAINT_POLICY),
  credit: { levels: DEFAULT_CREDIT_THRESHOLDS },
  express: DEFAULT_EXPRESS,
  returns: structuredClone(DEFAULT_RETURN_POLICY),
});
