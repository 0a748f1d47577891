import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintState, ComplaintSummary } from '../../api/complaints.ts';

const stateColors: Record<ComplaintState, string> = {
  submitted: 'blue',
  accepted: 'cyan',
  investigating: 'gold',
  resolved: 'green',
  dismissed: 'default',
};

export function ComplaintStateTag({ state }: { state: ComplaintState }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColors[state]} data-testid="complaint-state" data-state={state}>
      {t(`complaintState.${state}`)}
    </Tag>
  );
}

/** Escalated, urged and overdue flags of an open complaint. */
export function ComplaintFlags({ complaint }: { complaint: ComplaintSummary }) {
  const { t } = useTranslation();
  const open = complaint.closedAt === null;
  return (
    <>
      {complaint.escalated && (
        <Tag color="red" data-testid="complaint-escalated">
          {t('complaint.escalated')}
        </Tag>
      )}
      {complaint.urged && <Tag color="orange">{t('complaint.urged')}</Tag>}
      {open && Date.parse(complaint.deadline) < Date.now() && (
        <Tag color="volcano">{t('complaint.overdue')}</Tag>
      )}
    </>
  );
}
