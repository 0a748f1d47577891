import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { type IssueForMessage, messageZh } from '../../core/issue-messages.ts';
import { AppError, type ErrorCode, errorBody, type Lang, pickLang } from '../errors.ts';

/** Maps an error thrown by the HTTP layer (not ours) to our code. Only 5xx stays INTERNAL. */
function codeForFastifyError(err: FastifyError): ErrorCode {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'REQUEST.MALFORMED_JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'REQUEST.TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
  }
  const status = err.statusCode ?? 500;
  if (status === 429) return 'RATE_LIMITED';
  if (status === 413) return 'REQUEST.TOO_LARGE';
  if (status === 415) return 'REQUEST.UNSUPPORTED_MEDIA_TYPE';
  if (err instanceof SyntaxError) return 'REQUEST.MALFORMED_JSON';
  if (status >= 400 && status < 500) return 'REQUEST.BAD';
  return 'INTERNAL';
}

/**
 * Errors Node's HTTP parser meets before there is a request to answer (a header block too large,
 * malformed chunked encoding, a control character in a header, a timeout): our error shape too, in
 * both languages since no Accept-Language was read. Fastify's own answer is English and has no code.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? 'REQUEST.HEADERS_TOO_LARGE'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST.TIMEOUT'
        : 'REQUEST.BAD';
  const { status } = new AppError(code);
  const message = `${errorBody(code, 'zh').error.message} / ${errorBody(code, 'en').error.message}`;
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(err);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  const err = new AppError(code, details);
  const lang = pickLang(req.headers['accept-language']);
  return reply.status(err.status).send(errorBody(code, lang, localizeDetails(details, lang)));
}

type Problem = { message: string; messageZh?: string };
const isProblem = (x: unknown): x is Problem =>
  typeof x === 'object' && x !== null && typeof (x as Problem).message === 'string';

/**
 * The per-field messages of a validation error (`details.fields[]`, and a policy's or risk rules'
 * `details.issues[]`) in the caller's language, like the error's own message: a problem that carries
 * its Chinese (`messageZh`, made where zod's issue was at hand) answers with it, one that does not is
 * looked up (`messageZh`); in English, as written.
 */
export function localizeDetails(details: unknown, lang: Lang): unknown {
  if (typeof details !== 'object' || details === null) return details;
  const d = details as { fields?: unknown; issues?: unknown };
  if (!Array.isArray(d.fields) && !Array.isArray(d.issues)) return details;
  const say = (list: unknown) =>
    Array.isArray(list)
      ? list.map((item) => {
          if (!isProblem(item)) return item;
          const { messageZh: zh, ...rest } = item;
          return { ...rest, message: lang === 'en' ? item.message : (zh ?? messageZh(item.message)) };
        })
      : list;
  return {
    ...details,
    ...(d.fields === undefined ? {} : { fields: say(d.fields) }),
    ...(d.issues === undefined ? {} : { issues: say(d.issues) }),
  };
}

/** A zod issue as a field problem, with its Chinese while its code and parameters are at hand. */
const fieldProblem = (field: string, issue: IssueForMessage) => ({
  field,
  message: issue.message,
  messageZh: messageZh(issue),
});

/**
 * The one place that turns errors into HTTP answers: `{error:{code,message,details}}` in the
 * caller's language. Validation errors name the offending fields.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, err.code, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) =>
        fieldProblem(
          [err.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
          { ...(v.params as Record<string, unknown>), code: v.keyword, message: v.message ?? 'invalid' },
        ),
      );
      return sendError(req, reply, 'REQUEST.VALIDATION', { fields });
    }
    // A handler that validates a second time (e.g. a body whose shape depends on the caller's role).
    if ((err as unknown) instanceof ZodError) {
      const fields = (err as unknown as ZodError).issues.map((i) =>
        fieldProblem(['body', ...i.path.map(String)].join('.'), i),
      );
      return sendError(req, reply, 'REQUEST.VALIDATION', { fields });
    }
    const code = codeForFastifyError(err);
    if (code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
    else req.log.debug({ code, err: err.message }, 'request rejected');
    return sendError(req, reply, code);
  });
}
