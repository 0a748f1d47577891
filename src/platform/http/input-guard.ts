import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { App } from './server.ts';

/**
 * Limits on the shape of a parsed JSON body. The byte size is fastify's `bodyLimit`; these bound what
 * those bytes can expand to, so that nothing downstream (schema validation, the idempotency hash,
 * jsonb) recurses a hundred thousand levels deep or walks a million values. Real bodies are far
 * inside them: a whole refund policy document is a few hundred values, seven levels deep.
 */
export const BODY_SHAPE_LIMITS = { maxDepth: 32, maxValues: 20_000 } as const;

// C0 controls and DEL. Text fields may hold tab, line feed and carriage return (a multi-line
// description); query strings and path parameters may not. NUL is what PostgreSQL refuses outright
// (in text and in jsonb), the rest are invisible and only ever mean a forged or broken client.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f]/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type TextRule = 'text' | 'line';

/** Why a string is refused, or null when it is fine. */
export function badText(value: string, rule: TextRule): string | null {
  if ((rule === 'text' ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value))
    return 'must not contain control characters (NUL, U+0001–U+001F, DEL)';
  // A lone surrogate (from a JSON "\ud800" escape) cannot be stored: PostgreSQL refuses it in jsonb.
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  return null;
}

type Field = { field: string; message: string };

/**
 * Walks a parsed value without recursion: every string value and object key is checked, and the depth
 * and number of values are bounded. Returns the first offending field, a shape violation, or null.
 */
function inspect(
  root: unknown,
  prefix: string,
  rule: TextRule,
  allow: ReadonlySet<string>,
): Field | 'shape' | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: prefix, depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (++seen > BODY_SHAPE_LIMITS.maxValues || depth > BODY_SHAPE_LIMITS.maxDepth) return 'shape';
    if (typeof value === 'string') {
      const message = allow.has(path) ? null : badText(value, rule);
      if (message) return { field: path, message };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: `${path}.${i}`, depth: depth + 1 });
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, child] of Object.entries(value)) {
        const keyMessage = badText(key, 'line');
        if (keyMessage) return { field: path, message: `keys ${keyMessage}` };
        stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

function refuse(found: Field | 'shape'): AppError {
  if (found === 'shape') return new AppError('REQUEST.TOO_COMPLEX', { ...BODY_SHAPE_LIMITS });
  return new AppError('REQUEST.VALIDATION', { fields: [found] });
}

/** Throws `REQUEST.VALIDATION` naming the field when a multipart text field (or similar) holds control characters. */
export function assertCleanFields(fields: Record<string, string>, prefix: string): void {
  const found = inspect(fields, prefix, 'text', new Set());
  if (found) throw refuse(found);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Body fields (`body.text`) whose control characters the route judges itself, e.g. the card-key
     * import, which tells a binary file apart with an error of its own.
     */
    controlCharsAllowed?: string[];
  }
}

/**
 * One guard for all text a caller sends, before validation, hashing or the database see it: query
 * strings and path parameters (no control characters at all), JSON bodies (tab and line breaks
 * allowed; bounded depth and count). Raw bodies (gateway notifications, multipart streams) are left to
 * their routes: multipart text fields go through `assertCleanFields`.
 */
export function installInputGuard(app: App): void {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const allow = new Set(req.routeOptions.config.controlCharsAllowed ?? []);
    const none = new Set<string>();
    const found =
      inspect(req.params, 'params', 'line', none) ??
      inspect(req.query, 'querystring', 'line', none) ??
      (req.body !== null && typeof req.body === 'object' ? inspect(req.body, 'body', 'text', allow) : null);
    if (found) throw refuse(found);
  });
}
