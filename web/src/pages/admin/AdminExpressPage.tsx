import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getExpressFigures } from '../../api/credit.ts';
import { formatRateBp, formatYuan } from '../../format.ts';
import { ExpressRecoveries } from './ExpressRecoveries.tsx';

/** 极速退款 for the admin: volume, audit findings and the loss rate; the settings live in the policy. */
export function AdminExpressPage() {
  const { t } = useTranslation();
  const figures = useQuery({ queryKey: ['expressFigures'], queryFn: () => getExpressFigures(30) });
  const f = figures.data;
  const stat = (key: string, title: string, value: string | number) => (
    <Col xs={12} md={6} key={key}>
      <Card size="small">
        <Statistic title={title} value={value} data-testid={`express-figure-${key}`} />
      </Card>
    </Col>
  );
  return (
    <Flex vertical gap={16} data-testid="admin-express-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('expressAdmin.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('expressAdmin.intro')} <Link to="/admin/policy">{t('expressAdmin.settings')}</Link>
      </Typography.Paragraph>
      {f && (
        <Row gutter={[16, 16]}>
          {stat('cases', t('expressAdmin.cases'), f.cases)}
          {stat('amount', t('expressAdmin.amount'), formatYuan(f.amountFen))}
          {stat('audited', t('expressAdmin.audited'), `${f.audited} / ${f.sampled}`)}
          {stat('abusive', t('expressAdmin.abusive'), f.abusive)}
          {stat('objections', t('expressAdmin.objections'), f.objections)}
          {stat('upheld', t('expressAdmin.upheld'), f.upheld)}
          {stat('loss', t('expressAdmin.loss'), formatYuan(f.lossFen))}
          {stat('lossRate', t('expressAdmin.lossRate'), formatRateBp(f.lossRateBp))}
          {stat('recovered', t('expressAdmin.recovered'), formatYuan(f.recoveredFen))}
        </Row>
      )}
      <ExpressRecoveries />
    </Flex>
  );
}
