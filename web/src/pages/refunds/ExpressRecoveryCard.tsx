import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Modal, Radio, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  consentExpressRecovery,
  type ExpressRecovery,
  getExpressRecovery,
  type RecoveryChannel,
  refuseExpressRecovery,
} from '../../api/credit.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatTime, formatYuan } from '../../format.ts';

const STATE_COLOR = { requested: 'orange', recovered: 'green', refused: 'default' } as const;

/**
 * An express refund (极速退款) found wrong, on the buyer's case page: what happened, the amount and
 * why, and — until they answer — 同意退还 (balance first, the rest by Alipay or WeChat Pay, shown
 * before they confirm) or 不同意 with a reason. Nothing is taken without the confirm button.
 */
export function ExpressRecoveryCard({ refundNo }: { refundNo: string }) {
  const { t } = useTranslation();
  const key = ['expressRecovery', refundNo];
  const query = useQuery({ queryKey: key, queryFn: () => getExpressRecovery(refundNo) });
  const client = useQueryClient();
  const r = query.data?.recovery;
  if (!r) return null;
  const onDone = (next: { recovery: ExpressRecovery | null }) => {
    client.setQueryData(key, next);
    void client.invalidateQueries({ queryKey: ['refund', refundNo] });
  };
  return (
    <Card
      data-testid="express-recovery"
      data-state={r.state}
      title={
        <Flex gap={8} align="center" wrap>
          {t('expressRecovery.title')}
          <Tag color={STATE_COLOR[r.state]} data-testid="express-recovery-state">
            {t(`expressRecovery.states.${r.state}`)}
          </Tag>
        </Flex>
      }
      style={r.state === 'requested' ? { borderColor: '#fa8c16' } : undefined}
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ margin: 0 }} data-testid="express-recovery-what">
          {t('expressRecovery.what', { amount: formatYuan(r.lossFen) })}
        </Typography.Paragraph>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('expressRecovery.amount')}>
            <Typography.Text strong data-testid="express-recovery-amount">
              {formatYuan(r.lossFen)}
            </Typography.Text>
          </Descriptions.Item>
          {r.objection.proof && (
            <Descriptions.Item label={t('expressRecovery.proof')}>{r.objection.proof}</Descriptions.Item>
          )}
          {r.objection.finding && (
            <Descriptions.Item label={t('expressRecovery.finding')}>{r.objection.finding}</Descriptions.Item>
          )}
          {r.state === 'recovered' && (
            <Descriptions.Item label={t('expressRecovery.returned')}>
              <span data-testid="express-recovery-returned">{returnedText(t, r)}</span>
            </Descriptions.Item>
          )}
          {r.state === 'refused' && (
            <Descriptions.Item label={t('expressRecovery.yourReason')}>{r.refusalReason}</Descriptions.Item>
          )}
          {r.decidedAt && (
            <Descriptions.Item label={t('expressRecovery.answeredAt')}>
              {formatTime(r.decidedAt)}
            </Descriptions.Item>
          )}
        </Descriptions>
        {r.state === 'requested' && (
          <>
            <Alert type="info" showIcon title={t('expressRecovery.noConsentNoCharge')} />
            <Flex gap={8} wrap>
              <ConsentButton refundNo={refundNo} recovery={r} onDone={onDone} />
              <TextActionModal
                id="recovery-refuse"
                label={t('expressRecovery.refuse')}
                title={t('expressRecovery.refuseTitle')}
                hint={t('expressRecovery.refuseHint')}
                placeholder={t('expressRecovery.refusePlaceholder')}
                minLength={2}
                maxLength={1000}
                send={(text) => refuseExpressRecovery(refundNo, text)}
                onDone={onDone}
                success={t('expressRecovery.refused')}
              />
            </Flex>
          </>
        )}
        {r.state === 'refused' && (
          <Typography.Text type="secondary">{t('expressRecovery.refusedNote')}</Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

function returnedText(t: TFunction, r: ExpressRecovery): string {
  const parts = [
    ...(r.fromBalanceFen > 0
      ? [t('expressRecovery.fromBalance', { amount: formatYuan(r.fromBalanceFen) })]
      : []),
    ...(r.fromChannelFen > 0 && r.channel
      ? [
          t('expressRecovery.fromChannel', {
            channel:
              r.channel === 'alipay'
                ? t('expressRecovery.channels.alipay')
                : t('expressRecovery.channels.wechatpay'),
            amount: formatYuan(r.fromChannelFen),
          }),
        ]
      : []),
  ];
  return parts.join(t('expressRecovery.and'));
}

function ConsentButton({
  refundNo,
  recovery,
  onDone,
}: {
  refundNo: string;
  recovery: ExpressRecovery;
  onDone: (next: { recovery: ExpressRecovery | null }) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [channel, setChannel] = useState<RecoveryChannel>('alipay');
  const plan = recovery.plan ?? { fromBalanceFen: 0, fromChannelFen: recovery.lossFen };
  const needsChannel = plan.fromChannelFen > 0;
  const agree = useMutation({
    mutationFn: () => consentExpressRecovery(refundNo, needsChannel ? channel : undefined),
    onSuccess: (next) => {
      setOpen(false);
      message.success(t('expressRecovery.returnedToast'));
      onDone(next);
    },
  });
  return (
    <>
      <Button type="primary" data-testid="recovery-consent" onClick={() => setOpen(true)}>
        {t('expressRecovery.consent')}
      </Button>
      <Modal
        open={open}
        title={t('expressRecovery.consentTitle', { amount: formatYuan(recovery.lossFen) })}
        destroyOnHidden
        onCancel={() => {
          setOpen(false);
          agree.reset();
        }}
        okText={t('expressRecovery.consentConfirm', { amount: formatYuan(recovery.lossFen) })}
        okButtonProps={{ loading: agree.isPending, 'data-testid': 'recovery-consent-confirm' }}
        onOk={() => agree.mutate()}
      >
        <Flex vertical gap={12} data-testid="recovery-consent-plan">
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('expressRecovery.planBalance', {
              balance: formatYuan(recovery.balanceFen ?? 0),
              amount: formatYuan(plan.fromBalanceFen),
            })}
          </Typography.Paragraph>
          {needsChannel && (
            <>
              <Typography.Paragraph style={{ margin: 0 }}>
                {t('expressRecovery.planChannel', { amount: formatYuan(plan.fromChannelFen) })}
              </Typography.Paragraph>
              <Radio.Group
                value={channel}
                onChange={(e) => setChannel(e.target.value)}
                data-testid="recovery-channel"
                options={(['alipay', 'wechatpay'] as const).map((c) => ({
                  value: c,
                  label: t(`expressRecovery.channels.${c}`),
                }))}
              />
            </>
          )}
          {agree.isError && <Alert type="error" showIcon title={agree.error.message} />}
        </Flex>
      </Modal>
    </>
  );
}
