import { z } from 'zod';
import { SIGNALS } from '../../core/risk/index.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { getRefund } from '../refunds/get-refund.ts';
import { byNo, CaseDetail } from '../refunds/http-schemas.ts';
import { clearRisk, getCaseRisk } from './review-risk.ts';
import { currentRiskRules, listRiskRuleVersions, publishRiskRules } from './rules-store.ts';
import { simulateRiskRules } from './simulate-rules.ts';

const STAFF = ['agent', 'supervisor', 'admin'] as const;
const FiredRule = z.object({
  id: z.string(),
  score: z.number(),
  action: z.string(),
  reasonZh: z.string(),
  reasonEn: z.string(),
});
const CaseRisk = z.object({
  refundNo: z.string(),
  state: z.string(),
  held: z.boolean(),
  assessed: z.boolean(),
  rulesVersion: z.number().int().nullable(),
  assessedAt: z.string().nullable(),
  score: z.number(),
  action: z.string(),
  signals: z.array(
    z.object({
      id: z.string(),
      labelZh: z.string(),
      labelEn: z.string(),
      kind: z.string(),
      value: z.union([z.number(), z.boolean()]),
      evidence: z.unknown(),
    }),
  ),
  rules: z.array(FiredRule),
  buyer: z.object({
    userId: z.number().int(),
    displayName: z.string(),
    joinedAt: z.string().nullable(),
    identityVerified: z.boolean(),
  }),
  linkedAccounts: z.array(
    z.object({
      userId: z.number().int(),
      displayName: z.string(),
      username: z.string(),
      joinedAt: z.string(),
      via: z.array(z.object({ kind: z.enum(['payer', 'device', 'ip']), value: z.string() })),
      cases: z.object({
        total: z.number().int(),
        refunded: z.number().int(),
        rejected: z.number().int(),
        open: z.number().int(),
        held: z.number().int(),
      }),
      recentCases: z.array(
        z.object({
          refundNo: z.string(),
          state: z.string(),
          stateLabel: z.object({ zh: z.string(), en: z.string() }),
          amountFen: z.number().int(),
          createdAt: z.string(),
        }),
      ),
    }),
  ),
});
const Stats = z.object({
  held: z.number().int(),
  decided: z.number().int(),
  laterApproved: z.number().int(),
  falsePositiveRate: z.number().nullable(),
});
const Example = z.object({ refundNo: z.string(), outcome: z.string(), rules: z.array(z.string()) });
const RulesBody = z.object({
  document: z.unknown(),
  note: z.string().trim().min(1).max(500),
  // Versions are int4 in the database: a larger number is no version, not a 500.
  basedOn: z.number().int().min(0).max(2_147_483_647),
});

/** 风控: the reviewers' risk panel and clearing a hold; the admins' rules, versions and what-if. */
export function registerRiskRoutes(app: App, ctx: Context): void {
  const { db } = ctx;

  app.get(
    '/api/review/:refundNo/risk',
    {
      schema: {
        tags: ['review'],
        summary: 'The risk assessment of a case: signals with evidence, rules fired, linked accounts',
        params: byNo,
        response: { 200: CaseRisk, ...errorResponses },
      },
    },
    async (req) => getCaseRisk(db, requireActor(req, ...STAFF), req.params.refundNo),
  );

  app.post(
    '/api/review/:refundNo/clear-risk',
    {
      schema: {
        tags: ['review'],
        summary: 'Clear a risk hold (a person only): the case returns to normal review',
        params: byNo,
        body: z.object({
          note: z.string().trim().min(2).max(1000),
          expectedVersion: z.number().int().positive().max(2_147_483_647),
        }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      const reviewer = requireActor(req, ...STAFF);
      await clearRisk({
        db,
        reviewer,
        refundNo: req.params.refundNo,
        ...req.body,
        ip: req.ip,
        now: ctx.now(),
      });
      return getRefund(db, reviewer, req.params.refundNo, ctx.now());
    },
  );

  app.get(
    '/api/admin/risk/rules',
    {
      schema: {
        tags: ['admin'],
        summary: 'The risk rules in force, and the signals a rule can read',
        response: {
          200: z.object({
            version: z.number().int(),
            document: z.unknown(),
            note: z.string(),
            publishedAt: z.string(),
            signals: z.array(
              z.object({ id: z.string(), labelZh: z.string(), labelEn: z.string(), kind: z.string() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      const current = await currentRiskRules(db);
      return {
        version: current.version,
        document: current.rules,
        note: current.note,
        publishedAt: current.publishedAt.toISOString(),
        signals: Object.entries(SIGNALS).map(([id, s]) => ({
          id,
          labelZh: s.zh,
          labelEn: s.en,
          kind: s.kind,
        })),
      };
    },
  );

  app.put(
    '/api/admin/risk/rules',
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags: ['admin'],
        summary:
          'Publish risk rules as the next version (audited; 400 RISK.RULES_INVALID with issues; 409 if based on an old version). A rollback publishes an older document.',
        body: RulesBody,
        response: { 200: z.object({ version: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => ({
      version: await publishRiskRules({ db, admin: requireActor(req, 'admin'), ip: req.ip, ...req.body }),
    }),
  );

  app.get(
    '/api/admin/risk/rules/versions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Published risk rule versions, newest first, with their documents',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                version: z.number().int(),
                note: z.string(),
                basedOn: z.number().int().nullable(),
                publishedBy: z.string().nullable(),
                publishedAt: z.string(),
                document: z.unknown(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return { items: await listRiskRuleVersions(db) };
    },
  );

  app.post(
    '/api/admin/risk/simulate',
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags: ['admin'],
        summary:
          'What draft risk rules would have held among the cases of the last N days, and how many of those were approved anyway (nothing is written)',
        body: z.object({ document: z.unknown(), days: z.number().int().min(1).max(365).default(90) }),
        response: {
          200: z.object({
            days: z.number().int(),
            currentVersion: z.number().int(),
            cases: z.number().int(),
            current: Stats,
            draft: Stats,
            rules: z.array(Stats.extend({ id: z.string(), fired: z.number().int() })),
            /** The first 20 of each; the counts are all of them. */
            newlyHeld: z.array(Example),
            released: z.array(Example),
            newlyHeldCount: z.number().int(),
            releasedCount: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return simulateRiskRules(db, { document: req.body.document, days: req.body.days, now: ctx.now() });
    },
  );
}
