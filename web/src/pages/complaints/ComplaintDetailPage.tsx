import { Alert, Card, Col, Descriptions, Flex, Row, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { type ComplaintDetail, getComplaint } from '../../api/complaints.ts';
import { useMe } from '../../auth/session.ts';
import { CheckedImage } from '../../components/EvidenceChecks.tsx';
import { EvidenceGallery } from '../../components/EvidenceGallery.tsx';
import { Loaded, useDetailQuery } from '../../components/Loaded.tsx';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { ComplaintActions } from './ComplaintActions.tsx';
import { ComplaintFlags, ComplaintStateTag } from './ComplaintTags.tsx';

const caseBase: Record<string, string> = {
  buyer: '/buyer/refunds',
  merchant: '/merchant/refunds',
  supervisor: '/agent/queue',
  admin: '/admin/cases',
};

function Outcome({ complaint }: { complaint: ComplaintDetail }) {
  const { t, i18n } = useTranslation();
  // Where to go outside the platform is advice for the buyer, not for the staff who decided.
  const forBuyer = (useMe().data?.role ?? 'buyer') === 'buyer';
  const o = complaint.outcome;
  if (!o) return null;
  return (
    <Alert
      data-testid="complaint-outcome"
      type={complaint.state === 'resolved' ? 'success' : 'info'}
      showIcon
      title={
        <Flex gap={8} align="center" wrap>
          {t('complaint.outcome')}
          {complaint.metDeadline !== null && (
            <Tag color={complaint.metDeadline ? 'green' : 'red'}>
              {complaint.metDeadline ? t('complaint.metDeadline') : t('complaint.missedDeadline')}
            </Tag>
          )}
        </Flex>
      }
      description={
        <Flex vertical gap={4}>
          <Typography.Text data-testid="complaint-explanation">{o.explanation}</Typography.Text>
          {o.lines.map((line) => (
            <Typography.Text key={line.zh} strong data-testid="complaint-outcome-line">
              {i18n.language === 'en' ? line.en : line.zh}
            </Typography.Text>
          ))}
          {forBuyer && (complaint.state === 'dismissed' || complaint.state === 'resolved') ? (
            <Typography.Text type="secondary">
              {t('complaint.guidance')} <Link to="/help/complaints">{t('complaint.guidanceLink')}</Link>
            </Typography.Text>
          ) : null}
        </Flex>
      }
    />
  );
}

function ComplaintView({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const role = useMe().data?.role ?? 'buyer';
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card data-testid="complaint-detail" data-version={complaint.version}>
          <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
            <Flex vertical gap={4}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('complaint.detailTitle')}
              </Typography.Title>
              <Flex gap={8} align="center" wrap>
                <Typography.Text code copyable data-testid="complaint-no" style={{ fontSize: 15 }}>
                  {complaint.complaintNo}
                </Typography.Text>
                <ComplaintStateTag state={complaint.state} />
                <ComplaintFlags complaint={complaint} />
              </Flex>
            </Flex>
            <ComplaintActions complaint={complaint} />
          </Flex>
          <Flex vertical gap={16}>
            <Outcome complaint={complaint} />
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('complaint.kind')}>
                {t(`complaintKind.${complaint.kind}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaint.refundNo')}>
                {complaint.refundNo ? (
                  <Link
                    to={`${caseBase[role] ?? '/buyer/refunds'}/${complaint.refundNo}`}
                    data-testid="complaint-case-link"
                  >
                    {complaint.refundNo}
                  </Link>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaint.merchant')}>{complaint.merchantName}</Descriptions.Item>
              <Descriptions.Item label={t('complaint.deadline')}>
                {formatBeijingTime(complaint.deadline)}
              </Descriptions.Item>
              {complaint.buyerName && (
                <Descriptions.Item label={t('complaint.buyer')}>{complaint.buyerName}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('complaint.handler')}>
                {complaint.handlerName ?? '—'}
              </Descriptions.Item>
              {complaint.compensationFen > 0 && (
                <Descriptions.Item label={t('complaint.outcomeCompensate')}>
                  {formatYuan(complaint.compensationFen)}
                </Descriptions.Item>
              )}
              {complaint.feeRefundedFen > 0 && (
                <Descriptions.Item label={t('complaint.outcomeRefundFee')}>
                  {formatYuan(complaint.feeRefundedFen)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('complaint.text')} span={2}>
                <Typography.Paragraph
                  style={{ margin: 0, whiteSpace: 'pre-wrap' }}
                  data-testid="complaint-text"
                >
                  {complaint.text}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
            <Card size="small" title={t('complaint.evidence')} data-testid="complaint-evidence">
              {complaint.evidence.length ? (
                <Flex vertical gap={12}>
                  <EvidenceGallery items={complaint.evidence} />
                  {/* The handlers also get the evidence checks (凭证核验): hints, never a verdict. */}
                  {complaint.evidence
                    .filter((e) => e.kind === 'image' && e.checkResults)
                    .map((e) => (
                      <CheckedImage key={e.evidenceId} evidence={e} />
                    ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('complaint.noEvidence')}</Typography.Text>
              )}
            </Card>
            {(complaint.kind === 'merchant_conduct' || complaint.kind === 'merchant_general') && (
              <Card
                size="small"
                title={t('complaint.merchantAnswer')}
                data-testid="complaint-merchant-answer"
              >
                {complaint.merchantAnswer ? (
                  <Typography.Paragraph style={{ margin: 0 }}>
                    {complaint.merchantAnswer}
                  </Typography.Paragraph>
                ) : (
                  <Typography.Text type="secondary">
                    {t('complaint.noAnswer')}
                    {complaint.merchantAnswerDeadline &&
                      ` · ${t('complaint.merchantAnswerDeadline', { time: formatBeijingTime(complaint.merchantAnswerDeadline) })}`}
                  </Typography.Text>
                )}
              </Card>
            )}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('complaint.timeline')} size="small" data-testid="complaint-timeline">
          <Timeline
            items={complaint.timeline.map((e, i) => ({
              key: `${e.at}-${i}`,
              title: formatBeijingTime(e.at),
              content: (
                <span data-testid="complaint-event" data-kind={e.kind}>
                  <Typography.Text strong>
                    {t(`complaintRole.${e.actorRole as 'buyer'}`, { defaultValue: e.actorRole })} ·{' '}
                    {t(`complaintEvent.${e.kind as 'submit'}`, { defaultValue: e.kind })}
                  </Typography.Text>
                  {e.text && <Typography.Paragraph style={{ margin: 0 }}>{e.text}</Typography.Paragraph>}
                </span>
              ),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** One complaint, for whoever may see it, with the actions the server offers them. */
export function ComplaintDetailPage() {
  const { t } = useTranslation();
  const { complaintNo = '' } = useParams();
  // The page serves every section (/buyer, /merchant, /agent, /admin): the way back is that section's list.
  const section = useLocation().pathname.split('/')[1] || 'buyer';
  const complaint = useDetailQuery(['complaint', complaintNo], () => getComplaint(complaintNo), {
    // The evidence checks run in the background after an upload: the handler's view looks again.
    refetchInterval: (q) =>
      q.state.data?.evidence.some((e) => e.checkResults?.some((c) => c.status === 'pending')) ? 3000 : false,
  });
  return (
    <Loaded
      query={complaint}
      name="complaint"
      notFound={t('complaint.notFound')}
      back={{ label: t('complaint.backToList'), to: `/${section}/complaints`, primary: true }}
    >
      {(data) => <ComplaintView complaint={data} />}
    </Loaded>
  );
}
