-- Issue 13/14: the cost of a submission must not grow with the number of users. risk_facts as in
-- migration 0025, with its account links bounded (the buyer's 50 most recent links, at most 100 other
-- accounts behind each); a large shared network counted every account behind it on every submission.
-- Redefining the function resets its settings: the generic plan of migration 0031 is set again here.
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
    -- Bounded: the buyer's 50 most recent links (and this request's device and network), and at most 100
    -- other accounts behind each — a carrier's shared address range must not make every submission
    -- from it count all its users. The rules' thresholds are far below the bound.
    'links', (WITH mine AS (
          (SELECT kind, value FROM account_link WHERE user_id = p_buyer ORDER BY last_seen DESC LIMIT 50)
          UNION SELECT 'device', p_device WHERE p_device IS NOT NULL
          UNION SELECT 'ip', p_network WHERE p_network IS NOT NULL)
        SELECT json_object_agg(kind, n) FROM (
          SELECT m.kind, count(DISTINCT l.user_id) AS n FROM mine m
          CROSS JOIN LATERAL (SELECT a.user_id FROM account_link a
                              WHERE a.kind = m.kind AND a.value = m.value AND a.user_id <> p_buyer
                              LIMIT 100) l
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
    -- The buyer's files (and frames) whose OCR read this order's number somewhere in a digit run.
    'evidenceMatch', CASE WHEN cardinality(p_evidence) = 0 THEN 0 ELSE
        (SELECT count(*) FROM evidence e1
           JOIN evidence_check k ON k.evidence_id = e1.id AND k.kind = 'ocr'
           WHERE e1.owner_id = p_buyer
             AND (e1.public_id = ANY(p_evidence)
                  OR e1.parent_id IN (SELECT p.id FROM evidence p WHERE p.public_id = ANY(p_evidence)))
             AND EXISTS (SELECT 1 FROM shop_order o,
                           jsonb_array_elements_text(coalesce(k.details->'facts'->'numbers', '[]'::jsonb)) AS n(run)
                         WHERE o.id = p_order AND strpos(n.run, o.order_no) > 0)) END,
    -- What express refunds (极速退款) found about this buyer (issue 16): abusive post-audit findings and
    -- upheld objections, as their credit row counts them when a finding is made — one primary-key read.
    'express', (SELECT json_build_object('revoked', b.express_revoked,
          'abusive', coalesce((b.facts->>'auditAbusive')::int, 0),
          'upheld', coalesce((b.facts->>'expressLosses')::int, 0))
        FROM buyer_credit b WHERE b.user_id = p_buyer),
    'joined', (SELECT created_at FROM app_user WHERE id = p_buyer));
END
$$
SET plan_cache_mode = force_generic_plan;
