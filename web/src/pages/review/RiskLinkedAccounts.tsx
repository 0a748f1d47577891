import { Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LinkedAccount, LinkKind } from '../../api/risk.ts';
import { formatTime, formatYuan } from '../../format.ts';
import { inLanguage } from '../../i18n/index.ts';
import { reviewCasePath } from './ReviewQueuePage.tsx';

const tieColors: Record<LinkKind, string> = { payer: 'red', device: 'orange', ip: 'default' };
const DAY = 86_400_000;

/** Days since `iso`, for "account age" (the page's clock; a day either way does not matter here). */
const ageInDays = (iso: string) => Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / DAY));

/**
 * 关联账户: accounts that pay from the same payer account, sign in from the same device or network as
 * the buyer, each with its case history — a ring shows up as many young accounts with held cases.
 */
export function RiskLinkedAccounts({ accounts }: { accounts: LinkedAccount[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<LinkedAccount> = [
    {
      key: 'account',
      title: t('risk.colAccount'),
      render: (_, a) => (
        <Flex vertical gap={2}>
          <span>{a.displayName}</span>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }} data-testid="risk-linked-username">
            {a.username}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'via',
      title: t('risk.colTies'),
      render: (_, a) => (
        <Flex gap={4} wrap style={{ maxWidth: 260 }}>
          {a.via.map((v) => (
            <Tag
              key={`${v.kind}:${v.value}`}
              color={tieColors[v.kind]}
              data-testid="risk-tie"
              data-kind={v.kind}
            >
              {t(`risk.via.${v.kind}`)} · <span style={{ fontFamily: 'monospace' }}>{v.value}</span>
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'age',
      title: t('risk.colAge'),
      render: (_, a) => (
        <span title={formatTime(a.joinedAt)} style={{ whiteSpace: 'nowrap' }}>
          {t('risk.ageDays', { count: ageInDays(a.joinedAt) })}
        </span>
      ),
    },
    {
      key: 'cases',
      title: t('risk.colCases'),
      // The counts, then the latest cases: one column, so the table fits beside the workbench's side panel.
      render: (_, a) => (
        <Flex vertical gap={4}>
          <span data-testid="risk-linked-cases" data-held={a.cases.held} style={{ whiteSpace: 'nowrap' }}>
            {t('risk.casesCount', a.cases)}
          </span>
          {a.recentCases.map((c) => (
            <Flex key={c.refundNo} gap={6} align="center" style={{ whiteSpace: 'nowrap' }}>
              <Link to={reviewCasePath(c.refundNo)} data-testid="risk-linked-case">
                <Typography.Text code>{c.refundNo}</Typography.Text>
              </Link>
              <Tag color={c.state === 'risk_hold' ? 'volcano' : undefined}>{inLanguage(c.stateLabel)}</Tag>
              <Typography.Text type="secondary">{formatYuan(c.amountFen)}</Typography.Text>
            </Flex>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <Table<LinkedAccount>
      data-testid="risk-linked"
      size="small"
      rowKey="userId"
      columns={columns}
      dataSource={accounts}
      pagination={accounts.length > 10 ? { pageSize: 10, size: 'small' } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('risk.noLinked') }}
    />
  );
}
