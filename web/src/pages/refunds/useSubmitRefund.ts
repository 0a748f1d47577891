import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type NewRefund, submitRefund } from '../../api/refunds.ts';

/** A random UUID v4; `crypto.randomUUID` exists only in secure contexts, getRandomValues everywhere. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Submits a refund under one Idempotency-Key, made when the form mounts: a double click, or a retry
 * after a network or server error, replays the same request and so opens at most one case. The
 * server stores a 4xx answer as final for its key, so once one arrives (vague description, not
 * eligible…) the next, corrected attempt gets a fresh key. On success it opens the new case.
 */
export function useSubmitRefund() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useRef<string | null>(null);
  const currentKey = () => {
    if (!key.current) key.current = newIdempotencyKey();
    return key.current;
  };
  currentKey();

  return useMutation({
    mutationFn: (body: NewRefund) => submitRefund(body, currentKey()),
    onSuccess: (refund) => {
      key.current = null;
      void queryClient.invalidateQueries({ queryKey: ['refunds'] });
      void queryClient.invalidateQueries({ queryKey: ['order', refund.orderNo] });
      queryClient.setQueryData(['refund', refund.refundNo], refund);
      message.success(t('refundSubmit.submitted', { refundNo: refund.refundNo }));
      if (refund.missing.length > 0) {
        const items = refund.missing
          .map((element) => t(`refundSubmit.element.${element}`))
          .join(t('refundSubmit.listSeparator'));
        message.info(t('refundSubmit.missingAfter', { items }));
      }
      navigate(`/buyer/refunds/${encodeURIComponent(refund.refundNo)}`);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) key.current = null;
    },
  });
}
