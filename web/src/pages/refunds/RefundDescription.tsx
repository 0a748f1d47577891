import { Alert, Card, Flex, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { descriptionElements } from '../../api/refunds.ts';
import { missingFromDescription } from './descriptionCheck.ts';

export const descriptionMax = 2000;

interface Props {
  orderNo: string;
  value: string;
  onChange: (value: string) => void;
}

/** What the description should name (订单号、时间、异常现象), ticked off as the buyer types. */
function DescriptionHint({ orderNo, value }: { orderNo: string; value: string }) {
  const { t } = useTranslation();
  const missing = missingFromDescription(value, orderNo);
  const done = value.trim() !== '' && missing.length === 0;
  return (
    <Alert
      type={done ? 'success' : 'info'}
      showIcon
      data-testid="description-hint"
      data-missing={missing.join(',')}
      title={done ? t('refundSubmit.hintDone') : t('refundSubmit.hintTitle')}
      description={
        <Flex vertical gap={4}>
          {descriptionElements.map((element) => {
            const ok = !missing.includes(element);
            return (
              <span key={element} data-testid={`description-element-${element}`} data-ok={String(ok)}>
                <Tag color={ok ? 'success' : 'default'}>
                  {ok ? '✓ ' : ''}
                  {t(`refundSubmit.element.${element}`)}
                </Tag>
                <Typography.Text type="secondary">
                  {t(`refundSubmit.elementExample.${element}`, { orderNo })}
                </Typography.Text>
              </span>
            );
          })}
        </Flex>
      }
    />
  );
}

/** 退款说明: free text (the server decides whether it is specific enough) with a live prompt. */
export function RefundDescription({ orderNo, value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Card title={t('refundSubmit.description')}>
      <Flex vertical gap={28}>
        <Input.TextArea
          data-testid="refund-description"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          maxLength={descriptionMax}
          showCount
          autoSize={{ minRows: 4, maxRows: 10 }}
          placeholder={t('refundSubmit.placeholder')}
        />
        <DescriptionHint orderNo={orderNo} value={value} />
      </Flex>
    </Card>
  );
}
