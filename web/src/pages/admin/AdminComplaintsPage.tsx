import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ComplaintCounts, getComplaintStats } from '../../api/complaints.ts';
import { formatYuan } from '../../format.ts';
import { ComplaintsPage } from '../complaints/ComplaintsPage.tsx';

/** 投诉统计: complaints of the last 90 days by kind, merchant and outcome, with SLA compliance. */
export function AdminComplaintsPage() {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: ['complaint-stats'], queryFn: getComplaintStats });
  const s = stats.data;
  const countColumns = [
    { title: t('complaint.stats.total'), dataIndex: 'total' },
    { title: t('complaint.stats.open'), dataIndex: 'open' },
    { title: t('complaintState.resolved'), dataIndex: 'resolved' },
    { title: t('complaintState.dismissed'), dataIndex: 'dismissed' },
    { title: t('complaint.metDeadline'), dataIndex: 'onTime' },
    { title: t('complaint.missedDeadline'), dataIndex: 'late' },
    { title: t('complaint.overdue'), dataIndex: 'overdue' },
  ];
  return (
    <Flex vertical gap={16} data-testid="admin-complaints">
      <Card title={t('complaint.stats.title')} loading={stats.isPending}>
        {s && (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('complaint.stats.total')} value={s.total.total} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('complaint.stats.onTimeRate')}
                value={s.sla.onTimeRate === null ? '—' : `${Math.round(s.sla.onTimeRate * 100)}%`}
                data-testid="complaint-sla-rate"
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('complaint.overdue')} value={s.sla.overdue} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('complaint.stats.paid')}
                value={formatYuan(s.outcomes.compensationFen + s.outcomes.feeRefundedFen)}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('complaint.outcomeReopen')} value={s.outcomes.reopenCase} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('complaint.outcomeRefundFee')} value={s.outcomes.refundFee} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('complaint.outcomeCompensate')} value={s.outcomes.compensate} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('complaint.stats.reopened')} value={s.outcomes.reopenedByBuyer} />
            </Col>
          </Row>
        )}
      </Card>
      <Card title={t('complaint.stats.byKind')} size="small">
        <Table<ComplaintCounts & { kind: string }>
          data-testid="complaint-stats-kind"
          rowKey="kind"
          size="small"
          pagination={false}
          dataSource={s?.byKind ?? []}
          columns={[
            {
              title: t('complaint.kind'),
              dataIndex: 'kind',
              render: (k) => t(`complaintKind.${k as 'slow_handling'}`),
            },
            ...countColumns,
          ]}
        />
      </Card>
      <Card title={t('complaint.stats.byMerchant')} size="small">
        <Table<ComplaintCounts & { merchantId: number; name: string }>
          data-testid="complaint-stats-merchant"
          rowKey="merchantId"
          size="small"
          pagination={false}
          dataSource={s?.byMerchant ?? []}
          columns={[{ title: t('complaint.merchant'), dataIndex: 'name' }, ...countColumns]}
        />
      </Card>
      {/* The complaints themselves (escalated ones first): what the admins step in on. */}
      <ComplaintsPage />
    </Flex>
  );
}
