import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import type { CaseDetail, CaseState } from '../../api/refunds.ts';
import { claimCase, getReviewCase, quoteChangeOf, type ReviewCase } from '../../api/review.ts';
import { useMe } from '../../auth/session.ts';
import { CaseConversation } from '../../components/CaseConversation.tsx';
import { CaseFileCard } from '../../components/CaseFileCard.tsx';
import { CaseTimeline } from '../../components/CaseTimeline.tsx';
import { EvidenceCheckSummary, EvidenceChecks } from '../../components/EvidenceChecks.tsx';
import { EvidenceGallery } from '../../components/EvidenceGallery.tsx';
import { useDetailQuery } from '../../components/Loaded.tsx';
import { formatTime, formatYuan } from '../../format.ts';
import { inLanguage } from '../../i18n/index.ts';
import { CreditFactors } from '../credit/CreditFactors.tsx';
import { CaseFacts } from '../refunds/CaseFacts.tsx';
import { CaseColumns, CaseHeading, CaseLoaded } from '../refunds/CaseLayout.tsx';
import { CaseLineage } from '../refunds/CaseLineage.tsx';
import { CaseStatus } from '../refunds/CaseStatus.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { EarlierCases } from './EarlierCases.tsx';
import { OrderRecords } from './OrderRecords.tsx';
import { QuoteChangeAlert, QuoteNowCard } from './QuoteNow.tsx';
import { RiskPanel } from './RiskPanel.tsx';

/** What another person changed on a case while this screen showed it, in sentences. */
function staleChanges(before: ReviewCase, now: ReviewCase, t: TFunction): string[] {
  const changes: string[] = [];
  if (before.state !== now.state)
    changes.push(
      t('staleCase.state', { from: inLanguage(before.stateLabel), to: inLanguage(now.stateLabel) }),
    );
  if (before.assignee !== now.assignee)
    changes.push(now.assignee ? t('staleCase.assignee', { name: now.assignee }) : t('staleCase.released'));
  const added = now.timeline.slice(before.timeline.length);
  for (const event of added) changes.push(inLanguage({ zh: event.textZh, en: event.textEn }));
  return changes;
}

/** After an action: show what the server sent at once, then read the full agent view again. */
function useCaseRefresh(refundNo: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['reviewCase', refundNo];
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: ['reviewQueue'] });
  };
  const onDone = (updated: CaseDetail) => {
    queryClient.setQueryData<ReviewCase>(key, (previous) =>
      previous ? { ...previous, ...updated } : previous,
    );
    refresh();
  };
  // Someone else moved the case since this screen loaded it, or the order changed so the quote the
  // decision was taken on no longer holds: say so and load what it is now.
  const onError = (error: Error) => {
    if (!(error instanceof ApiError)) return undefined;
    if (error.code === 'REFUND.STALE') {
      // Read the case again and say what changed since this screen loaded it.
      const before = queryClient.getQueryData<ReviewCase>(key);
      void queryClient.invalidateQueries({ queryKey: ['reviewQueue'] });
      void queryClient.fetchQuery({ queryKey: key, queryFn: () => getReviewCase(refundNo) }).then((now) => {
        const changes = before ? staleChanges(before, now, t) : [];
        if (changes.length > 0) message.info({ content: changes.join('；'), duration: 8 });
      });
      return t('staleCase.reloaded');
    }
    if (error.code === 'REFUND.QUOTE_CHANGED' || error.code === 'REFUND.NO_LONGER_ELIGIBLE') {
      refresh();
      const change = quoteChangeOf(error.details);
      const reasons = (change?.reasons ?? []).map(inLanguage).join(t('review.reasonSeparator'));
      if (error.code === 'REFUND.NO_LONGER_ELIGIBLE')
        return t('review.noLongerEligibleError', { reasons: reasons || error.message });
      return t('review.quoteChangedError', {
        before: change ? formatYuan(change.beforeFen) : '—',
        now: change?.nowFen != null ? formatYuan(change.nowFen) : '—',
        reasons: reasons || error.message,
      });
    }
    return undefined;
  };
  return { onDone, onError };
}

/** Supervisors and admins export the full case file (agents do not export). */
function SupervisorCaseFile({ refundNo }: { refundNo: string }) {
  const role = useMe().data?.role;
  return role === 'supervisor' || role === 'admin' ? <CaseFileCard refundNo={refundNo} scope="full" /> : null;
}

/** Where case pages live for the signed-in staff member: admins open them in their own section. */
function useCaseBase(): string {
  return useMe().data?.role === 'admin' ? '/admin/cases' : '/agent/queue';
}

/** The states in which a case waits for a reviewer and a claim holds it (the server's REVIEW_STATES). */
const AWAITING_REVIEW: CaseState[] = ['submitted', 'info_requested', 'risk_hold', 'appealed'];

function ClaimBar({ refund, onDone }: { refund: ReviewCase; onDone: (updated: CaseDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const mine = refund.assignee !== null && refund.assignee === me.data?.displayName;
  const claim = useMutation({
    mutationFn: () => claimCase(refund.refundNo),
    onSuccess: (updated) => {
      message.success(t('review.claimed'));
      onDone(updated);
    },
    onError: (error) => message.error(error.message),
  });
  // A decided case is nobody's to claim or hold: nothing to say (the timeline says who decided).
  if (!AWAITING_REVIEW.includes(refund.state)) return null;
  return (
    <Flex gap={8} align="center" wrap data-testid="claim-bar" data-mine={String(mine)}>
      <Typography.Text data-testid="review-assignee">
        {refund.assignee
          ? t('review.heldBy', { name: refund.assignee, until: formatTime(refund.claimExpiresAt) })
          : t('review.nobodyHolds')}
      </Typography.Text>
      {refund.actions.includes('claim') && !mine && (
        <Button
          type="primary"
          data-testid="case-claim"
          loading={claim.isPending}
          onClick={() => claim.mutate()}
        >
          {t('review.claim')}
        </Button>
      )}
    </Flex>
  );
}

function Workbench({ refund }: { refund: ReviewCase }) {
  const { t } = useTranslation();
  const { onDone, onError } = useCaseRefresh(refund.refundNo);
  const base = useCaseBase();
  return (
    <CaseColumns
      main={
        <>
          <Card data-testid="review-case" data-version={refund.version}>
            <CaseHeading refund={refund} title={t('review.title')}>
              <ClaimBar refund={refund} onDone={onDone} />
            </CaseHeading>
            <Flex vertical gap={16}>
              <RiskPanel refund={refund} onDone={onDone} onError={onError} />
              <QuoteChangeAlert refund={refund} />
              <CaseLineage refund={refund} base={base} />
              <CaseStatus refund={refund} />
              <CaseFacts refund={refund} orderPath={null} />
              <EvidenceCheckSummary refundNo={refund.refundNo} />
            </Flex>
          </Card>
          <OrderRecords order={refund.order} submittedAt={refund.createdAt} />
          <Card title={t('evidence.title')} size="small" data-testid="case-evidence">
            <EvidenceGallery items={refund.evidence ?? []} />
          </Card>
          <EvidenceChecks refundNo={refund.refundNo} />
          <CaseConversation refundNo={refund.refundNo} viewer="staff" />
          <EarlierCases cases={refund.earlierCases ?? []} />
          {refund.credit && (
            <Card title={t('credit.workbenchTitle')} size="small" data-testid="review-credit">
              <CreditFactors credit={refund.credit} compact />
            </Card>
          )}
        </>
      }
      side={
        <>
          <QuoteNowCard refund={refund} />
          <DecisionPanel refund={refund} onDone={onDone} onError={onError} />
          <CaseTimeline events={refund.timeline} />
          <SupervisorCaseFile refundNo={refund.refundNo} />
        </>
      }
    />
  );
}

/** The agent's case workbench: facts, records, evidence and history on one screen, and the decision. */
export function ReviewCasePage() {
  const { t } = useTranslation();
  const { refundNo = '' } = useParams();
  const base = useCaseBase();
  const refund = useDetailQuery(['reviewCase', refundNo], () => getReviewCase(refundNo));
  return (
    <CaseLoaded
      query={refund}
      back={{ label: t('review.backToQueue'), to: base === '/admin/cases' ? '/admin' : base, primary: true }}
    >
      {(data) => <Workbench refund={data} />}
    </CaseLoaded>
  );
}
