CREATE TABLE "evidence_check" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"evidence_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"result" text NOT NULL,
	"confidence" double precision NOT NULL,
	"reason_zh" text NOT NULL,
	"reason_en" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checker_version" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_check_confidence_check" CHECK (confidence >= 0 AND confidence <= 1)
);
--> statement-breakpoint
CREATE TABLE "evidence_fingerprint" (
	"evidence_id" bigint PRIMARY KEY NOT NULL,
	"owner_id" bigint NOT NULL,
	"dhash" text NOT NULL,
	"bands" integer[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence_check" ADD CONSTRAINT "evidence_check_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_fingerprint" ADD CONSTRAINT "evidence_fingerprint_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_check_kind_idx" ON "evidence_check" USING btree ("evidence_id","kind");--> statement-breakpoint
CREATE INDEX "evidence_check_duplicate_idx" ON "evidence_check" USING btree ("evidence_id") WHERE kind = 'duplicate' AND result = 'warn';--> statement-breakpoint
CREATE INDEX "evidence_fingerprint_bands_idx" ON "evidence_fingerprint" USING gin ("bands");--> statement-breakpoint
-- risk_facts (0017) with the evidence count also taking near-identical images (evidence checks, issue 15).
CREATE OR REPLACE FUNCTION risk_facts(
  p_buyer bigint, p_order bigint, p_merchant bigint, p_channel text,
  p_device text, p_network text, p_evidence text[], p_now timestamptz
) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN json_build_object(
    'cases', (SELECT json_build_object(
        'd7', count(*) FILTER (WHERE c.created_at > p_now - interval '7 days'),
        'd30', count(*) FILTER (WHERE c.created_at > p_now - interval '30 days'),
        'd90', count(*),
        'pair', count(*) FILTER (WHERE c.merchant_id = p_merchant),
        'recent', (array_agg(c.refund_no ORDER BY c.created_at DESC))[1:10])
      FROM refund_case c WHERE c.buyer_id = p_buyer AND c.created_at > p_now - interval '90 days'),
    -- Counted up to 500: beyond that a refund rate is steady, and a reseller's 20,000 orders cost no more.
    'paid', (SELECT count(*) FROM (SELECT 1 FROM shop_order x
             WHERE x.buyer_id = p_buyer AND x.status IN ('awaiting_delivery', 'delivered', 'completed')
             LIMIT 500) s),
    'refunded', (SELECT count(DISTINCT r.order_id) FROM refund_case r
                 WHERE r.buyer_id = p_buyer AND r.state = 'refunded'),
    'sameChannel', EXISTS (SELECT 1 FROM shop_order x
                           WHERE x.buyer_id = p_buyer AND x.channel = p_channel AND x.id <> p_order
                             AND x.paid_at IS NOT NULL),
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
    -- Identical (sha256) to another account's file, or near-identical by perceptual hash: the
    -- evidence check's reuse warning (issue 15). Archive members count as files of their own.
    'evidence', CASE WHEN cardinality(p_evidence) = 0 THEN 0 ELSE
        (SELECT count(*) FROM (
           SELECT e1.id FROM evidence e1
           WHERE e1.owner_id = p_buyer
             AND (e1.public_id = ANY(p_evidence)
                  OR e1.parent_id IN (SELECT p.id FROM evidence p WHERE p.public_id = ANY(p_evidence)))
             AND (EXISTS (SELECT 1 FROM evidence e2 WHERE e2.sha256 = e1.sha256 AND e2.owner_id <> e1.owner_id)
                  OR EXISTS (SELECT 1 FROM evidence_check k
                             WHERE k.evidence_id = e1.id AND k.kind = 'duplicate' AND k.result = 'warn'))) s) END,
    'joined', (SELECT created_at FROM app_user WHERE id = p_buyer));
END
$$;
