import { useSearchParams } from 'react-router';
import type { CaseState } from '../../api/refunds.ts';

export type RefundGroup = 'all' | 'active' | 'refunded' | 'rejected' | 'withdrawn';

export const refundGroups: { group: RefundGroup; states?: CaseState[] }[] = [
  { group: 'all' },
  {
    group: 'active',
    states: [
      'submitted',
      'info_requested',
      'risk_hold',
      'approved',
      'awaiting_return',
      'return_shipped',
      'refunding',
      'appealed',
    ],
  },
  { group: 'refunded', states: ['refunded'] },
  { group: 'rejected', states: ['rejected'] },
  { group: 'withdrawn', states: ['withdrawn'] },
];

/** The 我的退款 filter, kept in the URL (?group=); the server filters by the group's states. */
export function useRefundGroup() {
  const [params, setParams] = useSearchParams();
  const entry = refundGroups.find(({ group }) => group === params.get('group')) ?? refundGroups[0]!;
  const states = entry.states;
  const serverStatus = states?.join(',');
  const setGroup = (group: RefundGroup) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      if (group === 'all') next.delete('group');
      else next.set('group', group);
      return next;
    });
  return { group: entry.group, serverStatus, setGroup };
}
