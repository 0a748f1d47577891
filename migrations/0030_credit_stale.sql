-- Issue 13: a case decision no longer recomputes the buyer's credit score inside the decision's
-- transaction (its read and store were half of an approval's database time). The decision's own
-- statement counts up `stale_gen`; a refresh stores the generation its facts were read at in
-- `fresh_gen`. A row is stale while stale_gen > fresh_gen: readers that need the score (the express
-- decision, the buyer's and the agent's views) refresh it first, and workers refresh stale rows within
-- about a second. A refresh racing a decision cannot hide it: the facts and the generation come from
-- one snapshot, so a decision it missed leaves the row stale.
ALTER TABLE "buyer_credit" ADD COLUMN "stale_gen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "buyer_credit" ADD COLUMN "fresh_gen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "buyer_credit_stale_idx" ON "buyer_credit" USING btree ("user_id") WHERE stale_gen > fresh_gen;
