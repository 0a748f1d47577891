import { useQuery } from '@tanstack/react-query';
import { Button, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  type ComplaintKind,
  caseComplaintKinds,
  fileComplaint,
  listComplaints,
} from '../../api/complaints.ts';
import type { CaseDetail } from '../../api/refunds.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';

const OPEN = new Set(['submitted', 'accepted', 'investigating']);

/**
 * 投诉: the buyer complains about the case's handling; the new complaint's page opens. While a complaint
 * about the case is open (one at a time), the button leads to it instead.
 */
export function ComplaintButton({ refund }: { refund: Pick<CaseDetail, 'refundNo'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [kind, setKind] = useState<ComplaintKind | undefined>(undefined);
  const existing = useQuery({
    queryKey: ['complaints', 'case', refund.refundNo],
    queryFn: () => listComplaints({ refundNo: refund.refundNo }),
  });
  const open = existing.data?.items.find((c) => OPEN.has(c.state));
  if (open)
    return (
      <Link to={`/buyer/complaints/${open.complaintNo}`} data-testid="case-open-complaint">
        <Button>{t('complaint.viewOpen', { complaintNo: open.complaintNo })}</Button>
      </Link>
    );
  return (
    <TextActionModal
      id="complain"
      label={t('complaint.fileButton')}
      title={t('complaint.fileTitle', { refundNo: refund.refundNo })}
      hint={t('complaint.fileHint')}
      placeholder={t('complaint.textPlaceholder')}
      minLength={5}
      maxLength={2000}
      withEvidence
      blocked={kind ? undefined : t('complaint.kind')}
      extra={
        <Select<ComplaintKind>
          data-testid="complain-kind"
          placeholder={t('complaint.kind')}
          value={kind}
          onChange={setKind}
          options={caseComplaintKinds.map((k) => ({ value: k, label: t(`complaintKind.${k}`) }))}
        />
      }
      confirmLabel={t('complaint.submit')}
      send={(text, evidenceIds) =>
        fileComplaint({ kind: kind!, refundNo: refund.refundNo, text, evidenceIds })
      }
      onDone={(c) => navigate(`/buyer/complaints/${c.complaintNo}`)}
      success={t('complaint.filed')}
    />
  );
}
