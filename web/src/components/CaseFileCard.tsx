import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CaseFileStatus, caseFileUrl, getCaseFile, requestCaseFile } from '../api/caseFiles.ts';
import { formatBeijingTime } from '../format.ts';

/** 案件档案: build the case file (a job) and download its PDF and zip; polls while it is being built. */
export function CaseFileCard({
  refundNo,
  scope = 'buyer',
}: {
  refundNo: string;
  /** The edition the viewer gets (the server decides; this only words the hint before a first build). */
  scope?: CaseFileStatus['scope'];
}) {
  const { t } = useTranslation();
  const hint = (s: CaseFileStatus['scope']) =>
    s === 'full'
      ? t('caseFile.hintFull')
      : s === 'merchant'
        ? t('caseFile.hintMerchant')
        : t('caseFile.hintBuyer');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['case-file', refundNo];
  const status = useQuery({
    queryKey: key,
    queryFn: () => getCaseFile(refundNo),
    refetchInterval: (q) => (q.state.data?.file?.state === 'queued' ? 1000 : false),
  });
  const build = useMutation({
    mutationFn: () => requestCaseFile(refundNo),
    onSuccess: (file) => queryClient.setQueryData(key, { file }),
    onError: (error) => message.error(error.message),
  });
  const file = status.data?.file ?? null;
  return (
    <Card
      size="small"
      title={t('caseFile.title')}
      data-testid="case-file"
      data-state={file?.state ?? 'none'}
      extra={
        <Button
          size="small"
          data-testid="case-file-build"
          loading={build.isPending || file?.state === 'queued'}
          onClick={() => build.mutate()}
        >
          {file ? t('caseFile.rebuild') : t('caseFile.build')}
        </Button>
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{hint(file?.scope ?? scope)}</Typography.Text>
        {file?.state === 'queued' && <Tag color="processing">{t('caseFile.queued')}</Tag>}
        {file?.state === 'failed' && <Tag color="error">{t('caseFile.failed')}</Tag>}
        {file?.state === 'ready' && (
          <>
            <Flex gap={8} wrap>
              <Button type="primary" href={caseFileUrl(refundNo, 'pdf')} data-testid="case-file-pdf">
                {t('caseFile.pdf')}
              </Button>
              <Button href={caseFileUrl(refundNo, 'zip')} data-testid="case-file-zip">
                {t('caseFile.zip')}
              </Button>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('caseFile.readyAt', { time: formatBeijingTime(file.readyAt), events: file.events ?? 0 })}
            </Typography.Text>
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12 }}
              copyable={{ text: file.manifestSha256 ?? '' }}
            >
              manifest SHA-256 <span data-testid="case-file-digest">{file.manifestSha256}</span>
            </Typography.Text>
          </>
        )}
      </Flex>
    </Card>
  );
}
