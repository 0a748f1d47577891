import { z } from 'zod';
import { MAX_MESSAGE_CHARS, MAX_MESSAGE_FILES, THREADS } from '../../core/refunds/conversation.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { byNo } from '../refunds/http-schemas.ts';
import { listCaseMessages } from './list-case-messages.ts';
import { listUnread } from './list-unread.ts';
import { postCaseMessage } from './post-case-message.ts';

const tags = ['conversation'];

const Message = z.object({
  id: z.number().int(),
  thread: z.enum(THREADS),
  authorSide: z.enum(['buyer', 'merchant', 'staff']),
  authorRole: z.string(),
  authorName: z.string(),
  mine: z.boolean(),
  text: z.string(),
  attachments: z.array(
    z.object({
      evidenceId: z.string(),
      kind: z.string(),
      fileName: z.string(),
      sizeBytes: z.number().int(),
      url: z.string(),
      thumbUrl: z.string().nullable(),
    }),
  ),
  unread: z.boolean(),
  at: z.string(),
});
const Conversation = z.object({
  refundNo: z.string(),
  threads: z.array(z.enum(THREADS)),
  canWrite: z.boolean(),
  unread: z.number().int(),
  items: z.array(Message),
});

export function registerConversationRoutes(app: App, ctx: Context): void {
  const { db } = ctx;

  app.get(
    '/api/refunds/:refundNo/messages',
    {
      schema: {
        tags,
        summary:
          'The case conversation (留言) as the caller may see it: the buyer their thread with the platform, the shop its own, staff both; reading marks it read',
        params: byNo,
        querystring: z.object({ markRead: z.enum(['true', 'false']).default('true') }),
        response: { 200: Conversation, ...errorResponses },
      },
    },
    async (req) =>
      listCaseMessages({
        db,
        actor: requireActor(req),
        refundNo: req.params.refundNo,
        markRead: req.query.markRead === 'true',
        now: ctx.now(),
      }),
  );

  app.post(
    '/api/refunds/:refundNo/messages',
    {
      schema: {
        tags,
        summary:
          'Write in the case conversation, perhaps with files uploaded first (POST /api/evidence); staff choose the thread',
        params: byNo,
        body: z.object({
          text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
          thread: z.enum(THREADS).optional(),
          evidenceIds: z.array(z.string().max(64)).max(MAX_MESSAGE_FILES).optional(),
        }),
        response: { 201: Conversation, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await postCaseMessage({
        db,
        actor,
        refundNo: req.params.refundNo,
        ...req.body,
        ip: req.ip,
        now: ctx.now(),
      });
      const conversation = await listCaseMessages({
        db,
        actor,
        refundNo: req.params.refundNo,
        markRead: true,
        now: ctx.now(),
      });
      return reply.status(201).send(conversation);
    },
  );

  app.get(
    '/api/case-messages/unread',
    {
      schema: {
        tags,
        summary: 'Cases with conversation messages the caller has not read, for the badges on lists',
        response: {
          200: z.object({
            total: z.number().int(),
            cases: z.array(z.object({ refundNo: z.string(), unread: z.number().int() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listUnread(db, requireActor(req), ctx.now()),
  );
}
