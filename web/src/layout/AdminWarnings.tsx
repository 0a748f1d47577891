import { useQuery } from '@tanstack/react-query';
import { Alert, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listAdminWarnings } from '../api/calendar.ts';
import { inLanguage } from '../i18n/index.ts';

export const adminWarningsKey = ['adminWarnings'] as const;

/**
 * What admins must act on now (next year's public holidays not entered…), above every admin page
 * until it is done; a calendar warning links to the holidays page at the year it names.
 */
export function AdminWarnings() {
  const { t } = useTranslation();
  const warnings = useQuery({ queryKey: adminWarningsKey, queryFn: listAdminWarnings, staleTime: 60_000 });
  if (!warnings.data?.length) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid="admin-warnings">
      {warnings.data.map((warning) => (
        <Alert
          key={warning.code}
          type="warning"
          showIcon
          data-testid="admin-warning"
          data-code={warning.code}
          title={inLanguage(warning)}
          action={
            warning.code.startsWith('CALENDAR.') ? (
              <Link
                to={`/admin/holidays${warning.years[0] ? `?year=${warning.years[0]}` : ''}`}
                data-testid="admin-warning-link"
              >
                {t('adminWarnings.goHolidays')}
              </Link>
            ) : undefined
          }
        />
      ))}
    </Flex>
  );
}
