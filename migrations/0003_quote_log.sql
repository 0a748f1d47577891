CREATE TABLE "refund_quote_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"type" text NOT NULL,
	"product_kind" text NOT NULL,
	"requested_fen" bigint,
	"facts" jsonb NOT NULL,
	"policy_version" integer NOT NULL,
	"eligible" boolean NOT NULL,
	"amount_fen" bigint NOT NULL,
	"rule_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refund_quote_log" ADD CONSTRAINT "refund_quote_log_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_quote_log_at_idx" ON "refund_quote_log" USING btree ("at","id");