import { Card, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CardKey, Extraction } from '../../api/orders.ts';
import { formatTime } from '../../format.ts';

interface Props {
  extractions: Extraction[];
  cardKeys: CardKey[];
}

/** 提取记录: every view or copy of a card key, with where it came from. */
export function ExtractionsCard({ extractions, cardKeys }: Props) {
  const { t } = useTranslation();
  const masked = new Map(cardKeys.map((key) => [key.id, key.masked]));
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
          { key: 'at', title: t('orderDetail.extractionTime'), render: (_, row) => formatTime(row.at) },
          {
            key: 'action',
            title: t('orderDetail.extractionAction'),
            render: (_, row) => (
              <Tag color={row.action === 'copy' ? 'blue' : 'purple'}>
                {t(`extractionAction.${row.action}`)}
              </Tag>
            ),
          },
          {
            key: 'key',
            title: t('orderDetail.cardKey'),
            render: (_, row) => (
              <Typography.Text code>{masked.get(row.cardKeyId) ?? row.cardKeyId}</Typography.Text>
            ),
          },
          { key: 'ip', title: t('orderDetail.ip'), render: (_, row) => row.ip ?? '—' },
          {
            key: 'device',
            title: t('orderDetail.device'),
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
