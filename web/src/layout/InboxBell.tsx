import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUnreadCount } from '../pages/messages/useInbox.ts';

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M13.7 21a2 2 0 0 1-3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The header's 站内信 bell: the unread count, a link to the inbox. */
export function InboxBell({ to }: { to: string }) {
  const { t } = useTranslation();
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  return (
    <Tooltip title={t('inbox.bell', { count: unread })}>
      <Link
        to={to}
        data-testid="inbox-bell"
        data-unread={unread}
        aria-label={t('inbox.bell', { count: unread })}
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <span style={{ display: 'inline-flex', padding: 4, color: 'rgba(0,0,0,0.75)' }}>
            <BellIcon />
          </span>
        </Badge>
      </Link>
    </Tooltip>
  );
}
