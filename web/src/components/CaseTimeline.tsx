import { Card, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseEvent } from '../api/refunds.ts';
import { formatTime } from '../format.ts';

/** A key the buyer revealed after applying: the quote may no longer hold, so nobody must miss it. */
const lateReveal = 'key_revealed_after_submit';

/** 退款进度: the case's append-only timeline, oldest first, as the server words it. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('refundCase.timeline')} size="small" data-testid="case-timeline">
      <Timeline
        items={events.map((event, index) => ({
          key: `${event.at}-${index}`,
          title: formatTime(event.at),
          color: event.kind === lateReveal ? 'orange' : undefined,
          content: (
            <span data-testid="case-event" data-kind={event.kind} data-to-state={event.toState}>
              {event.kind === lateReveal && (
                <Tag color="warning" data-testid="case-event-late-reveal">
                  {t('caseStatus.revealedAfterSubmit')}
                </Tag>
              )}
              <Typography.Text type={event.kind === lateReveal ? 'warning' : undefined}>
                {i18n.language === 'en' ? event.textEn : event.textZh}
              </Typography.Text>
            </span>
          ),
        }))}
      />
    </Card>
  );
}
