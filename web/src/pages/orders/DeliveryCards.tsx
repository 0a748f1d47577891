import { Card, Descriptions, Flex, Grid, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DeliveryAttempt, Shipment, TimelineEntry } from '../../api/orders.ts';
import { formatTime } from '../../format.ts';

const attemptColors: Record<DeliveryAttempt['status'], string> = {
  succeeded: 'green',
  partial: 'orange',
  failed: 'red',
};

export function AttemptsCard({ attempts }: { attempts: DeliveryAttempt[] }) {
  const { t } = useTranslation();
  // On a phone the detail goes under the status instead of a fourth column off screen.
  const phone = Grid.useBreakpoint().md === false;
  const detailOf = (row: DeliveryAttempt) =>
    row.detail
      ? t(`attemptDetailCode.${row.detail}` as 'attemptDetailCode.out_of_stock', { defaultValue: row.detail })
      : '—';
  return (
    <Card title={t('orderDetail.attempts')} size="small" data-testid="delivery-attempts">
      <Table<DeliveryAttempt>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={attempts}
        columns={[
          { key: 'at', title: t('orderDetail.attemptTime'), render: (_, row) => formatTime(row.at) },
          {
            key: 'status',
            title: t('orderDetail.attemptStatus'),
            render: (_, row) => {
              const tag = <Tag color={attemptColors[row.status]}>{t(`attemptStatus.${row.status}`)}</Tag>;
              if (!phone || !row.detail) return tag;
              return (
                <Flex vertical gap={2} align="flex-start">
                  {tag}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {detailOf(row)}
                  </Typography.Text>
                </Flex>
              );
            },
          },
          {
            key: 'units',
            title: t('orderDetail.attemptUnits'),
            render: (_, row) => `${row.arrivedUnits} / ${row.requestedUnits}`,
          },
          {
            key: 'detail',
            title: t('orderDetail.attemptDetail'),
            responsive: ['md'],
            render: (_, row) => detailOf(row),
          },
        ]}
      />
    </Card>
  );
}

export function ShipmentCard({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  return (
    <Card title={t('orderDetail.shipment')} size="small" data-testid="shipment">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'carrier', label: t('orderDetail.carrier'), children: shipment.carrier },
          { key: 'trackingNo', label: t('orderDetail.trackingNo'), children: shipment.trackingNo },
          { key: 'shippedAt', label: t('orderDetail.shippedAt'), children: formatTime(shipment.shippedAt) },
          {
            key: 'receivedAt',
            label: t('orderDetail.receivedAt'),
            children: formatTime(shipment.receivedAt),
          },
        ]}
      />
    </Card>
  );
}

/** 订单动态; refund events link to their case under `caseBase`. */
export function TimelineCard({ entries, caseBase }: { entries: TimelineEntry[]; caseBase: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('orderDetail.timeline')} size="small" data-testid="order-timeline">
      <Timeline
        items={entries.map((entry, index) => ({
          key: `${entry.at}-${index}`,
          title: formatTime(entry.at),
          content: (
            <Flex vertical gap={2} data-testid="order-event" data-kind={entry.kind}>
              <span>{i18n.language === 'en' ? entry.textEn : entry.textZh}</span>
              {entry.refundNo && (
                <Link
                  to={`${caseBase}/${encodeURIComponent(entry.refundNo)}`}
                  data-testid="order-event-refund-link"
                >
                  {t('orderRefund.viewCase')}
                </Link>
              )}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}
