import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type ComplaintKind, caseComplaintKinds, fileComplaint } from '../../api/complaints.ts';
import type { CaseDetail } from '../../api/refunds.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';

/** 投诉: the buyer complains about the case's handling; the new complaint's page opens. */
export function ComplaintButton({ refund }: { refund: Pick<CaseDetail, 'refundNo'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [kind, setKind] = useState<ComplaintKind | undefined>(undefined);
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
