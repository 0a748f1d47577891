import { useQueryClient } from '@tanstack/react-query';
import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { addCaseEvidence } from '../../api/evidence.ts';
import type { CaseDetail } from '../../api/refunds.ts';
import { EvidenceGallery } from '../../components/EvidenceGallery.tsx';
import { EvidenceUpload, useEvidenceFiles } from '../../components/EvidenceUpload.tsx';

/**
 * 凭证 of a case; while the case is undecided the buyer may add files to it directly. A stored file
 * leaves the upload list and appears in the gallery once the case is read again.
 */
export function CaseEvidence({ refund, queryKey }: { refund: CaseDetail; queryKey: readonly unknown[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const files = useEvidenceFiles();
  const pending = {
    ...files,
    setFiles: (next: typeof files.files) => files.setFiles(next.filter((file) => file.status !== 'done')),
  };
  return (
    <Card title={t('evidence.title')} size="small" data-testid="case-evidence">
      <Flex vertical gap={16}>
        <EvidenceGallery items={refund.evidence ?? []} />
        {refund.actions.includes('add_evidence') && (
          <EvidenceUpload
            files={pending}
            testId="case-add-evidence"
            upload={(file) => addCaseEvidence(refund.refundNo, file)}
            onUploaded={() => void queryClient.invalidateQueries({ queryKey })}
          />
        )}
      </Flex>
    </Card>
  );
}
