CREATE SEQUENCE "public"."complaint_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999 START WITH 1000 CACHE 1 CYCLE;--> statement-breakpoint
CREATE TABLE "case_file" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"scope" text NOT NULL,
	"requested_by" bigint NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"pdf_key" text,
	"zip_key" text,
	"pdf_bytes" integer,
	"zip_bytes" integer,
	"pdf_sha256" text,
	"manifest_sha256" text,
	"events" integer,
	"chain_head" text,
	"error" text,
	"build_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "complaint" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_no" text NOT NULL,
	"buyer_id" bigint NOT NULL,
	"merchant_id" bigint NOT NULL,
	"case_id" bigint,
	"kind" text NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"text" text NOT NULL,
	"evidence_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"policy_version" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"concerned_staff_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"handler_id" bigint,
	"urged_at" timestamp with time zone,
	"urge_count" integer DEFAULT 0 NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"escalated_at" timestamp with time zone,
	"priority" integer DEFAULT 0 NOT NULL,
	"merchant_answer_deadline" timestamp with time zone,
	"merchant_answer" text,
	"merchant_answered_at" timestamp with time zone,
	"outcome" jsonb,
	"fee_refunded_fen" bigint DEFAULT 0 NOT NULL,
	"compensation_fen" bigint DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone,
	"met_deadline" boolean,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_complaint_no_unique" UNIQUE("complaint_no"),
	CONSTRAINT "complaint_money_check" CHECK (fee_refunded_fen >= 0 AND compensation_fen >= 0),
	CONSTRAINT "complaint_case_kind_check" CHECK ((kind = 'merchant_general') = (case_id IS NULL))
);
--> statement-breakpoint
CREATE TABLE "complaint_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"text" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_file" ADD CONSTRAINT "case_file_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_file" ADD CONSTRAINT "case_file_requested_by_app_user_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_handler_id_app_user_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_event" ADD CONSTRAINT "complaint_event_complaint_id_complaint_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaint"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_file_case_idx" ON "case_file" USING btree ("case_id","scope","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "complaint_buyer_idx" ON "complaint" USING btree ("buyer_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "complaint_merchant_idx" ON "complaint" USING btree ("merchant_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "complaint_case_idx" ON "complaint" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "complaint_queue_idx" ON "complaint" USING btree ("priority" DESC NULLS LAST,"deadline","id") WHERE state IN ('submitted','accepted','investigating');--> statement-breakpoint
CREATE INDEX "complaint_due_idx" ON "complaint" USING btree ("deadline") WHERE NOT escalated AND state IN ('submitted','accepted','investigating');--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_fee_refund_uq" ON "complaint" USING btree ("case_id") WHERE fee_refunded_fen > 0;--> statement-breakpoint
CREATE INDEX "complaint_event_complaint_idx" ON "complaint_event" USING btree ("complaint_id","id");