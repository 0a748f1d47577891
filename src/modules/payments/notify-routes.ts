import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import type { Context } from '../context.ts';
import { type GatewayChannel, NOTIFY_PATHS } from './gateways.ts';
import type { RefundNotification } from './refund-port.ts';

/**
 * What Kameng does with a verified refund notification: 'ok' once it is recorded (or was already),
 * 'unknown' when it names no payout attempt of ours — the channel is then told it failed, and retries.
 */
export type NotificationHandler = (n: RefundNotification) => Promise<'ok' | 'unknown'>;

type Answer = { status: number; body: string; type: string };

/** Each channel's way of saying "got it" and "try again" (Alipay: a word; WeChat Pay v3: the status). */
const ANSWERS: Record<
  GatewayChannel,
  { ok: Answer; fail: (code: string, message: string, status: number) => Answer }
> = {
  alipay: {
    ok: { status: 200, body: 'success', type: 'text/plain; charset=utf-8' },
    fail: () => ({ status: 200, body: 'fail', type: 'text/plain; charset=utf-8' }),
  },
  wechatpay: {
    ok: { status: 204, body: '', type: 'application/json; charset=utf-8' },
    fail: (code, message, status) => ({
      status,
      body: JSON.stringify({ code, message }),
      type: 'application/json; charset=utf-8',
    }),
  },
};

const BODY_LIMIT = 64 * 1024;

/**
 * POST /api/payments/notify/alipay and /api/payments/notify/wechatpay: the gateways' server-to-server
 * refund notifications. No session and no CSRF token apply — the auth hook resolves an actor only from
 * a session cookie or a Bearer key, which gateways never send, and these handlers never ask for one;
 * the signature is the authentication. Bodies reach the handler as the raw string the signature covers.
 * A bad signature is logged and refused with nothing changed; a verified notification goes to
 * `onNotification`, which decides idempotency.
 */
export function registerNotifyRoutes(
  app: App,
  ctx: Pick<Context, 'gateways'>,
  onNotification: NotificationHandler,
): void {
  void app.register(async (scope) => {
    // Encapsulated: only these two routes take raw bodies of any content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    for (const channel of ['alipay', 'wechatpay'] as const) {
      scope.post(
        NOTIFY_PATHS[channel],
        {
          schema: {
            tags: ['payments'],
            summary:
              channel === 'alipay'
                ? 'Alipay refund notification (form body, RSA2-signed); answers success / fail'
                : 'WeChat Pay v3 refund notification (signed, AES-256-GCM resource); answers 204 or 4xx/5xx {code,message}',
          },
        },
        (req, reply) => handle(channel, req, reply),
      );
    }
  });

  async function handle(channel: GatewayChannel, req: FastifyRequest, reply: FastifyReply) {
    const answers = ANSWERS[channel];
    const send = (a: Answer) => reply.code(a.status).type(a.type).send(a.body);
    const raw = typeof req.body === 'string' ? req.body : '';
    let notification: RefundNotification;
    try {
      notification = await ctx.gateways[channel].parseNotification(req.headers, raw);
    } catch (err) {
      if (err instanceof AppError && err.code === 'PAYMENT.UNSUPPORTED_NOTIFICATION') {
        req.log.info({ channel, details: err.details }, 'payment notification ignored: not about a refund');
        return send(answers.ok);
      }
      if (err instanceof AppError && err.code === 'PAYMENT.BAD_SIGNATURE') {
        req.log.warn(
          { channel, details: err.details, ip: req.ip },
          'payment notification rejected: bad signature',
        );
        return send(answers.fail('SIGN_ERROR', '验签失败', 401));
      }
      req.log.error({ err, channel }, 'payment notification could not be read');
      return send(answers.fail('FAIL', '通知无法解析', 400));
    }
    let outcome: 'ok' | 'unknown';
    try {
      outcome = await onNotification(notification);
    } catch (err) {
      req.log.error(
        { err, channel, outRefundNo: notification.outRefundNo },
        'refund notification handler failed',
      );
      return send(answers.fail('FAIL', '处理失败，请重试', 500));
    }
    if (outcome === 'unknown') {
      req.log.warn(
        { channel, outRefundNo: notification.outRefundNo, orderNo: notification.orderNo },
        'refund notification rejected: no such payout attempt',
      );
      return send(answers.fail('FAIL', '未知的退款单', 404));
    }
    return send(answers.ok);
  }
}
