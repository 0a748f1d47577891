import { z } from 'zod';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { listMessages, markAllRead, markRead, unreadCount } from './inbox.ts';

const tags = ['messages'];
const Label = z.object({ zh: z.string(), en: z.string() });
const Message = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: Label,
  body: Label,
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

/** 站内信: every signed-in user's inbox. */
export function registerMessageRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  app.get(
    '/api/messages',
    {
      schema: {
        tags,
        summary: 'Your site messages (站内信), newest first, with the unread count',
        querystring: z.object({
          unread: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          cursor: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({
            items: z.array(Message),
            unread: z.number().int(),
            nextCursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listMessages(db, requireActor(req).userId, req.query),
  );
  app.get(
    '/api/messages/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of your messages are unread',
        response: { 200: z.object({ unread: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => ({ unread: await unreadCount(db, requireActor(req).userId) }),
  );
  app.post(
    '/api/messages/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one message read',
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: z.object({ unread: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => {
      const userId = requireActor(req).userId;
      await markRead(db, userId, req.params.id, ctx.now());
      return { unread: await unreadCount(db, userId) };
    },
  );
  app.post(
    '/api/messages/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all your messages read',
        response: { 200: z.object({ unread: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => {
      await markAllRead(db, requireActor(req).userId, ctx.now());
      return { unread: 0 };
    },
  );
}
