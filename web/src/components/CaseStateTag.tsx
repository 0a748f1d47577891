import { Tag } from 'antd';
import type { CaseState, CaseSummary } from '../api/refunds.ts';
import { currentLanguage } from '../i18n/index.ts';

const stateColors: Record<CaseState, string> = {
  submitted: 'processing',
  info_requested: 'orange',
  risk_hold: 'volcano',
  approved: 'cyan',
  awaiting_return: 'gold',
  return_shipped: 'geekblue',
  refunding: 'blue',
  refunded: 'success',
  refund_failed: 'red',
  rejected: 'red',
  appealed: 'purple',
  withdrawn: 'default',
  closed: 'default',
};

/** A refund case's state, labelled as the server names it (待审核, 已退款…). */
export function CaseStateTag({ refund }: { refund: Pick<CaseSummary, 'state' | 'stateLabel'> }) {
  return (
    <Tag color={stateColors[refund.state]} data-testid="case-state" data-state={refund.state}>
      {currentLanguage() === 'en' ? refund.stateLabel.en : refund.stateLabel.zh}
    </Tag>
  );
}
