import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  type AccountRecord,
  attachAccountRecord,
  getIdentity,
  listAccountRecords,
} from '../../api/identity.ts';
import type { CaseDetail } from '../../api/refunds.ts';
import { formatTime, formatYuan } from '../../format.ts';

/** A held case: the state, or the risk flag the case view carries while another state shows. */
export function isHeld(refund: CaseDetail): boolean {
  const risk = (refund as CaseDetail & { risk?: { held?: boolean } | null }).risk;
  return refund.state === 'risk_hold' || risk?.held === true;
}

const channelKeys = { balance: 1, alipay: 1, wechatpay: 1 };
type ChannelKey = keyof typeof channelKeys;
const statusKeys = { pending_payment: 1, awaiting_delivery: 1, delivered: 1, completed: 1, cancelled: 1 };
type StatusKey = keyof typeof statusKeys;
const nowrap = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
const nowrapTime = (v: string) => nowrap(formatTime(v));

/** States in which account records can still be attached (the server says the same). */
const ATTACHABLE = new Set(['submitted', 'info_requested', 'risk_hold', 'appealed', 'rejected']);

function RecordDetail({ record }: { record: AccountRecord }) {
  const { t } = useTranslation();
  const { summary } = record;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('verification.hash')}:{' '}
        <Typography.Text code copyable data-testid="record-hash">
          {record.sha256}
        </Typography.Text>
      </Typography.Text>
      <Table
        size="small"
        rowKey="orderNo"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={summary.orders}
        scroll={{ x: true }}
        columns={[
          { title: t('verification.orderNo'), dataIndex: 'orderNo' },
          { title: t('verification.product'), dataIndex: 'productName' },
          { title: t('verification.paid'), dataIndex: 'paidFen', render: (v: number) => formatYuan(v) },
          {
            title: t('verification.channel'),
            dataIndex: 'channel',
            render: (v: string | null) =>
              nowrap(v && v in channelKeys ? t(`channel.${v as ChannelKey}`) : (v ?? '—')),
          },
          { title: t('verification.tradeNo'), dataIndex: 'channelTradeNoMask' },
          { title: t('verification.paidAt'), dataIndex: 'paidAt', render: nowrapTime },
          {
            title: t('verification.orderStatus'),
            dataIndex: 'status',
            render: (v: string) => nowrap(v in statusKeys ? t(`orderStatus.${v as StatusKey}`) : v),
          },
          {
            title: t('verification.refunded'),
            dataIndex: 'refundedFen',
            render: (v: number) => formatYuan(v),
          },
        ]}
      />
      <Typography.Text strong>{t('verification.vouchers')}</Typography.Text>
      <Table
        size="small"
        rowKey="ref"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={summary.vouchers}
        columns={[
          { title: t('verification.voucherRef'), dataIndex: 'ref' },
          { title: t('verification.amount'), dataIndex: 'amountFen', render: (v: number) => formatYuan(v) },
          { title: t('verification.postedAt'), dataIndex: 'postedAt', render: nowrapTime },
        ]}
      />
    </Flex>
  );
}

/** The records attached to the case, each with its hash and whether it still verifies. */
export function AccountRecords({ refundNo }: { refundNo: string }) {
  const { t } = useTranslation();
  const records = useQuery({
    queryKey: ['account-records', refundNo],
    queryFn: () => listAccountRecords(refundNo),
  });
  if (records.isError) return <Alert type="error" showIcon title={records.error.message} />;
  const items = records.data?.items ?? [];
  if (items.length === 0)
    return (
      <Typography.Text type="secondary" data-testid="records-none">
        {t('verification.recordsNone')}
      </Typography.Text>
    );
  return (
    <Collapse
      data-testid="account-records"
      size="small"
      items={items.map((r) => ({
        key: r.id,
        label: (
          <Flex vertical gap={2} data-testid="account-record" data-verified={r.verified}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>
                {t('verification.recordCompiled', { time: formatTime(r.createdAt) })}
              </Typography.Text>
              <Tag color={r.verified ? 'success' : 'error'} data-testid="record-verified">
                {r.verified ? t('verification.recordVerified') : t('verification.recordTampered')}
              </Tag>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('verification.recordSummary', {
                orders: r.summary.totals.orders,
                paid: formatYuan(r.summary.totals.paidFen),
                refunded: formatYuan(r.summary.totals.refundedFen),
                days: r.summary.buyer.accountAgeDays,
              })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('verification.hash')}: <span data-testid="record-hash-short">{r.sha256.slice(0, 16)}…</span>
            </Typography.Text>
          </Flex>
        ),
        children: <RecordDetail record={r} />,
      }))}
    />
  );
}

function AttachButton({ refundNo }: { refundNo: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const attach = useMutation({
    mutationFn: () => attachAccountRecord(refundNo),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['account-records', refundNo] });
      void queryClient.invalidateQueries({ queryKey: ['refund', refundNo] });
    },
  });
  return (
    <Flex vertical gap={8} align="flex-start">
      <Button data-testid="attach-records" loading={attach.isPending} onClick={() => attach.mutate()}>
        {t('verification.attach')}
      </Button>
      {attach.isError && (
        <Alert type="error" showIcon data-testid="attach-error" title={attach.error.message} />
      )}
    </Flex>
  );
}

/**
 * What the buyer can do for a case the platform wants to verify (风控审核): say so plainly, never as a
 * rejection, and offer 实名认证 and 账户记录. A rejected case shows the records too, for an appeal.
 */
export function CaseVerification({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const held = isHeld(refund);
  const rejected = refund.state === 'rejected';
  const identity = useQuery({ queryKey: ['identity'], queryFn: getIdentity, enabled: held });
  if (!held && !rejected) return null;
  const canAttach = ATTACHABLE.has(refund.state);
  const verified = identity.data?.status === 'verified';
  return (
    <Card
      data-testid={held ? 'risk-hold-banner' : 'appeal-records'}
      title={
        <Flex gap={8} align="center">
          <SafetyCertificateOutlined />
          {held ? t('verification.heldTitle') : t('verification.rejectedTitle')}
        </Flex>
      }
      style={held ? { borderColor: '#faad14' } : undefined}
    >
      <Flex vertical gap={16}>
        {held ? (
          <Alert
            type="warning"
            showIcon
            title={t('verification.heldTitle')}
            description={t('verification.heldBody')}
          />
        ) : (
          <Typography.Text>{t('verification.rejectedBody')}</Typography.Text>
        )}
        {held && (
          <Flex gap={12} align="center" wrap data-testid="identity-step">
            <Typography.Text>1. {t('verification.identityStep')}</Typography.Text>
            {verified ? (
              <Tag color="success" data-testid="identity-done">
                {t('verification.identityDone', { name: identity.data?.realNameMask })}
              </Tag>
            ) : (
              <Link to={`/buyer/identity?back=${encodeURIComponent(`/buyer/refunds/${refund.refundNo}`)}`}>
                <Button type="primary" data-testid="go-identity">
                  {t('verification.goIdentity')}
                </Button>
              </Link>
            )}
          </Flex>
        )}
        <Flex vertical gap={8}>
          <Flex gap={12} align="center" wrap>
            {held && <Typography.Text>2. {t('verification.recordsStep')}</Typography.Text>}
            {canAttach && <AttachButton refundNo={refund.refundNo} />}
          </Flex>
          <AccountRecords refundNo={refund.refundNo} />
        </Flex>
      </Flex>
    </Card>
  );
}
