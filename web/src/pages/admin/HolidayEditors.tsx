import { Button, Card, DatePicker, Empty, Flex, Typography, theme } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateRanges, isWeekend } from './calendarModel.ts';

const dateFormat = 'YYYY-MM-DD';

/** "2027-01-01（周五）" / "2027-01-01 (Fri)", in the page's language. */
function DayText({ date }: { date: string }) {
  const { t } = useTranslation();
  return <span>{t('holidays.dayWithWeekday', { date, weekday: dayjs(date).format('ddd') })}</span>;
}

/** A bordered list of rows, each with a remove button (antd's List is deprecated in v6). */
function Rows<T>({
  items,
  empty,
  row,
}: {
  items: T[];
  empty: string;
  row: (item: T) => {
    key: string;
    testId: string;
    data: Record<string, string>;
    content: ReactNode;
    onRemove: () => void;
    removeTestId: string;
  };
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <Flex
      vertical
      style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadius }}
    >
      {items.map((item, index) => {
        const r = row(item);
        return (
          <Flex
            key={r.key}
            justify="space-between"
            align="center"
            gap={8}
            data-testid={r.testId}
            {...Object.fromEntries(Object.entries(r.data).map(([k, v]) => [`data-${k}`, v]))}
            style={{
              padding: '6px 12px',
              borderTop: index === 0 ? undefined : `1px solid ${token.colorBorderSecondary}`,
            }}
          >
            {r.content}
            <Button size="small" type="link" danger data-testid={r.removeTestId} onClick={r.onRemove}>
              {t('holidays.remove')}
            </Button>
          </Flex>
        );
      })}
    </Flex>
  );
}

interface EditorProps {
  year: number;
  dates: string[];
  /** Dates a validation issue is about, shown in red. */
  flagged: Set<string>;
  onRemove: (dates: string[]) => void;
}

/** The year's public holidays as ranges, each removable, and a RangePicker to add one. */
export function HolidayRanges({
  year,
  dates,
  flagged,
  onRemove,
  onAdd,
}: EditorProps & {
  onAdd: (from: string, to: string) => void;
}) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [from, to] = range ?? [null, null];
  return (
    <Card title={t('holidays.holidays')} size="small" data-testid="holidays-ranges">
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          {/* A picker puts a test id on its (first) input; the wrapper's covers both of a range. */}
          <span data-testid="holidays-range-picker">
            <DatePicker.RangePicker
              value={range}
              onChange={(value) => setRange(value)}
              placeholder={[t('holidays.rangeStart'), t('holidays.rangeEnd')]}
              format={dateFormat}
              disabledDate={(day) => day.year() !== year}
              defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-01-01`)]}
            />
          </span>
          <Button
            data-testid="holidays-add-range"
            disabled={!from || !to}
            onClick={() => {
              if (!from || !to) return;
              onAdd(from.format(dateFormat), to.format(dateFormat));
              setRange(null);
            }}
          >
            {t('holidays.addRange')}
          </Button>
        </Flex>
        <Rows
          items={dateRanges(dates)}
          empty={t('holidays.holidaysEmpty')}
          row={(item) => ({
            key: item.from,
            testId: 'holiday-range',
            data: { from: item.from, to: item.to },
            removeTestId: 'holiday-range-remove',
            onRemove: () => onRemove(item.dates),
            content: (
              <Flex gap={8} align="center" wrap>
                <Typography.Text type={item.dates.some((date) => flagged.has(date)) ? 'danger' : undefined}>
                  {item.from === item.to ? (
                    <DayText date={item.from} />
                  ) : (
                    t('holidays.range', { from: item.from, to: item.to })
                  )}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t('holidays.days', { count: item.dates.length })}
                </Typography.Text>
              </Flex>
            ),
          })}
        />
      </Flex>
    </Card>
  );
}

/** The year's 调休 makeup working days, each removable, and a DatePicker (weekends only) to add one. */
export function MakeupDays({
  year,
  dates,
  flagged,
  onRemove,
  onAdd,
  holidays,
}: EditorProps & {
  holidays: string[];
  onAdd: (date: string) => void;
}) {
  const { t } = useTranslation();
  const [day, setDay] = useState<Dayjs | null>(null);
  const taken = new Set([...dates, ...holidays]);
  return (
    <Card title={t('holidays.makeup')} size="small" data-testid="holidays-makeup">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('holidays.makeupHint')}</Typography.Text>
        <Flex gap={8} wrap>
          <span data-testid="holidays-makeup-picker">
            <DatePicker
              value={day}
              onChange={(value) => setDay(value)}
              placeholder={t('holidays.makeupPlaceholder')}
              format={dateFormat}
              disabledDate={(value) => {
                const date = value.format(dateFormat);
                return value.year() !== year || !isWeekend(date) || taken.has(date);
              }}
              defaultPickerValue={dayjs(`${year}-01-01`)}
            />
          </span>
          <Button
            data-testid="holidays-add-makeup"
            disabled={!day}
            onClick={() => {
              if (!day) return;
              onAdd(day.format(dateFormat));
              setDay(null);
            }}
          >
            {t('holidays.addMakeup')}
          </Button>
        </Flex>
        <Rows
          items={dates}
          empty={t('holidays.makeupEmpty')}
          row={(date) => ({
            key: date,
            testId: 'makeup-day',
            data: { date },
            removeTestId: 'makeup-day-remove',
            onRemove: () => onRemove([date]),
            content: (
              <Typography.Text type={flagged.has(date) ? 'danger' : undefined}>
                <DayText date={date} />
              </Typography.Text>
            ),
          })}
        />
      </Flex>
    </Card>
  );
}
