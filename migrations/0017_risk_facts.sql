-- What a refund submission's risk assessment reads about the buyer (issue 14), in one call from the
-- submit path's read statement. A PL/pgSQL function so that its query is planned once per connection
-- and reused: planned inline with the submission it cost more than running it. Every read is an
-- indexed read of one buyer's rows (cases, an index-only count of paid orders, account links by
-- (kind, value), identity by HMAC, evidence by sha256), so the cost does not grow with the database.
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
    'evidence', CASE WHEN cardinality(p_evidence) = 0 THEN 0 ELSE
        (SELECT count(DISTINCT e1.id) FROM evidence e1
          JOIN evidence e2 ON e2.sha256 = e1.sha256 AND e2.owner_id <> e1.owner_id
          WHERE e1.public_id = ANY(p_evidence) AND e1.owner_id = p_buyer) END,
    'joined', (SELECT created_at FROM app_user WHERE id = p_buyer));
END
$$;
