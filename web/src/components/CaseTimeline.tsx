import { Card, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseEvent } from '../api/refunds.ts';
import { formatTime } from '../format.ts';

/** 退款进度: the case's append-only timeline, oldest first, as the server words it. */
export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('refundCase.timeline')} size="small" data-testid="case-timeline">
      <Timeline
        items={events.map((event, index) => ({
          key: `${event.at}-${index}`,
          title: formatTime(event.at),
          content: (
            <span data-testid="case-event" data-kind={event.kind} data-to-state={event.toState}>
              {i18n.language === 'en' ? event.textEn : event.textZh}
            </span>
          ),
        }))}
      />
    </Card>
  );
}
