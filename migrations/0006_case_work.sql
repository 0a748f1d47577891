CREATE TABLE "evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"public_id" text NOT NULL,
	"owner_id" bigint NOT NULL,
	"case_id" bigint,
	"parent_id" bigint,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"blob_key" text NOT NULL,
	"thumb_key" text,
	"width" integer,
	"height" integer,
	"checks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_public_id_unique" UNIQUE("public_id"),
	CONSTRAINT "evidence_size_check" CHECK (size_bytes >= 0)
);
--> statement-breakpoint
CREATE TABLE "site_message" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"subject" text,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"body_zh" text NOT NULL,
	"body_en" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refund_case" DROP CONSTRAINT "refund_case_amount_check";--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "resubmit_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "sla_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "info_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "urge_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "appeal_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "merchant_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "merchant_response" text;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "merchant_note" text;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "fee_disputed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "refund_case" ADD COLUMN "fee_waived_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_owner_id_app_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_message" ADD CONSTRAINT "site_message_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_case_idx" ON "evidence" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "evidence_owner_idx" ON "evidence" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "evidence_sha256_idx" ON "evidence" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "evidence_parent_idx" ON "evidence" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "site_message_user_idx" ON "site_message" USING btree ("user_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "site_message_unread_idx" ON "site_message" USING btree ("user_id") WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "refund_case_sla_due_idx" ON "refund_case" USING btree ("sla_deadline") WHERE NOT escalated AND state IN ('submitted','risk_hold','appealed');--> statement-breakpoint
CREATE INDEX "refund_case_info_due_idx" ON "refund_case" USING btree ("info_deadline") WHERE state = 'info_requested';--> statement-breakpoint
CREATE INDEX "refund_case_merchant_due_idx" ON "refund_case" USING btree ("merchant_deadline") WHERE merchant_response IS NULL AND state = 'submitted';--> statement-breakpoint
CREATE INDEX "refund_case_merchant_idx" ON "refund_case" USING btree ("merchant_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "refund_case_previous_idx" ON "refund_case" USING btree ("previous_case_id");--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_amount_check" CHECK (amount_fen >= 0 AND fee_fen >= 0 AND fee_waived_fen >= 0);--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_parent_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."evidence"("id");--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_previous_case_id_fk" FOREIGN KEY ("previous_case_id") REFERENCES "public"."refund_case"("id");
