ALTER TABLE "refund_case" ADD COLUMN "claim_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "approved_fen" bigint;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "reject_reason_code" text;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "rejected_by" bigint;--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_rejected_by_app_user_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_case_queue_idx" ON "refund_case" USING btree ("priority" DESC NULLS LAST,"sla_deadline","id") WHERE state IN ('submitted','info_requested','risk_hold','appealed');--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_approved_check" CHECK (approved_fen IS NULL OR (approved_fen > 0 AND approved_fen <= amount_fen));