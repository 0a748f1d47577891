import { useQuery } from '@tanstack/react-query';
import { Checkbox, Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type RefundType, refundTypes } from '../../api/policy.ts';
import { listProducts, type ProductKind, productKinds } from '../../api/products.ts';
import type { CaseState } from '../../api/refunds.ts';
import type { QueueFilter } from '../../api/review.ts';

/** States the review queue holds (what the state filter offers). */
export const queueStates = [
  'submitted',
  'info_requested',
  'risk_hold',
  'appealed',
] as const satisfies CaseState[];
type QueueState = (typeof queueStates)[number];

/** The queue's filters, kept in the URL so a reload or a shared link shows the same queue. */
export function useQueueFilter(): [QueueFilter, (patch: Record<string, string | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  const type = params.get('type');
  const kind = params.get('kind');
  const state = params.get('state');
  const merchant = Number(params.get('merchant'));
  const filter: QueueFilter = {
    type: refundTypes.includes(type as RefundType) ? (type as RefundType) : undefined,
    productKind: productKinds.includes(kind as ProductKind) ? (kind as ProductKind) : undefined,
    state: queueStates.includes(state as QueueState) ? (state as QueueState) : undefined,
    merchantId: Number.isSafeInteger(merchant) && merchant > 0 ? merchant : undefined,
    overdue: params.get('overdue') === '1',
    mine: params.get('mine') === '1',
    q: params.get('q') || undefined,
  };
  const update = (patch: Record<string, string | undefined>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(patch))
          if (value) next.set(key, value);
          else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return [filter, update];
}

/** The shops that sell anything, for the merchant filter (the catalogue names them). */
function useMerchants() {
  const products = useQuery({
    queryKey: ['products', 'all'],
    queryFn: () => listProducts({}),
    staleTime: 300_000,
  });
  const merchants = new Map<number, string>();
  for (const product of products.data ?? []) merchants.set(product.merchantId, product.merchantName);
  return [...merchants].map(([value, label]) => ({ value, label }));
}

export function QueueFilters({
  filter,
  update,
  mineFixed,
}: {
  filter: QueueFilter;
  update: (patch: Record<string, string | undefined>) => void;
  /** The 我的处理 page: always the caller's own cases. */
  mineFixed?: boolean;
}) {
  const { t } = useTranslation();
  const merchants = useMerchants();
  return (
    <Flex gap={12} wrap align="center" data-testid="queue-filters" style={{ marginBottom: 16 }}>
      <Select<RefundType>
        data-testid="queue-filter-type"
        allowClear
        placeholder={t('queue.filterType')}
        aria-label={t('queue.filterType')}
        style={{ width: 160 }}
        value={filter.type}
        onChange={(value) => update({ type: value })}
        options={refundTypes.map((type) => ({ value: type, label: t(`refundType.${type}`) }))}
      />
      <Select<ProductKind>
        data-testid="queue-filter-kind"
        allowClear
        placeholder={t('queue.filterKind')}
        aria-label={t('queue.filterKind')}
        style={{ width: 130 }}
        value={filter.productKind}
        onChange={(value) => update({ kind: value })}
        options={productKinds.map((kind) => ({ value: kind, label: t(`productKind.${kind}`) }))}
      />
      <Select<number>
        data-testid="queue-filter-merchant"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('queue.filterMerchant')}
        aria-label={t('queue.filterMerchant')}
        style={{ width: 200 }}
        value={filter.merchantId}
        onChange={(value) => update({ merchant: value ? String(value) : undefined })}
        options={merchants}
      />
      <Select<CaseState>
        data-testid="queue-filter-state"
        allowClear
        placeholder={t('queue.filterState')}
        aria-label={t('queue.filterState')}
        style={{ width: 150 }}
        value={filter.state}
        onChange={(value) => update({ state: value })}
        options={queueStates.map((state) => ({ value: state, label: t(`queue.state.${state}`) }))}
      />
      <Checkbox
        data-testid="queue-filter-overdue"
        checked={filter.overdue}
        onChange={(event) => update({ overdue: event.target.checked ? '1' : undefined })}
      >
        {t('queue.filterOverdue')}
      </Checkbox>
      {!mineFixed && (
        <Checkbox
          data-testid="queue-filter-mine"
          checked={filter.mine}
          onChange={(event) => update({ mine: event.target.checked ? '1' : undefined })}
        >
          {t('queue.filterMine')}
        </Checkbox>
      )}
    </Flex>
  );
}
