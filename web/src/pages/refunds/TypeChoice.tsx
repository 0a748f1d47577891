import { Flex, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type RefundType, refundTypes } from '../../api/policy.ts';

/** The refund types, each with a line on when it applies. */
export function TypeChoice({
  value,
  onChange,
}: {
  value?: RefundType;
  onChange: (type: RefundType) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      data-testid="refund-type"
      value={value}
      onChange={(event) => onChange(event.target.value as RefundType)}
      style={{ width: '100%' }}
    >
      <Flex vertical gap={10}>
        {refundTypes.map((type) => (
          <Radio key={type} value={type} data-testid={`refund-type-${type}`}>
            <Typography.Text strong>{t(`refundType.${type}`)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {t(`refundTypeHint.${type}`)}
            </Typography.Text>
          </Radio>
        ))}
      </Flex>
    </Radio.Group>
  );
}
