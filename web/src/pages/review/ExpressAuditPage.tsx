import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { auditCase, decideObjection, listAudits, listObjections } from '../../api/credit.ts';
import { formatTime, formatYuan } from '../../format.ts';
import { ExpressRecoveries } from '../admin/ExpressRecoveries.tsx';

type Pending = { refundNo: string; kind: 'fine' | 'abusive' | 'upheld' | 'dismissed' } | null;

/** 事后抽检 and merchants' objections to express refunds: the supervisors' side of 极速退款. */
export function ExpressAuditPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const audits = useQuery({ queryKey: ['expressAudits'], queryFn: listAudits });
  const objections = useQuery({ queryKey: ['expressObjections'], queryFn: listObjections });
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (p: NonNullable<Pending>) =>
      p.kind === 'fine' || p.kind === 'abusive'
        ? auditCase(p.refundNo, p.kind, reason)
        : decideObjection(p.refundNo, p.kind === 'upheld', reason),
    onSuccess: () => {
      setPending(null);
      setReason('');
      void message.success(t('expressAudit.saved'));
      void queryClient.invalidateQueries({ queryKey: ['expressAudits'] });
      void queryClient.invalidateQueries({ queryKey: ['expressObjections'] });
      void queryClient.invalidateQueries({ queryKey: ['expressRecoveries'] });
    },
    onError: (e) => void message.error(e.message),
  });
  const caseLink = (refundNo: string) => <Link to={`/agent/queue/${refundNo}`}>{refundNo}</Link>;
  const act = (refundNo: string, kind: NonNullable<Pending>['kind'], danger = false) => (
    <Button
      size="small"
      danger={danger}
      data-testid={`express-${kind}`}
      onClick={() => setPending({ refundNo, kind })}
    >
      {t(`expressAudit.${kind}`)}
    </Button>
  );
  return (
    <Flex vertical gap={16} data-testid="express-audit-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('expressAudit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('expressAudit.intro')}
      </Typography.Paragraph>
      <Card title={t('expressAudit.queue')} data-testid="express-audits">
        <Table
          size="small"
          rowKey="refundNo"
          loading={audits.isPending}
          dataSource={audits.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('expressAudit.refundNo'), dataIndex: 'refundNo', render: caseLink },
            { title: t('expressAudit.product'), dataIndex: 'productName' },
            { title: t('expressAudit.amount'), dataIndex: 'amountFen', render: (f: number) => formatYuan(f) },
            { title: t('expressAudit.score'), dataIndex: 'score' },
            {
              title: t('expressAudit.sampledFor'),
              dataIndex: 'sampledFor',
              render: (s: 'amount' | 'sample') => <Tag>{t(`expressAudit.why.${s}`)}</Tag>,
            },
            { title: t('expressAudit.at'), dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
            {
              title: '',
              key: 'act',
              render: (_: unknown, r: { refundNo: string }) => (
                <Space>
                  {act(r.refundNo, 'fine')}
                  {act(r.refundNo, 'abusive', true)}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('expressAudit.objections')} data-testid="express-objections">
        <Table
          size="small"
          rowKey="refundNo"
          loading={objections.isPending}
          dataSource={objections.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('expressAudit.refundNo'), dataIndex: 'refundNo', render: caseLink },
            { title: t('expressAudit.amount'), dataIndex: 'amountFen', render: (f: number) => formatYuan(f) },
            { title: t('expressAudit.proof'), dataIndex: 'proof' },
            { title: t('expressAudit.at'), dataIndex: 'objectedAt', render: (at: string) => formatTime(at) },
            {
              title: '',
              key: 'act',
              render: (_: unknown, r: { refundNo: string }) => (
                <Space>
                  {act(r.refundNo, 'upheld', true)}
                  {act(r.refundNo, 'dismissed')}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={pending !== null}
        title={pending ? t(`expressAudit.${pending.kind}`) : ''}
        okText={t('expressAudit.confirm')}
        okButtonProps={{
          disabled: reason.trim().length < 2,
          loading: decide.isPending,
        }}
        onOk={() => pending && decide.mutate(pending)}
        onCancel={() => setPending(null)}
      >
        <Input.TextArea
          data-testid="express-reason"
          rows={3}
          maxLength={1000}
          value={reason}
          placeholder={t('expressAudit.reason')}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <ExpressRecoveries linkCases />
    </Flex>
  );
}
