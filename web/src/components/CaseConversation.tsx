import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Empty, Flex, Image, Input, Tabs, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CaseMessage,
  type Conversation,
  getConversation,
  getUnread,
  postMessage,
  type Thread,
} from '../api/conversation.ts';
import { formatBeijingTime, formatTime } from '../format.ts';
import { newIdempotencyKey } from '../pages/refunds/useSubmitRefund.ts';
import { EvidenceUpload, useEvidenceFiles } from './EvidenceUpload.tsx';

type Viewer = 'buyer' | 'merchant' | 'staff';

function MessageItem({ m }: { m: CaseMessage }) {
  const { t } = useTranslation();
  const who = m.mine
    ? t('conversation.you')
    : m.authorSide === 'staff'
      ? t('conversation.staff')
      : t(`conversation.${m.authorSide}`);
  return (
    <Flex
      justify={m.mine ? 'flex-end' : 'flex-start'}
      data-testid="conversation-message"
      data-unread={String(m.unread)}
    >
      <Flex vertical gap={4} style={{ maxWidth: '85%', alignItems: m.mine ? 'flex-end' : 'flex-start' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {who}
          {m.authorSide === 'buyer' && m.mine ? '' : ` · ${m.authorName}`} · {formatBeijingTime(m.at)}
          {m.unread && (
            <Tag color="red" style={{ marginInlineStart: 6 }} data-testid="conversation-new">
              {t('conversation.newMark')}
            </Tag>
          )}
        </Typography.Text>
        <div
          style={{
            background: m.mine ? '#e6f4ff' : '#f5f5f5',
            borderRadius: 8,
            padding: '8px 12px',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
          }}
        >
          {m.text}
        </div>
        {m.attachments.length > 0 && (
          <Flex gap={8} wrap>
            {m.attachments.map((a) =>
              a.thumbUrl ? (
                <Image
                  key={a.evidenceId}
                  src={a.thumbUrl}
                  preview={{ src: a.url }}
                  width={72}
                  alt={a.fileName}
                />
              ) : (
                <Typography.Link key={a.evidenceId} href={a.url} target="_blank">
                  {a.fileName}
                </Typography.Link>
              ),
            )}
          </Flex>
        )}
      </Flex>
    </Flex>
  );
}

function Composer({ refundNo, thread, viewer }: { refundNo: string; thread: Thread; viewer: Viewer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const files = useEvidenceFiles();
  // One key per message being written: a double click or a retry sends it once.
  const key = useRef(newIdempotencyKey());
  const send = useMutation({
    mutationFn: () =>
      postMessage(
        refundNo,
        { text: text.trim(), thread: viewer === 'staff' ? thread : undefined, evidenceIds: files.ids },
        key.current,
      ),
    onSuccess: (conversation) => {
      key.current = newIdempotencyKey();
      setText('');
      files.reset();
      queryClient.setQueryData(['conversation', refundNo], conversation);
      void queryClient.invalidateQueries({ queryKey: ['unreadMessages'] });
      message.success(t('conversation.sent'));
    },
    // A refusal is final for its key: the corrected message gets a new one.
    onError: () => {
      key.current = newIdempotencyKey();
    },
  });
  return (
    <Flex vertical gap={8}>
      {send.error && (
        <Alert type="error" showIcon title={send.error.message} data-testid="conversation-error" />
      )}
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('conversation.placeholder')}
        aria-label={t('conversation.placeholder')}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        data-testid="conversation-text"
      />
      {viewer !== 'staff' && <EvidenceUpload files={files} maxCount={5} testId="conversation-upload" />}
      <Flex justify="flex-end">
        <Button
          type="primary"
          data-testid="conversation-send"
          disabled={text.trim().length === 0 || files.uploading}
          loading={send.isPending}
          onClick={() => send.mutate()}
        >
          {t('conversation.send')}
        </Button>
      </Flex>
    </Flex>
  );
}

function ThreadView({ c, thread, viewer }: { c: Conversation; thread: Thread; viewer: Viewer }) {
  const { t } = useTranslation();
  const items = c.items.filter((m) => m.thread === thread);
  return (
    <Flex vertical gap={12} data-testid={`conversation-thread-${thread}`}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('conversation.empty')} />
      ) : (
        <Flex vertical gap={12} style={{ maxHeight: 420, overflowY: 'auto' }}>
          {items.map((m) => (
            <MessageItem key={m.id} m={m} />
          ))}
        </Flex>
      )}
      {c.canWrite ? (
        <Composer refundNo={c.refundNo} thread={thread} viewer={viewer} />
      ) : (
        <Alert type="info" showIcon title={t('conversation.closed')} data-testid="conversation-closed" />
      )}
    </Flex>
  );
}

/**
 * 留言沟通: the case conversation, one component for every reader. The buyer and the shop each see their
 * own thread with the platform; staff see both, as tabs, and answer in either. Opening it reads it
 * (the server moves this reader's marker); what was new until then is marked 新.
 */
export function CaseConversation({ refundNo, viewer }: { refundNo: string; viewer: Viewer }) {
  const { t } = useTranslation();
  const conversation = useQuery({
    queryKey: ['conversation', refundNo],
    queryFn: () => getConversation(refundNo),
    refetchInterval: 30_000,
  });
  const c = conversation.data;
  // Reading the conversation moved this reader's marker: the badges on lists follow.
  const queryClient = useQueryClient();
  const readAt = conversation.dataUpdatedAt;
  useEffect(() => {
    if (readAt) void queryClient.invalidateQueries({ queryKey: ['unreadMessages'] });
  }, [readAt, queryClient]);
  const unreadIn = (thread: Thread) => c?.items.filter((m) => m.thread === thread && m.unread).length ?? 0;
  const title = (
    <Flex gap={8} align="center">
      {viewer === 'staff' ? t('conversation.titleStaff') : t('conversation.title')}
      {c && c.unread > 0 && (
        <Badge count={t('conversation.unread', { count: c.unread })} data-testid="conversation-unread" />
      )}
    </Flex>
  );
  return (
    <Card title={title} size="small" data-testid="case-conversation" data-unread={c?.unread ?? 0}>
      {conversation.isError && <Alert type="error" showIcon title={conversation.error.message} />}
      {c && viewer !== 'staff' && (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {viewer === 'buyer' ? t('conversation.hintBuyer') : t('conversation.hintMerchant')}
          </Typography.Text>
          <ThreadView c={c} thread={c.threads[0] ?? viewer} viewer={viewer} />
        </Flex>
      )}
      {c && viewer === 'staff' && (
        <Tabs
          items={(['buyer', 'merchant'] as const).map((thread) => ({
            key: thread,
            label: (
              <span data-testid={`conversation-tab-${thread}`}>
                {thread === 'buyer' ? t('conversation.threadBuyer') : t('conversation.threadMerchant')}
                {unreadIn(thread) > 0 && (
                  <Badge count={unreadIn(thread)} size="small" style={{ marginInlineStart: 6 }} />
                )}
              </span>
            ),
            children: <ThreadView c={c} thread={thread} viewer={viewer} />,
          }))}
        />
      )}
    </Card>
  );
}

/** The number of unread conversation messages of each case, for the badges on lists. */
export function useUnreadMessages(): Map<string, number> {
  const unread = useQuery({
    queryKey: ['unreadMessages'],
    queryFn: getUnread,
    refetchInterval: 60_000,
  });
  return new Map((unread.data?.cases ?? []).map((c) => [c.refundNo, c.unread]));
}

/** 「N 条新留言」 beside a case on a list, when it has unread messages. */
export function UnreadMessagesTag({ refundNo, unread }: { refundNo: string; unread: Map<string, number> }) {
  const { t } = useTranslation();
  const n = unread.get(refundNo) ?? 0;
  if (n === 0) return null;
  return (
    <Tag color="red" data-testid={`unread-${refundNo}`}>
      {t('conversation.unreadBadge', { count: n })}
    </Tag>
  );
}

/**
 * A case's number on a list with its unread badge, and when it was filed under it (a column of its
 * own did not fit at 1280 px).
 */
export function CaseNoCell({
  row,
  unread,
}: {
  row: { refundNo: string; createdAt: string };
  unread: Map<string, number>;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2} align="flex-start">
      <span>
        <Typography.Text code data-testid="refund-no">
          {row.refundNo}
        </Typography.Text>
        <UnreadMessagesTag refundNo={row.refundNo} unread={unread} />
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={t('refundList.createdAt')}>
        {formatTime(row.createdAt)}
      </Typography.Text>
    </Flex>
  );
}
