CREATE UNIQUE INDEX "ledger_txn_reverses_uq" ON "ledger_txn" USING btree ("reverses_id") WHERE reverses_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payout_attempt_created_idx" ON "payout_attempt" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "payout_attempt_settled_idx" ON "payout_attempt" USING btree ("settled_at") WHERE settled_at IS NOT NULL;