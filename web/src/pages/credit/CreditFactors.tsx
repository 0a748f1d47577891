import { Descriptions, Progress, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Credit, CreditFactorId, CreditLevel } from '../../api/credit.ts';

const levelColor: Record<CreditLevel, string> = {
  normal: 'default',
  good: 'blue',
  great: 'green',
  excellent: 'gold',
};

export function CreditLevelTag({ level }: { level: CreditLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={levelColor[level]} data-testid="credit-level">
      {t(`credit.levels.${level}`)}
    </Tag>
  );
}

function valueText(t: TFunction, id: CreditFactorId, value: number): string {
  switch (id) {
    case 'identityVerified':
    case 'phoneBound':
      return value ? t('credit.values.yes') : t('credit.values.no');
    case 'accountAge':
    case 'paidOrders':
    case 'paidAmount':
    case 'refundRate':
      return t(`credit.values.${id}`, { value });
    default:
      return t('credit.values.count', { value });
  }
}

/** Score, level and every factor's points: the base plus the points column is the score. */
export function CreditFactors({ credit, compact }: { credit: Credit; compact?: boolean }) {
  const { t } = useTranslation();
  const shown = compact ? credit.factors.filter((f) => f.points !== 0) : credit.factors;
  return (
    <>
      <Descriptions size="small" column={compact ? 2 : 3}>
        <Descriptions.Item label={t('credit.score')}>
          <Typography.Text strong data-testid="credit-score">
            {credit.score}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('credit.level')}>
          <CreditLevelTag level={credit.level} />
        </Descriptions.Item>
        {!compact && <Descriptions.Item label={t('credit.base')}>{credit.base}</Descriptions.Item>}
      </Descriptions>
      {!compact && (
        <Progress
          percent={credit.score / 10}
          showInfo={false}
          strokeColor={{ '0%': '#faad14', '100%': '#52c41a' }}
        />
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        data-testid="credit-factors"
        dataSource={shown}
        columns={[
          {
            title: t('credit.factor'),
            dataIndex: 'id',
            render: (id: CreditFactorId) => t(`credit.factors.${id}`),
          },
          {
            title: t('credit.yourRecord'),
            key: 'value',
            render: (_: unknown, f: Credit['factors'][number]) => valueText(t, f.id, f.value),
          },
          {
            title: t('credit.points'),
            key: 'points',
            align: 'right',
            render: (_: unknown, f: Credit['factors'][number]) => (
              <span>
                <Typography.Text type={f.points < 0 ? 'danger' : f.points > 0 ? 'success' : 'secondary'}>
                  {f.points > 0 ? `+${f.points}` : f.points}
                </Typography.Text>{' '}
                {!compact && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    ({f.max > 0 ? t('credit.upTo', { max: f.max }) : t('credit.downTo', { max: -f.max })})
                  </Typography.Text>
                )}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
