import { useQuery } from '@tanstack/react-query';
import { Card, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { request } from '../../api/client.ts';
import { type ComplaintSummary, listComplaints } from '../../api/complaints.ts';
import { useMe } from '../../auth/session.ts';
import { formatBeijingTime } from '../../format.ts';
import { ComplaintFlags, ComplaintStateTag } from './ComplaintTags.tsx';
import { MerchantComplaintButton } from './MerchantComplaintButton.tsx';

type Filter = 'open' | 'mine' | 'all';
const OPEN = 'submitted,accepted,investigating';

/** The complaints the signed-in person may see: a buyer's own, a shop's, the supervisors' queue. */
export function ComplaintsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const role = me?.role;
  const staff = role === 'supervisor' || role === 'admin';
  const [filter, setFilter] = useState<Filter>(staff ? 'mine' : 'all');
  const base =
    role === 'buyer' ? '/buyer' : role === 'merchant' ? '/merchant' : role === 'admin' ? '/admin' : '/agent';
  const list = useQuery({
    queryKey: ['complaints', filter],
    queryFn: () =>
      listComplaints({
        state: filter === 'all' ? undefined : OPEN,
        actionable: filter === 'mine',
      }),
    enabled: role !== undefined,
  });
  // The shop's profile carries its complaint count (投诉次数).
  const profile = useQuery({
    queryKey: ['merchant-profile'],
    queryFn: () => request<{ complaints: { total: number; open: number } }>('GET', '/api/merchant/profile'),
    enabled: role === 'merchant',
  });
  const title =
    role === 'buyer'
      ? t('complaint.listTitle')
      : role === 'merchant'
        ? t('complaint.merchantListTitle')
        : t('complaint.queueTitle');
  return (
    <Card
      title={title}
      data-testid="complaints-page"
      extra={
        role === 'buyer' ? (
          <MerchantComplaintButton />
        ) : (
          staff && (
            <Segmented<Filter>
              data-testid="complaints-filter"
              value={filter}
              onChange={setFilter}
              options={(['mine', 'open', 'all'] as const).map((f) => ({
                value: f,
                label: t(`complaint.filter.${f}`),
              }))}
            />
          )
        )
      }
    >
      {profile.data && (
        <Typography.Paragraph type="secondary" data-testid="merchant-complaint-count">
          {t('complaint.profileCount', profile.data.complaints)}
        </Typography.Paragraph>
      )}
      <Table<ComplaintSummary>
        data-testid="complaints-table"
        rowKey="complaintNo"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('complaint.empty') }}
        columns={[
          {
            title: t('complaint.no'),
            dataIndex: 'complaintNo',
            render: (no: string) => (
              <Link to={`${base}/complaints/${no}`} data-testid="complaint-link">
                <Typography.Text code>{no}</Typography.Text>
              </Link>
            ),
          },
          {
            title: t('complaint.kind'),
            dataIndex: 'kind',
            render: (k) => t(`complaintKind.${k as 'slow_handling'}`),
          },
          {
            title: t('complaint.state'),
            render: (_, c) => (
              <>
                <ComplaintStateTag state={c.state} />
                <ComplaintFlags complaint={c} />
              </>
            ),
          },
          { title: t('complaint.refundNo'), dataIndex: 'refundNo', render: (v: string | null) => v ?? '—' },
          { title: t('complaint.merchant'), dataIndex: 'merchantName' },
          {
            title: t('complaint.deadline'),
            dataIndex: 'deadline',
            render: (v: string) => formatBeijingTime(v),
          },
          {
            title: t('complaint.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatBeijingTime(v),
          },
        ]}
      />
    </Card>
  );
}
