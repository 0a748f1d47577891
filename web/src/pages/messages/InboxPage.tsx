import { Alert, Badge, Button, Card, Empty, Flex, List, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { listMessages, type SiteMessage } from '../../api/messages.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { formatTime } from '../../format.ts';
import { inLanguage } from '../../i18n/index.ts';
import { useMarkRead } from './useInbox.ts';

type Filter = 'all' | 'unread';

function MessageItem({ message, onOpen }: { message: SiteMessage; onOpen: (message: SiteMessage) => void }) {
  const { t } = useTranslation();
  const unread = message.readAt === null;
  return (
    <List.Item
      data-testid="message-item"
      data-kind={message.kind}
      data-unread={String(unread)}
      onClick={() => onOpen(message)}
      style={{
        cursor: 'pointer',
        paddingInline: 12,
        background: unread ? 'rgba(22,119,255,0.04)' : undefined,
      }}
      extra={
        message.link ? (
          <Typography.Link data-testid="message-open">{t('inbox.open')}</Typography.Link>
        ) : undefined
      }
    >
      <List.Item.Meta
        title={
          <Flex gap={8} align="center">
            {unread && <Badge status="processing" />}
            <Typography.Text strong={unread} data-testid="message-title">
              {inLanguage(message.title)}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {formatTime(message.createdAt)}
            </Typography.Text>
          </Flex>
        }
        description={
          <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }} data-testid="message-body">
            {inLanguage(message.body)}
          </Typography.Text>
        }
      />
    </List.Item>
  );
}

/** 站内信: messages about the user's cases, newest first; opening one marks it read and follows its link. */
export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');
  const { one, all } = useMarkRead();
  const { query: messages, rows: items } = useCursorPages(['messages', 'list', filter], (cursor?: string) =>
    listMessages(filter === 'unread', cursor),
  );
  const unread = messages.data?.pages[0]?.unread ?? 0;
  const open = (message: SiteMessage) => {
    if (message.readAt === null) one.mutate(message.id);
    if (message.link?.startsWith('/')) navigate(message.link);
  };

  return (
    <Card
      title={t('inbox.title')}
      data-testid="inbox"
      extra={
        <Button
          data-testid="inbox-read-all"
          disabled={unread === 0}
          loading={all.isPending}
          onClick={() => all.mutate()}
        >
          {t('inbox.readAll')}
        </Button>
      }
    >
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'all', label: <span data-testid="inbox-all">{t('inbox.all')}</span> },
          {
            value: 'unread',
            label: <span data-testid="inbox-unread">{t('inbox.unread', { count: unread })}</span>,
          },
        ]}
        style={{ marginBottom: 16 }}
      />
      {messages.isError && (
        <Alert type="error" showIcon title={messages.error.message} style={{ marginBottom: 16 }} />
      )}
      <List<SiteMessage>
        data-testid="message-list"
        loading={messages.isPending}
        dataSource={items}
        locale={{ emptyText: <Empty data-testid="inbox-empty" description={t('inbox.empty')} /> }}
        renderItem={(message) => <MessageItem key={message.id} message={message} onOpen={open} />}
      />
      {messages.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button loading={messages.isFetchingNextPage} onClick={() => messages.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
