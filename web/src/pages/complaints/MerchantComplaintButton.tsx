import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { complainableMerchants, fileComplaint } from '../../api/complaints.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';

/** 投诉商家: a complaint about a shop the buyer bought from, with text and evidence; its page opens. */
export function MerchantComplaintButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [merchantId, setMerchantId] = useState<number | undefined>(undefined);
  const shops = useQuery({ queryKey: ['complainable-merchants'], queryFn: complainableMerchants });
  return (
    <TextActionModal
      id="complain-merchant"
      label={t('complaint.merchantButton')}
      title={t('complaint.merchantTitle')}
      hint={t('complaint.merchantHint')}
      placeholder={t('complaint.textPlaceholder')}
      minLength={5}
      maxLength={2000}
      withEvidence
      blocked={merchantId ? undefined : t('complaint.chooseMerchant')}
      extra={
        <Select<number>
          data-testid="complain-merchant-select"
          placeholder={t('complaint.chooseMerchant')}
          value={merchantId}
          onChange={setMerchantId}
          loading={shops.isPending}
          notFoundContent={t('complaint.noMerchants')}
          options={(shops.data?.items ?? []).map((m) => ({ value: m.merchantId, label: m.name }))}
        />
      }
      confirmLabel={t('complaint.submit')}
      send={(text, evidenceIds) =>
        fileComplaint({ kind: 'merchant_general', merchantId: merchantId!, text, evidenceIds })
      }
      onDone={(c) => navigate(`/buyer/complaints/${c.complaintNo}`)}
      onClose={() => setMerchantId(undefined)}
      success={t('complaint.filed')}
    />
  );
}
