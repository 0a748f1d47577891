import type { z } from 'zod';
import { messageZh } from './issue-messages.ts';

export interface ValidationIssue {
  /** Where the problem is, written the way an admin reads it: `rules[3].outcome.feeIds[0]`. */
  readonly path: string;
  /** In English; `messageZh` is the same in Chinese (the HTTP layer answers in the caller's language). */
  readonly message: string;
  readonly messageZh: string;
}

/** Invalid admin input is an expected outcome of editing, so it is a value, not an exception. */
export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function validateWith<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: formatIssuePath(i.path),
      message: i.message,
      messageZh: messageZh(i),
    })),
  };
}
