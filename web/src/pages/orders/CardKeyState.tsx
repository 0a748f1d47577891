import { Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CardKey } from '../../api/orders.ts';
import { formatTime } from '../../format.ts';

/** Whether the buyer may view or copy the key now: theirs, and not locked by an open refund case. */
export function isViewable(key: CardKey): boolean {
  return key.status === 'held' && key.lockedBy === null;
}

/**
 * A card key's state: taken back by a refund (void, linking to its case under `caseBase`), locked
 * while a case is open, or the buyer's — extracted or not.
 */
export function CardKeyState({ cardKey, caseBase }: { cardKey: CardKey; caseBase: string }) {
  const { t } = useTranslation();
  const caseLink = (refundNo: string, testId: string) => (
    <Link to={`${caseBase}/${encodeURIComponent(refundNo)}`} data-testid={testId}>
      {refundNo}
    </Link>
  );
  const extracted = cardKey.revealedAt ? (
    <Tag color="purple" data-testid="card-key-extracted">
      {t('orderDetail.extracted', { time: formatTime(cardKey.revealedAt) })}
    </Tag>
  ) : (
    <Tag>{t('orderDetail.notExtracted')}</Tag>
  );
  if (cardKey.status === 'refunded')
    return (
      <Flex gap={4} align="center" wrap data-testid="card-key-state" data-state="refunded">
        <Tag color="red" data-testid="card-key-refunded">
          {t('cardKeys.refunded')}
        </Tag>
        {cardKey.refundNo && caseLink(cardKey.refundNo, 'card-key-refund-link')}
      </Flex>
    );
  if (cardKey.lockedBy)
    return (
      <Flex gap={4} align="center" wrap data-testid="card-key-state" data-state="locked">
        <Tag color="orange" data-testid="card-key-locked">
          {t('cardKeys.locked')}
        </Tag>
        {extracted}
      </Flex>
    );
  return (
    <Flex gap={4} align="center" wrap data-testid="card-key-state" data-state="held">
      {extracted}
    </Flex>
  );
}
