-- Issue 14: the risk facts read a buyer's 50 most recent account links. An index in that order, carrying
-- the link's kind and value, reads them without visiting the table or sorting (it also serves every
-- other lookup by user that the (user_id, kind) index served).
DROP INDEX IF EXISTS "account_link_user_idx";--> statement-breakpoint
CREATE INDEX "account_link_user_recent_idx" ON "account_link" USING btree ("user_id", "last_seen" DESC) INCLUDE ("kind", "value");--> statement-breakpoint
-- The assessment is written by the statement that writes its case, with the case's own id and buyer
-- (both checked on the case row), and cases are never deleted. Its two foreign keys checked them again
-- on every submission, each by locking a row (the buyer's app_user row, the new case row: a lock is a
-- write and a WAL record) — for nothing.
ALTER TABLE "risk_assessment" DROP CONSTRAINT IF EXISTS "risk_assessment_buyer_id_app_user_id_fk";--> statement-breakpoint
ALTER TABLE "risk_assessment" DROP CONSTRAINT IF EXISTS "risk_assessment_case_id_refund_case_id_fk";
