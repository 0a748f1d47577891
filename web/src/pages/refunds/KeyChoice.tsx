import { Card, Checkbox, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CardKey } from '../../api/orders.ts';

/**
 * 退款的卡密: which of the keys the buyer still holds the refund covers (all by default). Unrevealed
 * keys are quoted as unused and void once refunded; revealed ones follow the rules for used goods.
 */
export function KeyChoice({
  keys,
  chosen,
  onChange,
}: {
  keys: CardKey[];
  chosen: number[];
  onChange: (ids: number[]) => void;
}) {
  const { t } = useTranslation();
  const all = keys.length > 0 && chosen.length === keys.length;
  return (
    <Card
      title={t('refundNew.keys')}
      data-testid="refund-keys"
      extra={
        <Checkbox
          data-testid="refund-keys-all"
          checked={all}
          indeterminate={chosen.length > 0 && !all}
          onChange={(event) => onChange(event.target.checked ? keys.map((key) => key.id) : [])}
        >
          {t('refundNew.keysChosen', { chosen: chosen.length, total: keys.length })}
        </Checkbox>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('refundNew.keysHint')}</Typography.Text>
        <Checkbox.Group
          value={chosen}
          // Kept in the order's key order, so the quote's cache key does not depend on click order.
          onChange={(ids) => onChange(keys.map((key) => key.id).filter((id) => ids.includes(id)))}
          style={{ width: '100%' }}
        >
          <Flex vertical gap={8} style={{ width: '100%' }}>
            {keys.map((key) => (
              <Checkbox
                key={key.id}
                value={key.id}
                data-testid="refund-key"
                data-key-id={key.id}
                data-revealed={String(key.revealedAt !== null)}
              >
                <Flex gap={8} align="center" wrap>
                  <Typography.Text code>{key.masked}</Typography.Text>
                  {key.revealedAt ? (
                    <Tag color="purple">{t('orderDetail.extractedShort')}</Tag>
                  ) : (
                    <Tag color="green">{t('orderDetail.notExtracted')}</Tag>
                  )}
                </Flex>
              </Checkbox>
            ))}
          </Flex>
        </Checkbox.Group>
      </Flex>
    </Card>
  );
}
