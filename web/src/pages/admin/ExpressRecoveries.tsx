import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listExpressRecoveries, type RecoveryItem, type RecoveryState } from '../../api/credit.ts';
import { formatTime, formatYuan } from '../../format.ts';

const COLOR: Record<RecoveryState, string> = { requested: 'orange', recovered: 'green', refused: 'default' };
const STATES: RecoveryState[] = ['requested', 'recovered', 'refused'];

/**
 * Upheld express losses asked back from buyers (追回): how many wait for an answer, were returned or
 * refused, and each with its amounts or the buyer's reason. On the admins' express page and the
 * supervisors' audit page.
 */
export function ExpressRecoveries({ linkCases = false }: { linkCases?: boolean }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['expressRecoveries'], queryFn: listExpressRecoveries });
  const data = list.data;
  return (
    <Card title={t('expressAdmin.recoveries')} data-testid="express-recoveries">
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('expressAdmin.recoveriesIntro')}</Typography.Text>
        {data && (
          <Flex gap={32} wrap>
            {STATES.map((s) => (
              <Statistic
                key={s}
                title={t(`expressAdmin.recoveryStates.${s}`)}
                value={`${data.totals[s].count} · ${formatYuan(data.totals[s].fen)}`}
                data-testid={`express-recoveries-${s}`}
              />
            ))}
          </Flex>
        )}
        <Table<RecoveryItem>
          size="small"
          rowKey="refundNo"
          loading={list.isPending}
          dataSource={data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('expressAudit.refundNo'),
              dataIndex: 'refundNo',
              // Supervisors open the case on their workbench; admins have no case pages.
              render: (no: string) =>
                linkCases ? (
                  <Link to={`/agent/queue/${no}`}>{no}</Link>
                ) : (
                  <Typography.Text copyable>{no}</Typography.Text>
                ),
            },
            { title: t('expressAdmin.buyer'), dataIndex: 'buyerName' },
            { title: t('expressAudit.amount'), dataIndex: 'lossFen', render: (f: number) => formatYuan(f) },
            {
              title: t('expressAdmin.recoveryState'),
              dataIndex: 'state',
              render: (s: RecoveryState) => (
                <Tag color={COLOR[s]}>{t(`expressAdmin.recoveryStates.${s}`)}</Tag>
              ),
            },
            {
              title: t('expressAdmin.recoveryDetail'),
              key: 'detail',
              render: (_: unknown, r: RecoveryItem) =>
                r.state === 'refused'
                  ? r.refusalReason
                  : r.state === 'recovered'
                    ? t('expressAdmin.recoveredFrom', {
                        balance: formatYuan(r.fromBalanceFen),
                        channel:
                          r.channel === 'wechatpay'
                            ? t('expressRecovery.channels.wechatpay')
                            : t('expressRecovery.channels.alipay'),
                        amount: formatYuan(r.fromChannelFen),
                      })
                    : '—',
            },
            { title: t('expressAudit.at'), dataIndex: 'requestedAt', render: (at: string) => formatTime(at) },
          ]}
        />
      </Flex>
    </Card>
  );
}
