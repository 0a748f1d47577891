import { currentLanguage, i18n } from '../i18n/index.ts';

export type Role = 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  merchantId: number | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

const csrfCookie = 'kameng_csrf';

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function parseJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as ErrorBody | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  return new ApiError(status, 'HTTP_ERROR', i18n.t('errors.unexpected', { status }));
}

/** `?a=1&b=2` from the parameters that are set; '' when none is. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Sends one request with the session's language and, on writes, the CSRF token; JSON back or ApiError. */
async function send<T>(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: BodyInit | undefined,
): Promise<T> {
  const all: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLanguage(),
    ...headers,
  };
  if (method !== 'GET') {
    const csrf = readCookie(csrfCookie);
    if (csrf) all['x-csrf-token'] = csrf;
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers: all, credentials: 'same-origin', body });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', i18n.t('errors.network'));
  }

  const data = await parseJson(response);
  if (!response.ok) throw toApiError(response.status, data);
  return data as T;
}

export function request<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return send(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
}

/** A multipart POST (file uploads); the browser sets the Content-Type with its boundary. */
export function postForm<T>(path: string, form: FormData): Promise<T> {
  return send('POST', path, {}, form);
}

export async function login(username: string, password: string): Promise<User> {
  const { user } = await request<{ user: User }>('POST', '/api/auth/login', { username, password });
  return user;
}

export async function logout(): Promise<void> {
  await request<{ ok: true }>('POST', '/api/auth/logout');
}

/** Whether this browser may be signed in: the CSRF cookie is set and cleared with the session's. */
export const maySignedIn = () => readCookie(csrfCookie) !== undefined;

export async function me(): Promise<User> {
  const { user } = await request<{ user: User }>('GET', '/api/me');
  return user;
}
