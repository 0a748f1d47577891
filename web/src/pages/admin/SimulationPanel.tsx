import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { policyIssues, type Simulation, type SimulationOutcome, simulatePolicy } from '../../api/policy.ts';
import { formatYuan } from '../../format.ts';
import { IssuesAlert, SyntaxErrorAlert } from './IssuesAlert.tsx';
import { parseJsonWithLines } from './jsonLines.ts';

const days = 90;
type Group = Simulation['byGroup'][number];
type Example = Simulation['examples'][number] & { key: number };

function Delta({ before, after }: { before: number; after: number }) {
  const delta = after - before;
  const type = delta > 0 ? 'danger' : delta < 0 ? 'success' : 'secondary';
  return (
    <Typography.Text type={type} data-testid="sim-delta">
      {delta > 0 ? '+' : ''}
      {formatYuan(delta)}
    </Typography.Text>
  );
}

function Outcome({ outcome }: { outcome: SimulationOutcome }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} align="center" wrap>
      <Tag color={outcome.eligible ? 'green' : 'default'}>
        {outcome.eligible ? t('adminPolicy.eligible') : t('adminPolicy.ineligible')}
      </Tag>
      <span>{formatYuan(outcome.amountFen)}</span>
      <Tag style={{ fontFamily: 'monospace' }}>{outcome.ruleId}</Tag>
    </Flex>
  );
}

/**
 * Quotes buyers looked at without applying, apart from the cases: a rule that changes them changes
 * what buyers see before they decide, not what was decided.
 */
function QuoteViews({ views }: { views: Simulation['quoteViews'] }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="sim-quote-views"
      data-count={views.count}
      data-changed={views.changed}
      title={
        views.count === 0
          ? t('adminPolicy.simNoQuoteViews')
          : t('adminPolicy.simQuoteViews', {
              count: views.count,
              changed: views.changed,
              before: views.eligibleBefore,
              after: views.eligibleAfter,
            })
      }
    />
  );
}

function Report({ report }: { report: Simulation }) {
  const { t } = useTranslation();
  const groupColumns: ColumnsType<Group> = [
    { key: 'type', title: t('adminPolicy.colType'), render: (_, g) => t(`refundType.${g.type}`) },
    { key: 'kind', title: t('adminPolicy.colKind'), render: (_, g) => t(`productKind.${g.productKind}`) },
    { key: 'cases', title: t('adminPolicy.colCases'), dataIndex: 'cases', align: 'right' },
    { key: 'changed', title: t('adminPolicy.colChanged'), dataIndex: 'changed', align: 'right' },
    {
      key: 'before',
      title: t('adminPolicy.colBefore'),
      align: 'right',
      render: (_, g) => formatYuan(g.amountBeforeFen),
    },
    {
      key: 'after',
      title: t('adminPolicy.colAfter'),
      align: 'right',
      render: (_, g) => formatYuan(g.amountAfterFen),
    },
    {
      key: 'delta',
      title: t('adminPolicy.colDelta'),
      align: 'right',
      render: (_, g) => <Delta before={g.amountBeforeFen} after={g.amountAfterFen} />,
    },
  ];
  const exampleColumns: ColumnsType<Example> = [
    {
      key: 'orderNo',
      title: t('adminPolicy.colOrderNo'),
      render: (_, e) => <Typography.Text code>{e.orderNo}</Typography.Text>,
    },
    { key: 'type', title: t('adminPolicy.colType'), render: (_, e) => t(`refundType.${e.type}`) },
    { key: 'before', title: t('adminPolicy.colBefore'), render: (_, e) => <Outcome outcome={e.before} /> },
    { key: 'after', title: t('adminPolicy.colAfter'), render: (_, e) => <Outcome outcome={e.after} /> },
  ];

  const views = report.quoteViews ? <QuoteViews views={report.quoteViews} /> : null;
  if (report.cases === 0) {
    return (
      <Flex vertical gap={16} data-testid="sim-result">
        <Alert type="info" showIcon data-testid="sim-no-cases" title={t('adminPolicy.simNoCases')} />
        {views}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={16} data-testid="sim-result">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}>
          <Statistic title={t('adminPolicy.simCases')} value={report.cases} data-testid="sim-cases" />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('adminPolicy.simChanged')} value={report.changed} data-testid="sim-changed" />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('adminPolicy.simEligible')}
            value={`${report.eligibleBefore} → ${report.eligibleAfter}`}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('adminPolicy.simAmountBefore')} value={formatYuan(report.amountBeforeFen)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('adminPolicy.simAmountAfter')} value={formatYuan(report.amountAfterFen)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('adminPolicy.simDelta')}
            valueRender={() => <Delta before={report.amountBeforeFen} after={report.amountAfterFen} />}
          />
        </Col>
      </Row>
      {views}
      {report.express && (
        <Card size="small" title={t('expressAdmin.simTitle')} data-testid="sim-express">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('expressAdmin.simCases')} value={report.express.cases} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('expressAdmin.amount')} value={formatYuan(report.express.amountFen)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('expressAdmin.simRejected')} value={report.express.laterRejected} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('expressAdmin.abusive')} value={report.express.abusive} />
            </Col>
          </Row>
        </Card>
      )}
      <Card size="small" title={t('adminPolicy.simGroups')}>
        <Table<Group>
          data-testid="sim-groups"
          size="small"
          rowKey={(g) => `${g.type}/${g.productKind}`}
          columns={groupColumns}
          dataSource={report.byGroup}
          pagination={false}
        />
      </Card>
      {report.examples.length > 0 && (
        <Card size="small" title={t('adminPolicy.simExamples')}>
          <Table<Example>
            data-testid="sim-examples"
            size="small"
            rowKey="key"
            columns={exampleColumns}
            // The same order and type can be requested more than once: rows are keyed by position.
            dataSource={report.examples.slice(0, 10).map((example, key) => ({ ...example, key }))}
            pagination={false}
          />
        </Card>
      )}
    </Flex>
  );
}

/** 模拟: re-runs the draft in the editor over the refund requests of the last 90 days. */
export function SimulationPanel({ text }: { text: string }) {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseJsonWithLines(text), [text]);
  const simulate = useMutation({ mutationFn: (document: unknown) => simulatePolicy(document, days) });
  const error = simulate.error;
  const issues =
    error instanceof ApiError && error.code === 'POLICY.INVALID' ? policyIssues(error.details) : [];

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('adminPolicy.simulateHint')}</Typography.Text>
      <div>
        <Button
          type="primary"
          data-testid="policy-simulate"
          loading={simulate.isPending}
          disabled={!parsed.ok}
          onClick={() => parsed.ok && simulate.mutate(parsed.value)}
        >
          {t('adminPolicy.simulate')}
        </Button>
      </div>
      {!parsed.ok && <SyntaxErrorAlert error={parsed.error} />}
      {issues.length > 0 && <IssuesAlert issues={issues} lines={parsed.ok ? parsed.lines : null} />}
      {error && issues.length === 0 && (
        <Alert
          type={error instanceof ApiError && error.status === 404 ? 'warning' : 'error'}
          showIcon
          data-testid="sim-error"
          data-status={error instanceof ApiError ? error.status : undefined}
          title={t('adminPolicy.simulateUnavailable', {
            message:
              error instanceof ApiError && error.status
                ? `${error.message} (HTTP ${error.status})`
                : error.message,
          })}
        />
      )}
      {simulate.data && !simulate.isPending && !error && <Report report={simulate.data} />}
    </Flex>
  );
}
