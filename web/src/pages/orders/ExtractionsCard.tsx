import { Card, Flex, Grid, Table, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardKey, Extraction } from '../../api/orders.ts';
import { formatTime } from '../../format.ts';

interface Props {
  extractions: Extraction[];
  cardKeys: CardKey[];
  /** When the case under review was submitted: extractions after it are marked (申请后提取). */
  submittedAt?: string;
}

/** 提取记录: every view or copy of a card key, with where it came from. */
export function ExtractionsCard({ extractions, cardKeys, submittedAt }: Props) {
  const { t } = useTranslation();
  const masked = new Map(cardKeys.map((key) => [key.id, key.masked]));
  const submitted = submittedAt ? new Date(submittedAt).getTime() : null;
  const afterSubmit = (row: Extraction) => submitted !== null && new Date(row.at).getTime() > submitted;
  // On a phone: the action under the time and the IP under the key, the device left out — five
  // columns put the key and the IP behind a sideways scroll.
  const phone = Grid.useBreakpoint().md === false;
  const actionTag = (row: Extraction) => (
    <Tag color={row.action === 'copy' ? 'blue' : 'purple'}>{t(`extractionAction.${row.action}`)}</Tag>
  );
  const under = (top: ReactNode, below: ReactNode) =>
    phone ? (
      <Flex vertical gap={2} align="flex-start">
        {top}
        {below}
      </Flex>
    ) : (
      top
    );
  return (
    <Card title={t('orderDetail.extractions')} size="small" data-testid="extractions">
      <Table<Extraction>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={extractions}
        locale={{ emptyText: t('orderDetail.noExtractions') }}
        columns={[
          {
            key: 'at',
            title: t('orderDetail.extractionTime'),
            render: (_, row) =>
              under(
                afterSubmit(row) ? (
                  <span data-testid="extraction-after-submit">
                    <Typography.Text type="warning">{formatTime(row.at)}</Typography.Text>
                    <Tag color="warning" style={{ marginInlineStart: 8 }}>
                      {t('review.extractedAfterSubmit')}
                    </Tag>
                  </span>
                ) : (
                  formatTime(row.at)
                ),
                actionTag(row),
              ),
          },
          {
            key: 'action',
            title: t('orderDetail.extractionAction'),
            responsive: ['md'],
            render: (_, row) => actionTag(row),
          },
          {
            key: 'key',
            title: t('orderDetail.cardKey'),
            render: (_, row) =>
              under(
                <Typography.Text code>{masked.get(row.cardKeyId) ?? row.cardKeyId}</Typography.Text>,
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.ip ?? '—'}
                </Typography.Text>,
              ),
          },
          { key: 'ip', title: t('orderDetail.ip'), responsive: ['md'], render: (_, row) => row.ip ?? '—' },
          {
            key: 'device',
            title: t('orderDetail.device'),
            responsive: ['md'],
            render: (_, row) =>
              row.userAgent ? (
                <Tooltip title={row.userAgent}>
                  <Typography.Text ellipsis style={{ maxWidth: 260 }}>
                    {row.userAgent}
                  </Typography.Text>
                </Tooltip>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
