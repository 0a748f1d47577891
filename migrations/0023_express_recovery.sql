-- Issue 16's gaps. (1) Recovering an upheld express loss from the buyer, only with their consent: one
-- row per upheld objection, asked of the buyer (requested), then recovered (from their balance and,
-- for the rest, paid through a payment channel) or refused. The row is the lock 20 concurrent consents
-- serialise on; the checks make "never more than the loss" a fact of the database.
CREATE TABLE "express_recovery" (
	"case_id" bigint PRIMARY KEY NOT NULL,
	"recovery_no" text NOT NULL,
	"buyer_id" bigint NOT NULL,
	"loss_fen" bigint NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"from_balance_fen" bigint DEFAULT 0 NOT NULL,
	"from_channel_fen" bigint DEFAULT 0 NOT NULL,
	"channel" text,
	"channel_trade_no" text,
	"refusal_reason" text,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "express_recovery_recovery_no_unique" UNIQUE("recovery_no"),
	CONSTRAINT "express_recovery_state_check" CHECK (state IN ('requested', 'recovered', 'refused')),
	CONSTRAINT "express_recovery_amounts_check" CHECK (loss_fen > 0 AND from_balance_fen >= 0 AND from_channel_fen >= 0
		AND from_balance_fen + from_channel_fen <= loss_fen
		AND (state = 'recovered') = (from_balance_fen + from_channel_fen = loss_fen))
);
--> statement-breakpoint
ALTER TABLE "express_recovery" ADD CONSTRAINT "express_recovery_case_id_express_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."express_refund"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_recovery" ADD CONSTRAINT "express_recovery_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "express_recovery_requested_idx" ON "express_recovery" USING btree ("requested_at" DESC NULLS LAST);--> statement-breakpoint
-- (2) Express findings feed the risk rules: risk_facts as in migration 0021, plus the buyer's express
-- findings read from their credit row.
CREATE OR REPLACE FUNCTION risk_facts(
  p_buyer bigint, p_order bigint, p_merchant bigint, p_channel text,
  p_device text, p_network text, p_evidence text[], p_now timestamptz
) RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_paid bigint;
  v_same boolean;
  v_since timestamptz;
BEGIN
  SELECT count(*) FILTER (WHERE x.status IN ('awaiting_delivery', 'delivered', 'completed')),
         coalesce(bool_or(x.channel = p_channel AND x.id <> p_order
                          AND x.status IN ('awaiting_delivery', 'delivered', 'completed')), false),
         CASE WHEN count(*) = 200 THEN min(x.created_at) END
    INTO v_paid, v_same, v_since
    FROM (SELECT o.id, o.status, o.channel, o.created_at FROM shop_order o WHERE o.buyer_id = p_buyer
          ORDER BY o.created_at DESC NULLS LAST, o.id DESC NULLS LAST LIMIT 200) x;
  RETURN json_build_object(
    'cases', (SELECT json_build_object(
        'd7', count(*) FILTER (WHERE c.created_at > p_now - interval '7 days'),
        'd30', count(*) FILTER (WHERE c.created_at > p_now - interval '30 days'),
        'd90', count(*) FILTER (WHERE c.created_at > p_now - interval '90 days'),
        'pair', count(*) FILTER (WHERE c.merchant_id = p_merchant AND c.created_at > p_now - interval '90 days'),
        'refunded', count(DISTINCT c.order_id) FILTER (WHERE c.state = 'refunded'
                                                        AND (v_since IS NULL OR c.created_at >= v_since)))
      FROM (SELECT r.created_at, r.merchant_id, r.state, r.order_id FROM refund_case r WHERE r.buyer_id = p_buyer
            ORDER BY r.created_at DESC NULLS LAST, r.id DESC NULLS LAST LIMIT 300) c),
    'paid', v_paid,
    'sameChannel', v_same,
    'links', (WITH mine AS (
          SELECT kind, value FROM account_link WHERE user_id = p_buyer
          UNION SELECT 'device', p_device WHERE p_device IS NOT NULL
          UNION SELECT 'ip', p_network WHERE p_network IS NOT NULL)
        SELECT json_object_agg(kind, n) FROM (
          SELECT m.kind, count(DISTINCT l.user_id) AS n FROM mine m
          JOIN account_link l ON l.kind = m.kind AND l.value = m.value AND l.user_id <> p_buyer
          GROUP BY m.kind) s),
    'identity', (SELECT json_build_object('verified', v.status = 'verified', 'same',
          (SELECT count(*) FROM identity_verification w
            WHERE w.id_number_mac = v.id_number_mac AND w.user_id <> v.user_id AND w.status = 'verified'))
        FROM identity_verification v WHERE v.user_id = p_buyer),
    -- The buyer's files (and the frames taken from them) that another account also used: the same
    -- bytes, or a near-identical picture the duplicate check warned about (migration 0018).
    'evidence', CASE WHEN cardinality(p_evidence) = 0 THEN 0 ELSE
        (SELECT count(*) FROM (
           SELECT e1.id FROM evidence e1
           WHERE e1.owner_id = p_buyer
             AND (e1.public_id = ANY(p_evidence)
                  OR e1.parent_id IN (SELECT p.id FROM evidence p WHERE p.public_id = ANY(p_evidence)))
             AND (EXISTS (SELECT 1 FROM evidence e2 WHERE e2.sha256 = e1.sha256 AND e2.owner_id <> e1.owner_id)
                  OR EXISTS (SELECT 1 FROM evidence_check k
                             WHERE k.evidence_id = e1.id AND k.kind = 'duplicate' AND k.result = 'warn'))) s) END,
    -- What express refunds (极速退款) found about this buyer (issue 16): abusive post-audit findings and
    -- upheld objections, as their credit row counts them when a finding is made — one primary-key read.
    'express', (SELECT json_build_object('revoked', b.express_revoked,
          'abusive', coalesce((b.facts->>'auditAbusive')::int, 0),
          'upheld', coalesce((b.facts->>'expressLosses')::int, 0))
        FROM buyer_credit b WHERE b.user_id = p_buyer),
    'joined', (SELECT created_at FROM app_user WHERE id = p_buyer));
END
$$;
