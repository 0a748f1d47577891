CREATE TABLE "ledger_account" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	"may_go_negative" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_account_path_unique" UNIQUE("path"),
	CONSTRAINT "ledger_account_balance_check" CHECK (may_go_negative OR balance_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_posting" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"txn_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_posting_amount_check" CHECK (amount_fen <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_txn" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"memo" text NOT NULL,
	"reverses_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_attempt" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"out_refund_no" text NOT NULL,
	"case_id" bigint NOT NULL,
	"order_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"fee_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"channel_refund_id" text,
	"calls" integer DEFAULT 0 NOT NULL,
	"next_check_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "payout_attempt_out_refund_no_unique" UNIQUE("out_refund_no"),
	CONSTRAINT "payout_attempt_amount_check" CHECK (amount_fen > 0 AND fee_fen >= 0)
);
--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_txn_id_ledger_txn_id_fk" FOREIGN KEY ("txn_id") REFERENCES "public"."ledger_txn"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_account_id_ledger_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_attempt" ADD CONSTRAINT "payout_attempt_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_attempt" ADD CONSTRAINT "payout_attempt_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_posting_account_idx" ON "ledger_posting" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "ledger_posting_txn_idx" ON "ledger_posting" USING btree ("txn_id");--> statement-breakpoint
CREATE INDEX "ledger_txn_ref_idx" ON "ledger_txn" USING btree ("ref");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_attempt_one_open_uq" ON "payout_attempt" USING btree ("case_id") WHERE status IN ('pending','processing','unknown');--> statement-breakpoint
CREATE INDEX "payout_attempt_check_idx" ON "payout_attempt" USING btree ("next_check_at") WHERE status IN ('processing','unknown');--> statement-breakpoint
ALTER TABLE "ledger_txn" ADD CONSTRAINT "ledger_txn_reverses_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."ledger_txn"("id");--> statement-breakpoint
-- The ledger is history: entries are never updated or deleted; corrections reverse.
CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only (%): post a reversing transaction instead', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_txn_no_change BEFORE UPDATE OR DELETE ON ledger_txn
  FOR EACH ROW EXECUTE FUNCTION ledger_immutable();--> statement-breakpoint
CREATE TRIGGER ledger_posting_no_change BEFORE UPDATE OR DELETE ON ledger_posting
  FOR EACH ROW EXECUTE FUNCTION ledger_immutable();--> statement-breakpoint
-- Every transaction balances: checked at commit, once all of its postings are in.
CREATE FUNCTION ledger_txn_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total numeric;
  lines integer;
BEGIN
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO total, lines FROM ledger_posting WHERE txn_id = NEW.txn_id;
  IF total <> 0 OR lines < 2 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (sum %, % lines)', NEW.txn_id, total, lines
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_txn_balanced();
