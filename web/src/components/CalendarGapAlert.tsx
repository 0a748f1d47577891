import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A deadline that runs into a year whose public holidays are not entered counts weekends only: the
 * real one may be later, and the buyer or reviewer should know.
 */
export function CalendarGapAlert({ years }: { years: number[] }) {
  const { t } = useTranslation();
  if (years.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="calendar-gap"
      data-years={years.join(',')}
      title={t('refundNew.calendarGap', { years: years.join(t('refundNew.yearSeparator')) })}
    />
  );
}
