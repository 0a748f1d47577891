import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { TrustProxy } from '../config.ts';
import type { Logger } from '../logger.ts';
import { clientErrorHandler, installErrorHandling, sendError } from './error-handler.ts';
import { installInputGuard } from './input-guard.ts';
import { installSecurityHeaders } from './security-headers.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * One log line per request, when it is answered ("GET /api/orders 200 12 ms", with the same as fields for
 * JSON), instead of fastify's two ("incoming request" and "request completed"). No headers are logged.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const fields = {
      req: { method: req.method, url: req.url },
      res: { statusCode: reply.statusCode },
      responseTime: ms,
      ...(error ? { err: error } : {}),
    };
    const line = `${req.method} ${req.url} ${reply.statusCode} ${ms} ms`;
    if (error) reply.log.error(fields, line);
    else reply.log.info(fields, line);
  }
}

/**
 * Fastify's own hop count trusts nobody (it cannot tell the proxy from a client that reached us
 * directly), so a count is a function of the hop: the nearest N addresses are our proxies, and the
 * address the farthest of them saw is the client's. Anything a client wrote before that is ignored.
 */
function proxyTrust(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/** The HTTP shell: logging with request ids, error mapping, cookies, rate limits and OpenAPI docs. */
export async function createHttpServer(opts: {
  log: Logger;
  trustProxy: TrustProxy;
  bodyLimit?: number;
}): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.log,
    trustProxy: proxyTrust(opts.trustProxy),
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    requestIdHeader: false,
    logController: new OneLinePerRequest(),
    clientErrorHandler,
    // Malformed URLs and similar never reach a route; answer them in our error shape too.
    frameworkErrors: (err, req, reply) => {
      req.log.debug({ err: err.message }, 'malformed request');
      return sendError(req, reply, 'REQUEST.BAD');
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputGuard(app);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  await installSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kameng API',
        version: '0.1.0',
        description: '卡盟退款/售后中心 · refund and after-sales centre',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kameng_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/** Unknown API routes answer 404 JSON; `spa` (if given) answers browser navigations. */
export function installNotFound(app: App, spa?: (url: string) => boolean): void {
  app.setNotFoundHandler((req, reply) => {
    const wantsPage = req.method === 'GET' && !req.url.startsWith('/api/') && spa?.(req.url);
    if (wantsPage) return reply.sendFile('index.html');
    return sendError(req, reply, 'ROUTE.NOT_FOUND', { method: req.method, path: req.url.split('?')[0] });
  });
}
