-- 申诉期限: a rejected case may be appealed (once) until its appeal deadline — the policy's
-- appealWithinDays business days after the rejection — and the order is not settled to the merchant
-- before it passes (the money an appeal may need stays in escrow). Cases rejected before this get a
-- deadline 9 calendar days (about 7 business days) after their rejection.
ALTER TABLE "refund_case" ADD COLUMN "appeal_deadline" timestamp with time zone;--> statement-breakpoint
UPDATE "refund_case" c SET "appeal_deadline" = r.at + interval '9 days'
  FROM (SELECT case_id, max(at) AS at FROM "refund_case_event" WHERE kind = 'reject' GROUP BY case_id) r
  WHERE r.case_id = c.id AND c.state = 'rejected' AND c.appeal_count < 1;
