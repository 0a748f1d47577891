import { ThunderboltOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, List, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Credit, getCredit } from '../../api/credit.ts';
import { formatTime } from '../../format.ts';
import { CreditFactors } from './CreditFactors.tsx';

/** The factors a buyer can act on (the server offers only these as steps). */
type RaiseId = 'paidOrders' | 'identityVerified' | 'paidAmount' | 'phoneBound' | 'casesApproved';

function ExpressStatus({ credit }: { credit: Credit }) {
  const { t } = useTranslation();
  const { express } = credit;
  const [type, text] = !express.enabled
    ? (['info', t('credit.expressOff')] as const)
    : express.revoked
      ? (['warning', t('credit.expressRevoked')] as const)
      : express.eligibleLevel
        ? (['success', t('credit.expressOn')] as const)
        : (['info', t('credit.expressNeed', { level: t(`credit.levels.${express.minLevel}`) })] as const);
  return (
    <Alert
      type={type}
      showIcon
      icon={<ThunderboltOutlined />}
      title={t('credit.express')}
      description={text}
      data-testid="credit-express"
    />
  );
}

/** 信用分: the buyer's level, every factor's points, and what would raise it. */
export function CreditPage() {
  const { t } = useTranslation();
  const credit = useQuery({ queryKey: ['credit'], queryFn: getCredit });
  if (credit.isPending) return <Spin />;
  if (credit.isError) return <Result status="error" title={credit.error.message} />;
  const c = credit.data;
  return (
    <Flex vertical gap={16} data-testid="credit-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('credit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('credit.intro')}
      </Typography.Paragraph>
      <Card
        title={t('credit.factorsTitle')}
        extra={
          <Typography.Text type="secondary">
            {c.nextLevel
              ? t('credit.nextLevel', {
                  missing: c.nextLevel.missing,
                  level: t(`credit.levels.${c.nextLevel.level}`),
                })
              : t('credit.topLevel')}
          </Typography.Text>
        }
      >
        <CreditFactors credit={c} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('credit.computedAt', { time: formatTime(c.computedAt) })}
        </Typography.Text>
      </Card>
      <ExpressStatus credit={c} />
      {c.next.length > 0 && (
        <Card title={t('credit.raiseTitle')} data-testid="credit-raise">
          <List
            dataSource={c.next}
            renderItem={(h) => (
              <List.Item
                extra={
                  h.id === 'identityVerified' ? (
                    <Link to="/buyer/identity">
                      <Button size="small">{t('credit.goVerify')}</Button>
                    </Link>
                  ) : null
                }
              >
                <List.Item.Meta
                  title={t(`credit.raise.${h.id as RaiseId}`)}
                  description={t('credit.raiseGain', { gain: h.gain })}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Flex>
  );
}
