import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Idempotency records for state-changing POSTs. Scope is the caller (user id or API key id) so two
 * callers never collide on a key. The first request inserts `in_progress`; its response is stored
 * when it finishes and replayed for every later request with the same key and body.
 */
export const idempotencyKey = pgTable(
  'idempotency_key',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_progress', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseType: text('response_type'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_key_created_idx').on(t.createdAt)],
);

/** Who did what, from where. Append-only; the refund and money issues write here too. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role'),
    ip: text('ip'),
    action: text('action').notNull(),
    subject: text('subject'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('audit_log_subject_idx').on(t.subject, t.at),
    // The admin audit page (migration 0028): newest first on (at, id), by actor or action.
    index('audit_log_at_id_idx').on(t.at.desc(), t.id.desc()),
    index('audit_log_actor_idx').on(t.actorId, t.at.desc(), t.id.desc()).where(sql`actor_id IS NOT NULL`),
    index('audit_log_action_idx').on(t.action, t.at.desc(), t.id.desc()),
  ],
);

/** Written by the sample recurring job: proof that the worker runs. */
export const jobHeartbeat = pgTable('job_heartbeat', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
  runs: bigint('runs', { mode: 'number' }).notNull().default(0),
});
