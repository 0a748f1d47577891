import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { type OrderFilter, type OrderStatus, orderStatuses } from '../../api/orders.ts';

type Param = 'status' | 'q' | 'from' | 'to';

function asStatus(value: string | null): OrderStatus | undefined {
  return orderStatuses.find((status) => status === value);
}

/**
 * The order list filter, kept in the URL (?status=&q=&from=&to=, dates as YYYY-MM-DD) so that reload
 * and back/forward keep it.
 */
export function useOrderFilter() {
  const [params, setParams] = useSearchParams();
  const status = asStatus(params.get('status'));
  const q = params.get('q') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';

  const update = (changes: Partial<Record<Param, string | undefined>>) =>
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const filter: OrderFilter = {
    status,
    q: q || undefined,
    from: from ? dayjs(from).startOf('day').toISOString() : undefined,
    to: to ? dayjs(to).endOf('day').toISOString() : undefined,
  };

  return { status, q, from, to, filter, update };
}
