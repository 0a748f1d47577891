-- Evidence filed with a complaint (issue 17): a complaint about a merchant in general has no case to
-- carry its files, so an upload may belong to a complaint. A complaint about the merchant's conduct in a
-- case sets both ids (the shop sees the case's files); other complaints only complaint_id. The
-- unattached-upload sweep leaves alone whatever a complaint holds.
ALTER TABLE "evidence" ADD COLUMN "complaint_id" bigint;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_complaint_id_complaint_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaint"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_complaint_idx" ON "evidence" USING btree ("complaint_id") WHERE complaint_id IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "evidence_unattached_idx";--> statement-breakpoint
CREATE INDEX "evidence_unattached_idx" ON "evidence" USING btree ("created_at") WHERE case_id IS NULL AND complaint_id IS NULL;--> statement-breakpoint
-- Complaints filed before this kept their files' ids in complaint.evidence_ids (files and, through
-- parent_id, an archive's images).
UPDATE "evidence" e SET "complaint_id" = c."id"
FROM "complaint" c
WHERE e."complaint_id" IS NULL
  AND (e."public_id" = ANY(c."evidence_ids")
       OR e."parent_id" IN (SELECT p."id" FROM "evidence" p WHERE p."public_id" = ANY(c."evidence_ids")));
