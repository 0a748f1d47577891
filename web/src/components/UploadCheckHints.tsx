import { useQueries } from '@tanstack/react-query';
import { Alert, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { getEvidenceChecks } from '../api/evidence.ts';
import type { EvidenceFiles } from './EvidenceUpload.tsx';

/** How long the page keeps asking for a file's checks (they run in the background after the upload). */
const POLL_MS = 2000;
const GIVE_UP_MS = 90_000;

/**
 * The buyer's hint after an upload: once the checks have read a screenshot, say so when the order
 * number could not be found in it, so they can upload a fuller one before submitting. Only a hint:
 * the file stays and the request can be sent as it is.
 */
export function UploadCheckHints({ files, orderNo }: { files: EvidenceFiles; orderNo: string }) {
  const { t } = useTranslation();
  const uploaded = files.files.flatMap((f) =>
    f.status === 'done' && f.response?.kind === 'image' ? [{ id: f.response.evidenceId, name: f.name }] : [],
  );
  const results = useQueries({
    queries: uploaded.map((f) => ({
      queryKey: ['evidenceChecks', f.id, orderNo],
      queryFn: () => getEvidenceChecks(f.id, orderNo),
      refetchInterval: (query: { state: { data?: { status: string }[]; dataUpdateCount: number } }) =>
        query.state.data?.some((c) => c.status === 'pending') &&
        query.state.dataUpdateCount * POLL_MS < GIVE_UP_MS
          ? POLL_MS
          : false,
    })),
  });
  const unread = uploaded.filter((_, i) =>
    results[i]?.data?.some((c) => c.kind === 'ocr' && c.status === 'fail'),
  );
  if (unread.length === 0) return null;
  return (
    <Flex vertical gap={8}>
      {unread.map((f) => (
        <Alert
          key={f.id}
          type="warning"
          showIcon
          data-testid="evidence-order-hint"
          title={t('evidence.checks.noOrderNo', { name: f.name })}
        />
      ))}
    </Flex>
  );
}
