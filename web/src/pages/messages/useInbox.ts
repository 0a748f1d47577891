import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { markAllRead, markRead, type SiteMessage, unreadCount } from '../../api/messages.ts';

export const unreadKey = ['messages', 'unread-count'] as const;

/** The unread count in the header, read again every 30 s (new messages arrive without a reload). */
export function useUnreadCount() {
  return useQuery({ queryKey: unreadKey, queryFn: unreadCount, refetchInterval: 30_000 });
}

/** Marking read, one or all; the list and the count follow. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['messages'] });
  const one = useMutation({ mutationFn: (id: SiteMessage['id']) => markRead(id), onSuccess: refresh });
  const all = useMutation({ mutationFn: markAllRead, onSuccess: refresh });
  return { one, all };
}
