import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Collapse, Flex, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/refunds.ts';
import type { ReviewCase } from '../../api/review.ts';
import { rejectCase, requestInfo } from '../../api/review.ts';
import { type CaseRisk, clearRisk, getCaseRisk, type RiskAction, type RuleAction } from '../../api/risk.ts';
import { useMe } from '../../auth/session.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatTime } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { RiskLinkedAccounts } from './RiskLinkedAccounts.tsx';
import { RiskSignals } from './RiskSignals.tsx';

const actionColors: Record<RiskAction | RuleAction, string> = {
  none: 'default',
  score: 'default',
  watch: 'gold',
  no_express: 'orange',
  hold: 'volcano',
};

/** Under the case's key, so whatever refreshes the case after a decision refreshes this too. */
export const caseRiskKey = (refundNo: string) => ['reviewCase', refundNo, 'risk'] as const;

interface Props {
  refund: ReviewCase;
  onDone: (updated: CaseDetail) => void;
  onError: (error: Error) => string | undefined;
}

function Summary({ risk }: { risk: CaseRisk }) {
  const { t } = useTranslation();
  return (
    <Flex gap={12} align="center" wrap data-testid="risk-summary">
      <span>
        <Typography.Text type="secondary">{t('risk.score')}：</Typography.Text>
        <Typography.Text strong data-testid="risk-score" style={{ fontSize: 18 }}>
          {risk.score}
        </Typography.Text>
      </span>
      <Tag color={actionColors[risk.action]} data-testid="risk-action" data-action={risk.action}>
        {t(`risk.action.${risk.action}`)}
      </Tag>
      <Tag
        color={risk.buyer.identityVerified ? 'green' : 'default'}
        data-testid="risk-buyer-verified"
        data-verified={String(risk.buyer.identityVerified)}
      >
        {t('risk.buyer')} {risk.buyer.displayName} ·{' '}
        {risk.buyer.identityVerified ? t('risk.verified') : t('risk.notVerified')}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {risk.assessed
          ? t('risk.assessedAt', { time: formatTime(risk.assessedAt), version: risk.rulesVersion })
          : t('risk.notAssessed')}
      </Typography.Text>
    </Flex>
  );
}

function FiredRules({ risk }: { risk: CaseRisk }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  if (risk.rules.length === 0) return <Typography.Text type="secondary">{t('risk.noRules')}</Typography.Text>;
  return (
    <Flex vertical gap={6} data-testid="risk-rules">
      {risk.rules.map((rule) => (
        <Flex key={rule.id} gap={8} align="baseline" wrap data-testid="risk-rule" data-rule-id={rule.id}>
          <Tag style={{ fontFamily: 'monospace' }}>{rule.id}</Tag>
          <Tag color={actionColors[rule.action]}>{t(`risk.action.${rule.action}`)}</Tag>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('risk.ruleScore', { score: rule.score > 0 ? `+${rule.score}` : rule.score })}
          </Typography.Text>
          <span style={{ flex: '1 1 240px' }}>{en ? rule.reasonEn : rule.reasonZh}</span>
        </Flex>
      ))}
    </Flex>
  );
}

/** 风控处理 on a held case: clear the hold, reject for risk, or ask the buyer to prove themselves. */
function HoldActions({ refund, onDone, onError }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const has = (action: string) => refund.actions.includes(action);
  // Agents act only on a case they hold (the server refuses otherwise); supervisors need no claim.
  const needsClaim = me.data?.role === 'agent' && refund.assignee !== me.data.displayName;
  const common = { onDone, onError, button: { disabled: needsClaim } };
  const expectedVersion = refund.version;
  return (
    <Flex vertical gap={8} data-testid="risk-actions">
      <Typography.Text strong>{t('risk.decide')}</Typography.Text>
      {needsClaim && (
        <Typography.Text type="warning" data-testid="risk-claim-first">
          {t('risk.claimFirst')}
        </Typography.Text>
      )}
      <Flex gap={8} wrap>
        {has('clear_risk') && (
          <TextActionModal
            {...common}
            id="clear-risk"
            label={t('risk.clear')}
            title={t('risk.clearTitle', { refundNo: refund.refundNo })}
            hint={t('risk.clearHint')}
            placeholder={t('risk.clearPlaceholder')}
            button={{ type: 'primary', disabled: needsClaim }}
            send={(note) => clearRisk(refund.refundNo, { note, expectedVersion })}
            success={t('risk.cleared')}
          />
        )}
        {has('reject') && (
          <TextActionModal
            {...common}
            id="reject-risk"
            label={t('risk.reject')}
            title={t('risk.rejectTitle', { refundNo: refund.refundNo })}
            hint={t('risk.rejectHint')}
            placeholder={t('risk.rejectPlaceholder')}
            button={{ danger: true, disabled: needsClaim }}
            send={(text) => rejectCase(refund.refundNo, { reasonCode: 'RISK', text, expectedVersion })}
            success={t('risk.rejected')}
          />
        )}
        {has('request_info') && (
          <TextActionModal
            {...common}
            id="risk-request-info"
            label={t('risk.requestInfo')}
            title={t('risk.requestInfoTitle')}
            hint={t('risk.requestInfoHint')}
            placeholder={t('risk.requestInfoPlaceholder')}
            initialText={t('risk.requestInfoPlaceholder')}
            send={(reason) => requestInfo(refund.refundNo, { reason, expectedVersion })}
            success={t('risk.infoRequested')}
          />
        )}
      </Flex>
    </Flex>
  );
}

function Details({ risk }: { risk: CaseRisk }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Summary risk={risk} />
      <section>
        <Typography.Title level={5}>{t('risk.rulesFired')}</Typography.Title>
        <FiredRules risk={risk} />
      </section>
      <section>
        <Typography.Title level={5}>
          {t('risk.linked', { count: risk.linkedAccounts.length })}
        </Typography.Title>
        <RiskLinkedAccounts accounts={risk.linkedAccounts} />
      </section>
      <section>
        <Typography.Title level={5}>{t('risk.signals')}</Typography.Title>
        <RiskSignals signals={risk.signals} />
      </section>
    </Flex>
  );
}

/**
 * 风控信息 on the workbench. A held case shows it open at the top with the hold's decisions; a case
 * that was assessed with some action short of a hold (watch, no express refund) shows it folded.
 */
export function RiskPanel(props: Props) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { refund } = props;
  const risk = useQuery({
    queryKey: caseRiskKey(refund.refundNo),
    queryFn: () => getCaseRisk(refund.refundNo),
  });
  const held = refund.state === 'risk_hold';
  if (risk.isError)
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="risk-load-error"
        title={t('risk.loadFailed', { message: risk.error.message })}
      />
    );
  if (!risk.data) return null;
  const data = risk.data;
  if (!held && (!data.assessed || data.action === 'none')) return null;
  const attrs = { 'data-testid': 'risk-panel', 'data-held': String(held), 'data-action': data.action };
  if (!held)
    return (
      <Collapse
        {...attrs}
        size="small"
        items={[
          {
            key: 'risk',
            label: t('risk.showDetails', { score: data.score, action: t(`risk.action.${data.action}`) }),
            children: <Details risk={data} />,
          },
        ]}
      />
    );
  return (
    <Card
      {...attrs}
      size="small"
      title={t('risk.heldTitle')}
      style={{ borderColor: token.colorWarningBorder }}
      styles={{ header: { background: token.colorWarningBg } }}
    >
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('risk.heldHint')}</Typography.Text>
        <HoldActions {...props} />
        <Details risk={data} />
      </Flex>
    </Card>
  );
}
