import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { quoteRefund, type RefundType } from '../../api/policy.ts';
import { parseHundredths } from '../../format.ts';

/** `value`, once it has stopped changing for `ms` (so typing an amount does not quote every key). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The optional "only part of it" amount: yuan text → integer fen, or an error to show. */
export function usePartialAmount(initial: { enabled: boolean; text: string } = { enabled: false, text: '' }) {
  const [enabled, setEnabled] = useState(initial.enabled);
  const [text, setText] = useState(initial.text);
  const fen = parseHundredths(text);
  const invalid = enabled && text.trim() !== '' && (fen === null || fen === 0);
  const requestedFen = enabled && !invalid && fen ? fen : undefined;
  return { enabled, setEnabled, text, setText, invalid, requestedFen };
}

/**
 * The live quote (退款试算) of the policy in force for a request on the order, asked again whenever the
 * type, the amount (once typing stops) or the keys change; the previous answer stays while the next
 * one loads. `settled` is true only for the answer to what is on screen now.
 */
export function useRefundQuote(input: {
  orderNo: string;
  type: RefundType | undefined;
  requestedFen: number | undefined;
  items?: { cardKeyId: number }[];
}) {
  const { orderNo, type, items } = input;
  const requestedFen = useDebounced(input.requestedFen, 300);
  const quote = useQuery({
    queryKey: [
      'refundQuote',
      orderNo,
      type,
      requestedFen ?? null,
      items?.map((item) => item.cardKeyId) ?? null,
    ],
    queryFn: () => quoteRefund({ orderNo, type: type as RefundType, requestedFen, items }),
    enabled: type !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const settled = quote.data !== undefined && !quote.isFetching && !quote.isPlaceholderData;
  return { quote, requestedFen, settled, eligible: settled && quote.data?.eligible === true };
}
