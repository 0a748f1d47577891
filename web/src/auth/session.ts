import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, login, logout, maySignedIn, me, type User } from '../api/client.ts';

const meKey = ['me'] as const;

async function meOrNull(): Promise<User | null> {
  // Without the CSRF cookie (set and cleared with the httpOnly session cookie) nobody is signed in:
  // no need to ask, and a first visit's console shows no 401 from asking.
  if (!maySignedIn()) return null;
  try {
    return await me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Drops everything cached for the previous user and records who is signed in now. */
function replaceSession(queryClient: QueryClient, user: User | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  queryClient.setQueryData(meKey, user);
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: meOrNull, retry: false, staleTime: 60_000 });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => login(username, password),
    onSuccess: (user) => replaceSession(queryClient, user),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => replaceSession(queryClient, null),
    // If the session already ended on the server, re-checking /api/me sends the user to the login page.
    onError: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}
