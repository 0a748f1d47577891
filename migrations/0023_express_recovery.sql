-- Issue 16: recovering an upheld express loss from the buyer, only with their consent: one
-- row per upheld objection, asked of the buyer (requested), then recovered (from their balance and,
-- for the rest, paid through a payment channel) or refused. The row is the lock 20 concurrent consents
-- serialise on; the checks make "never more than the loss" a fact of the database.
CREATE TABLE "express_recovery" (
	"case_id" bigint PRIMARY KEY NOT NULL,
	"recovery_no" text NOT NULL,
	"buyer_id" bigint NOT NULL,
	"loss_fen" bigint NOT NULL,
	"state" text DEFAULT 'requested' NOT NULL,
	"from_balance_fen" bigint DEFAULT 0 NOT NULL,
	"from_channel_fen" bigint DEFAULT 0 NOT NULL,
	"channel" text,
	"channel_trade_no" text,
	"refusal_reason" text,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "express_recovery_recovery_no_unique" UNIQUE("recovery_no"),
	CONSTRAINT "express_recovery_state_check" CHECK (state IN ('requested', 'recovered', 'refused')),
	CONSTRAINT "express_recovery_amounts_check" CHECK (loss_fen > 0 AND from_balance_fen >= 0 AND from_channel_fen >= 0
		AND from_balance_fen + from_channel_fen <= loss_fen
		AND (state = 'recovered') = (from_balance_fen + from_channel_fen = loss_fen))
);
--> statement-breakpoint
ALTER TABLE "express_recovery" ADD CONSTRAINT "express_recovery_case_id_express_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."express_refund"("case_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_recovery" ADD CONSTRAINT "express_recovery_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "express_recovery_requested_idx" ON "express_recovery" USING btree ("requested_at" DESC NULLS LAST);
