import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Row, Segmented, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type BusinessCalendar, getCalendar, publishCalendar } from '../../api/calendar.ts';
import { ApiError } from '../../api/client.ts';
import { type PolicyIssue, policyIssues } from '../../api/policy.ts';
import { publicPolicyKey } from '../../components/usePublicPolicy.ts';
import { adminWarningsKey } from '../../layout/AdminWarnings.tsx';
import {
  addHolidays,
  addMakeupDay,
  inYear,
  issueDate,
  removeDates,
  sameCalendar,
  setYearEntered,
  yearChoices,
  yearsNotEntered,
} from './calendarModel.ts';
import { adminPolicyKey } from './DraftEditor.tsx';
import { HolidayRanges, MakeupDays } from './HolidayEditors.tsx';
import { NoteModal } from './NoteModal.tsx';

export const calendarKey = ['adminCalendar'] as const;

/** The server's issues, each naming the date it is about when its path names one. */
function Issues({ issues, sent }: { issues: PolicyIssue[]; sent: BusinessCalendar }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="holidays-issues"
      title={t('holidays.issuesTitle', { count: issues.length })}
      description={
        <Flex vertical gap={4}>
          {issues.map((issue) => {
            const at = issueDate(sent, issue.path);
            return (
              <span
                key={`${issue.path}:${issue.message}`}
                data-testid="holidays-issue"
                data-path={issue.path}
              >
                {t('holidays.issueLine', {
                  what: at
                    ? t(at.field === 'holidays' ? 'holidays.issueHoliday' : 'holidays.issueMakeup', {
                        date: at.date,
                      })
                    : issue.path,
                  message: issue.message,
                })}
              </span>
            );
          })}
        </Flex>
      }
    />
  );
}

/** 节假日: the business calendar review deadlines count in, edited a year at a time and published. */
export function HolidaysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const inForce = useQuery({ queryKey: calendarKey, queryFn: getCalendar });
  // The admin's edits; null until the first one (and after publishing): the calendar in force.
  const [draft, setDraft] = useState<BusinessCalendar | null>(null);
  const [publishing, setPublishing] = useState(false);
  const publish = useMutation({
    mutationFn: ({ calendar, note }: { calendar: BusinessCalendar; note: string }) =>
      publishCalendar(calendar, note),
    onSuccess: async ({ version }) => {
      setPublishing(false);
      setDraft(null);
      message.success(t('holidays.published', { version }));
      await Promise.all(
        [calendarKey, adminWarningsKey, adminPolicyKey, publicPolicyKey, ['refundQuote']].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
    },
    onError: (error) => {
      setPublishing(false);
      if (!(error instanceof ApiError && error.code === 'POLICY.INVALID')) message.error(error.message);
    },
  });

  if (inForce.isPending)
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  if (inForce.isError)
    return <Alert type="error" showIcon data-testid="holidays-load-error" title={inForce.error.message} />;

  const { version, missingYears } = inForce.data;
  const calendar = draft ?? inForce.data.calendar;
  const dirty = !sameCalendar(calendar, inForce.data.calendar);
  const choices = yearChoices(inForce.data.calendar, missingYears);
  const asked = Number(params.get('year'));
  const year = choices.includes(asked)
    ? asked
    : (missingYears[0] ?? choices.at(-1) ?? new Date().getFullYear());
  const entered = calendar.years.includes(year);
  const unmarked = yearsNotEntered(calendar);
  const edit = (next: BusinessCalendar) => {
    setDraft(next);
    publish.reset();
  };
  const issues =
    publish.error instanceof ApiError && publish.error.code === 'POLICY.INVALID'
      ? policyIssues(publish.error.details)
      : [];
  const sent = publish.variables?.calendar ?? calendar;
  const flagged = new Set(issues.flatMap((issue) => issueDate(sent, issue.path)?.date ?? []));
  const chooseYear = (next: number) =>
    setParams(
      (current) => {
        current.set('year', String(next));
        return current;
      },
      { replace: true },
    );

  return (
    <Card data-testid="admin-holidays" data-year={year}>
      <Flex vertical gap={16}>
        <Flex gap={8} align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('holidays.title')}
          </Typography.Title>
          <Tag color="green" data-testid="holidays-version">
            {t('holidays.version', { version })}
          </Tag>
          {dirty && (
            <Tag color="orange" data-testid="holidays-unsaved">
              {t('holidays.unsaved')}
            </Tag>
          )}
        </Flex>
        <Typography.Text type="secondary">{t('holidays.intro')}</Typography.Text>
        <Flex gap={12} align="center" wrap>
          <Typography.Text strong>{t('holidays.year')}</Typography.Text>
          <Segmented<number>
            data-testid="holidays-years"
            // On a phone the years scroll rather than stick out of the card.
            style={{ maxWidth: '100%', overflowX: 'auto' }}
            value={year}
            onChange={chooseYear}
            options={choices.map((value) => ({
              value,
              label: (
                <span data-testid={`holidays-year-${value}`}>
                  {calendar.years.includes(value)
                    ? t('holidays.yearOption', { year: value })
                    : t('holidays.yearMissing', { year: value })}
                </span>
              ),
            }))}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Checkbox
            data-testid="holidays-year-entered"
            checked={entered}
            onChange={(event) => edit(setYearEntered(calendar, year, event.target.checked))}
          >
            {t('holidays.entered', { year })}
          </Checkbox>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('holidays.enteredHint')}
          </Typography.Text>
        </Flex>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <HolidayRanges
              year={year}
              dates={inYear(calendar.holidays, year)}
              flagged={flagged}
              onAdd={(from, to) => edit(addHolidays(calendar, from, to))}
              onRemove={(dates) => edit(removeDates(calendar, 'holidays', dates))}
            />
          </Col>
          <Col xs={24} lg={10}>
            <MakeupDays
              year={year}
              dates={inYear(calendar.makeupWorkdays, year)}
              holidays={calendar.holidays}
              flagged={flagged}
              onAdd={(date) => edit(addMakeupDay(calendar, date))}
              onRemove={(dates) => edit(removeDates(calendar, 'makeupWorkdays', dates))}
            />
          </Col>
        </Row>
        {unmarked.map((y) => (
          <Alert
            key={y}
            type="info"
            showIcon
            data-testid="holidays-need-entered"
            title={t('holidays.needEntered', { year: y })}
          />
        ))}
        {issues.length > 0 && <Issues issues={issues} sent={sent} />}
        <Flex gap={8} justify="end" wrap>
          <Button data-testid="holidays-revert" disabled={!dirty} onClick={() => edit(inForce.data.calendar)}>
            {t('holidays.revert')}
          </Button>
          <Button
            type="primary"
            data-testid="holidays-publish"
            disabled={!dirty || unmarked.length > 0}
            onClick={() => setPublishing(true)}
          >
            {t('holidays.publish')}
          </Button>
        </Flex>
      </Flex>
      <NoteModal
        open={publishing}
        title={t('holidays.publishTitle')}
        hint={t('holidays.publishHint')}
        okText={t('holidays.publish')}
        placeholder={t('holidays.notePlaceholder')}
        loading={publish.isPending}
        onSubmit={(note) => publish.mutate({ calendar, note })}
        onCancel={() => setPublishing(false)}
      />
    </Card>
  );
}
