import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { listReconRuns, type ReconRun, runReconciliation } from '../../api/reconciliation.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { formatBeijingTime } from '../../format.ts';
import { ReconciliationRunDetail, ResultTag, reconRunKey } from './ReconciliationRunDetail.tsx';

const runsKey = ['reconRuns'] as const;
const statusColors = { running: 'processing', done: 'default', failed: 'error' } as const;

/** A Beijing calendar day `daysAgo` before now, YYYY-MM-DD, whatever the browser's zone. */
function beijingDay(daysAgo: number): string {
  return formatBeijingTime(new Date(Date.now() - daysAgo * 86_400_000).toISOString()).slice(0, 10);
}

/** Picks a day (yesterday by default; never one that has not begun in Beijing) and reconciles it now. */
function RunForm({ onRun }: { onRun: (run: ReconRun) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(() => beijingDay(1));
  const run = useMutation({
    mutationFn: runReconciliation,
    onSuccess: (result) => {
      queryClient.setQueryData(reconRunKey(result.id), result);
      void queryClient.invalidateQueries({ queryKey: runsKey });
      if (result.status === 'failed') void message.error(t('recon.runFailed', { day: result.day }));
      else {
        const done = t('recon.runDone', {
          day: result.day,
          checked: result.checked,
          mismatched: result.mismatched,
        });
        void (result.mismatched ? message.warning(done) : message.success(done));
      }
      onRun(result);
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Flex gap={12} align="center" wrap>
      <DatePicker
        data-testid="recon-day"
        prefix={t('recon.day')}
        allowClear={false}
        value={dayjs(day)}
        format="YYYY-MM-DD"
        disabledDate={(d) => d.format('YYYY-MM-DD') > beijingDay(0)}
        onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))}
      />
      <Button type="primary" data-testid="recon-run" loading={run.isPending} onClick={() => run.mutate(day)}>
        {t('recon.run')}
      </Button>
    </Flex>
  );
}

/** 对账 (admin): the runs, latest first, a run of a chosen day now, and the chosen run's mismatches. */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = Number(params.get('run')) || null;
  const select = (id: number) => setParams({ run: String(id) });
  const { query: runs, rows } = useCursorPages(runsKey, (cursor?: number) => listReconRuns(cursor));
  const columns: ColumnsType<ReconRun> = [
    {
      key: 'day',
      title: t('recon.colDay'),
      render: (_, row) => (
        <span data-testid="recon-run-day" data-seq={row.seq}>
          {t('recon.daySeq', { day: row.day, seq: row.seq })}
        </span>
      ),
    },
    {
      key: 'status',
      title: t('recon.colStatus'),
      render: (_, row) => (
        <Tag color={statusColors[row.status]} data-testid="recon-run-status" data-status={row.status}>
          {t(`recon.status.${row.status}`)}
        </Tag>
      ),
    },
    { key: 'result', title: t('recon.colResult'), render: (_, row) => <ResultTag run={row} /> },
    { key: 'checked', title: t('recon.colChecked'), align: 'right', render: (_, row) => row.checked },
    {
      key: 'mismatched',
      title: t('recon.colMismatched'),
      align: 'right',
      render: (_, row) => (
        <Typography.Text type={row.mismatched ? 'danger' : undefined} data-testid="recon-run-mismatched">
          {row.mismatched}
        </Typography.Text>
      ),
    },
    {
      key: 'trigger',
      title: t('recon.colTrigger'),
      render: (_, row) => t(`recon.trigger.${row.triggeredBy}`),
    },
    { key: 'started', title: t('recon.colStarted'), render: (_, row) => formatBeijingTime(row.startedAt) },
  ];

  return (
    <Flex vertical gap={16} data-testid="recon-page">
      <Card title={t('menu.adminReconciliation')} extra={<RunForm onRun={(run) => select(run.id)} />}>
        <Typography.Paragraph type="secondary">{t('recon.intro')}</Typography.Paragraph>
        {runs.isError && (
          <Alert type="error" showIcon title={runs.error.message} style={{ marginBottom: 16 }} />
        )}
        <Typography.Title level={5}>{t('recon.runsTitle')}</Typography.Title>
        <Table<ReconRun>
          data-testid="recon-runs"
          size="middle"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={runs.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('recon.emptyRuns')} /> }}
          rowClassName={(row) => (row.id === selected ? 'ant-table-row-selected' : '')}
          onRow={(row) => ({
            onClick: () => select(row.id),
            style: { cursor: 'pointer' },
          })}
        />
        {runs.hasNextPage && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button loading={runs.isFetchingNextPage} onClick={() => runs.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
      {selected ? (
        <ReconciliationRunDetail id={selected} />
      ) : (
        rows.length > 0 && <Typography.Text type="secondary">{t('recon.selectHint')}</Typography.Text>
      )}
    </Flex>
  );
}
