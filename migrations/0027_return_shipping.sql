-- 退货寄回 (issue 18): an approval on physical goods may wait for the goods to come back. The case keeps
-- the return's facts and its two stored deadlines (ship by, confirm by) beside the others; the merchant
-- gets a return address. Open states grow by awaiting_return and return_shipped (one open case per order).
ALTER TABLE "merchant" ADD COLUMN "return_address" jsonb;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_postage_by" text;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_address" jsonb;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_remind_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_carrier" text;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_tracking_no" text;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_postage_fen" bigint;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_shipped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_confirm_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "return_received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_return_postage_check" CHECK (
  (return_postage_by IS NULL OR return_postage_by IN ('buyer','merchant'))
  AND (return_postage_fen IS NULL OR return_postage_fen >= 0));--> statement-breakpoint
DROP INDEX "refund_case_one_open_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "refund_case_one_open_uq" ON "refund_case" USING btree ("order_id") WHERE state IN ('submitted','info_requested','risk_hold','approved','awaiting_return','return_shipped','refunding','refund_failed','appealed');--> statement-breakpoint
CREATE INDEX "refund_case_return_due_idx" ON "refund_case" USING btree ("return_deadline") WHERE state = 'awaiting_return';--> statement-breakpoint
CREATE INDEX "refund_case_return_remind_idx" ON "refund_case" USING btree ("return_remind_at") WHERE state = 'awaiting_return' AND return_remind_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "refund_case_return_confirm_idx" ON "refund_case" USING btree ("return_confirm_deadline") WHERE state = 'return_shipped';
