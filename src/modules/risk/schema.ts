import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { appUser } from '../auth/schema.ts';

export const LINK_KINDS = ['payer', 'device', 'ip'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const RISK_ACTIONS = ['none', 'watch', 'no_express', 'hold'] as const;
export type RiskAction = (typeof RISK_ACTIONS)[number];

/**
 * Published risk rules (风控规则), one row per version, never changed once written — like the refund
 * policy. The rules in force are the highest version; a rollback publishes an older document again.
 */
export const riskRulesVersion = pgTable('risk_rules_version', {
  version: integer('version').primaryKey(),
  document: jsonb('document').notNull(),
  note: text('note').notNull().default(''),
  basedOn: integer('based_on'),
  publishedBy: bigint('published_by', { mode: 'number' }).references(() => appUser.id),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What ties buyer accounts together: the payer account a channel reported (支付宝 buyer id, 微信
 * openid), the long-lived device cookie, the client's network (/24 for IPv4, /48 for IPv6). Written
 * when the fact is seen (payment, sign-in, submission); read by (kind, value) to find the accounts
 * behind one payer, device or network.
 */
export const accountLink = pgTable(
  'account_link',
  {
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    value: text('value').notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.value, t.userId] }),
    // The buyer's most recent links first; migration 0034 also INCLUDEs kind and value (drizzle cannot say it).
    index('account_link_user_recent_idx').on(t.userId, t.lastSeen.desc()),
  ],
);

/**
 * The risk evaluation of a case at submission: every signal with its evidence, the rules that fired
 * under which version, the score and the action. The what-if replays drafts over these signals.
 */
export const riskAssessment = pgTable(
  'risk_assessment',
  {
    // No foreign keys (migration 0034): written by the statement that writes the case, with the case's
    // own id and buyer, both checked on the case row.
    caseId: bigint('case_id', { mode: 'number' }).primaryKey(),
    buyerId: bigint('buyer_id', { mode: 'number' }).notNull(),
    rulesVersion: integer('rules_version').notNull(),
    score: integer('score').notNull(),
    action: text('action', { enum: RISK_ACTIONS }).notNull(),
    signals: jsonb('signals').notNull(),
    fired: jsonb('fired').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('risk_assessment_created_idx').on(t.createdAt),
    check('risk_assessment_score_check', sql`score >= 0`),
  ],
);

/** Holds, clears and rejections per rule, counted in the transaction that decides them (for /metrics). */
export const riskRuleStat = pgTable(
  'risk_rule_stat',
  {
    ruleId: text('rule_id').notNull(),
    outcome: text('outcome', { enum: ['hold', 'clear', 'reject', 'watch', 'no_express'] }).notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.outcome] })],
);
