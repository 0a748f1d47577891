CREATE SEQUENCE "public"."refund_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999 START WITH 1000 CACHE 1 CYCLE;--> statement-breakpoint
CREATE TABLE "refund_case" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"refund_no" text NOT NULL,
	"order_id" bigint NOT NULL,
	"buyer_id" bigint NOT NULL,
	"merchant_id" bigint NOT NULL,
	"type" text NOT NULL,
	"state" text DEFAULT 'submitted' NOT NULL,
	"description" text NOT NULL,
	"requested_fen" bigint,
	"amount_fen" bigint NOT NULL,
	"fee_fen" bigint DEFAULT 0 NOT NULL,
	"policy_version" integer NOT NULL,
	"quote" jsonb NOT NULL,
	"sla_deadline" timestamp with time zone NOT NULL,
	"urged_at" timestamp with time zone,
	"escalated" boolean DEFAULT false NOT NULL,
	"assignee_id" bigint,
	"previous_case_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_case_refund_no_unique" UNIQUE("refund_no"),
	CONSTRAINT "refund_case_amount_check" CHECK (amount_fen >= 0 AND fee_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "refund_case_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" bigint,
	"actor_role" text NOT NULL,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_case" ADD CONSTRAINT "refund_case_assignee_id_app_user_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refund_case_event" ADD CONSTRAINT "refund_case_event_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refund_case_one_open_uq" ON "refund_case" USING btree ("order_id") WHERE state IN ('submitted','info_requested','risk_hold','approved','refunding','refund_failed','appealed');--> statement-breakpoint
CREATE INDEX "refund_case_buyer_idx" ON "refund_case" USING btree ("buyer_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "refund_case_order_idx" ON "refund_case" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refund_case_event_case_idx" ON "refund_case_event" USING btree ("case_id","at");--> statement-breakpoint
-- The timeline is history: no update, no delete.
CREATE FUNCTION refund_case_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'refund_case_event rows are append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER refund_case_event_no_change BEFORE UPDATE OR DELETE ON refund_case_event
  FOR EACH ROW EXECUTE FUNCTION refund_case_event_immutable();
