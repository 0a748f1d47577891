import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';

type Page = { items: unknown[]; nextCursor: unknown };
type CursorOf<P extends Page> = Exclude<P['nextCursor'], null>;

/**
 * A list the server hands out page by page (its `nextCursor`; the page's 加载更多 asks for the next):
 * the query, and the rows of every page loaded so far, in order. `fetchPage` names its cursor's type
 * (`(cursor?: string) => …`), so the page's type is read off what it returns.
 */
export function useCursorPages<P extends Page>(
  queryKey: QueryKey,
  fetchPage: (cursor?: CursorOf<P>) => Promise<P>,
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam as CursorOf<P> | undefined),
    initialPageParam: undefined as CursorOf<P> | undefined,
    getNextPageParam: (last) => (last.nextCursor ?? undefined) as CursorOf<P> | undefined,
  });
  const rows = (query.data?.pages.flatMap((page) => page.items) ?? []) as P['items'];
  return { query, rows };
}
