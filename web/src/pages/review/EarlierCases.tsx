import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../../api/refunds.ts';
import { CaseAmount } from '../../components/CaseAmount.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { formatTime } from '../../format.ts';
import { reviewCasePath } from './ReviewQueuePage.tsx';

/** The buyer's other refund cases: a pattern of requests is part of what the agent weighs. */
export function EarlierCases({ cases }: { cases: CaseSummary[] }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('review.earlierCases', { count: cases.length })}
      size="small"
      data-testid="review-earlier-cases"
    >
      <Table<CaseSummary>
        rowKey="refundNo"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={cases}
        locale={{ emptyText: t('review.noEarlierCases') }}
        columns={[
          {
            key: 'refundNo',
            title: t('refundList.refundNo'),
            render: (_, row) => (
              <Link to={reviewCasePath(row.refundNo)}>
                <Typography.Text code>{row.refundNo}</Typography.Text>
              </Link>
            ),
          },
          { key: 'type', title: t('refundList.type'), render: (_, row) => t(`refundType.${row.type}`) },
          {
            key: 'amount',
            title: t('refundList.amount'),
            align: 'right',
            render: (_, row) => <CaseAmount refund={row} testId="earlier-case-amount" />,
          },
          { key: 'state', title: t('refundList.state'), render: (_, row) => <CaseStateTag refund={row} /> },
          {
            key: 'createdAt',
            title: t('refundList.createdAt'),
            render: (_, row) => formatTime(row.createdAt),
          },
        ]}
      />
    </Card>
  );
}
