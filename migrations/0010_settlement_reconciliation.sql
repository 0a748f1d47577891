CREATE TABLE "recon_mismatch" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"out_refund_no" text NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"ours_status" text,
	"theirs_status" text,
	"ours_fen" bigint,
	"theirs_fen" bigint,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recon_run" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"triggered_by" text NOT NULL,
	"checked" integer DEFAULT 0 NOT NULL,
	"mismatched" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "recon_run_day_check" CHECK (day ~ '^\d{4}-\d{2}-\d{2}$')
);
--> statement-breakpoint
ALTER TABLE "shop_order" ADD COLUMN "settled_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "shop_order" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recon_mismatch" ADD CONSTRAINT "recon_mismatch_run_id_recon_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."recon_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recon_mismatch_run_idx" ON "recon_mismatch" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "recon_run_day_idx" ON "recon_run" USING btree ("day","id");--> statement-breakpoint
CREATE INDEX "shop_order_unsettled_idx" ON "shop_order" USING btree ("completed_at") WHERE status = 'completed' AND settled_at IS NULL;--> statement-breakpoint
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_settled_check" CHECK (settled_fen >= 0 AND settled_fen <= paid_fen);