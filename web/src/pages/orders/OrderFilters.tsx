import { DatePicker, Flex, Input, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { orderStatuses } from '../../api/orders.ts';
import type { useOrderFilter } from './useOrderFilter.ts';

type Props = Pick<ReturnType<typeof useOrderFilter>, 'status' | 'q' | 'from' | 'to' | 'update'>;

export function OrderFilters({ status, q, from, to, update }: Props) {
  const { t } = useTranslation();
  const tabs = [
    { key: 'all', label: <span data-testid="order-tab-all">{t('common.all')}</span> },
    ...orderStatuses.map((key) => ({
      key,
      label: <span data-testid={`order-tab-${key}`}>{t(`orderStatus.${key}`)}</span>,
    })),
  ];

  return (
    <>
      <Tabs
        data-testid="order-tabs"
        activeKey={status ?? 'all'}
        items={tabs}
        onChange={(key) => update({ status: key === 'all' ? undefined : key })}
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          // Remount when the URL changes (back/forward) so the box shows the active search.
          key={q}
          data-testid="order-search"
          defaultValue={q}
          placeholder={t('orders.search')}
          allowClear
          enterButton
          style={{ width: 320 }}
          onSearch={(value) => update({ q: value.trim() || undefined })}
        />
        <DatePicker.RangePicker
          data-testid="order-range"
          prefix={t('orders.createdRange')}
          placeholder={[t('orders.from'), t('orders.to')]}
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(range) =>
            update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
        />
      </Flex>
    </>
  );
}
