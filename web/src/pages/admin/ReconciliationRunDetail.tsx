import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  getReconRun,
  type MismatchKind,
  type ReconMismatch,
  type ReconRun,
} from '../../api/reconciliation.ts';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import type { Messages } from '../../i18n/zh-CN.ts';

export const reconRunKey = (id: number) => ['reconRun', id] as const;

type OursStatus = keyof Messages['recon']['ours'];
type TheirsStatus = keyof Messages['recon']['theirs'];
const kindColors: Record<MismatchKind, string> = {
  missing_at_channel: 'magenta',
  status_differs: 'orange',
  amount_differs: 'red',
  ledger_differs: 'purple',
};

/** 平 (green) when a finished run found nothing, 不平 (red) when it found something; — otherwise. */
export function ResultTag({ run }: { run: Pick<ReconRun, 'status' | 'mismatched'> }) {
  const { t } = useTranslation();
  if (run.status !== 'done') return <Typography.Text type="secondary">—</Typography.Text>;
  const balanced = run.mismatched === 0;
  return (
    <Tag
      color={balanced ? 'success' : 'error'}
      variant="outlined"
      data-testid="recon-result"
      data-balanced={balanced}
    >
      {balanced ? t('recon.balanced') : t('recon.unbalanced')}
    </Tag>
  );
}

/** A status and an amount of one side, e.g. "已退款 ¥95.00". */
function Side({ label, fen, testId }: { label: string; fen: number | null; testId: string }) {
  return (
    <Flex vertical gap={2} data-testid={testId}>
      <span>{label}</span>
      {fen !== null && (
        <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(fen)}</Typography.Text>
      )}
    </Flex>
  );
}

/** One run: its summary and the payouts where our books, the channel or the ledger disagree. */
export function ReconciliationRunDetail({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const run = useQuery({ queryKey: reconRunKey(id), queryFn: () => getReconRun(id) });
  // Statuses come from the server as text; an unknown one (a newer server) shows as it is.
  const oursLabel = (s: string | null) =>
    s && i18n.exists(`recon.ours.${s}`) ? t(`recon.ours.${s as OursStatus}`) : (s ?? '—');
  const theirsLabel = (s: string | null) =>
    s && i18n.exists(`recon.theirs.${s}`) ? t(`recon.theirs.${s as TheirsStatus}`) : (s ?? '—');
  const columns: ColumnsType<ReconMismatch> = [
    {
      key: 'outRefundNo',
      title: t('recon.colOutRefundNo'),
      render: (_, row) => (
        <Typography.Text code data-testid="mismatch-no">
          {row.outRefundNo}
        </Typography.Text>
      ),
    },
    { key: 'channel', title: t('recon.colChannel'), render: (_, row) => t(`channel.${row.channel}`) },
    {
      key: 'kind',
      title: t('recon.colKind'),
      render: (_, row) => (
        <Tag color={kindColors[row.kind]} data-testid="mismatch-kind" data-kind={row.kind}>
          {t(`recon.kind.${row.kind}`)}
        </Tag>
      ),
    },
    {
      key: 'ours',
      title: t('recon.colOurs'),
      render: (_, row) => <Side testId="mismatch-ours" label={oursLabel(row.oursStatus)} fen={row.oursFen} />,
    },
    {
      key: 'theirs',
      title: t('recon.colTheirs'),
      render: (_, row) => (
        <Side testId="mismatch-theirs" label={theirsLabel(row.theirsStatus)} fen={row.theirsFen} />
      ),
    },
    {
      key: 'detail',
      title: t('recon.colDetail'),
      render: (_, row) => (
        <Typography.Text type="secondary" style={{ maxWidth: 360, display: 'inline-block' }}>
          {row.detail}
        </Typography.Text>
      ),
    },
  ];

  if (run.isError) return <Alert type="error" showIcon title={run.error.message} />;
  const data = run.data;
  return (
    <Card
      data-testid="recon-detail"
      data-run-id={id}
      loading={run.isPending}
      title={
        data && (
          <span data-testid="recon-detail-title">
            {t('recon.detailTitle', { day: data.day, seq: data.seq })}
          </span>
        )
      }
      extra={data && <ResultTag run={data} />}
    >
      {data && (
        <Flex vertical gap={12}>
          <Flex gap={16} wrap>
            <Typography.Text data-testid="recon-summary">
              {t('recon.summary', { checked: data.checked, mismatched: data.mismatched })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('recon.finishedAt', { time: formatBeijingTime(data.finishedAt ?? data.startedAt) })}
            </Typography.Text>
          </Flex>
          {data.status === 'failed' && (
            <Alert type="error" showIcon title={t('recon.failedRun', { error: data.error ?? '' })} />
          )}
          {data.mismatched > data.mismatches.length && (
            <Alert
              type="warning"
              showIcon
              title={t('recon.truncated', { shown: data.mismatches.length, total: data.mismatched })}
            />
          )}
          {data.status === 'done' && data.mismatched === 0 ? (
            <Alert type="success" showIcon data-testid="recon-clean" title={t('recon.noMismatch')} />
          ) : (
            <Table<ReconMismatch>
              data-testid="recon-mismatches"
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={data.mismatches}
              pagination={data.mismatches.length > 50 ? { pageSize: 50 } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty /> }}
            />
          )}
        </Flex>
      )}
    </Card>
  );
}
