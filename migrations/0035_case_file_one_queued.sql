-- One queued build per case and scope: asking again while a build waits joins it (requestCaseFile),
-- rather than queuing another PDF and zip — twenty requests at once had queued twenty builds.
-- Earlier duplicates are marked superseded first (their jobs find them no longer queued and stop).
UPDATE "case_file" f SET "state" = 'failed', "error" = 'superseded by a later request'
  WHERE f."state" = 'queued'
    AND EXISTS (SELECT 1 FROM "case_file" g
                WHERE g."case_id" = f."case_id" AND g."scope" = f."scope" AND g."state" = 'queued' AND g."id" > f."id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_file_one_queued_idx" ON "case_file" USING btree ("case_id", "scope") WHERE "state" = 'queued';
--> statement-breakpoint
-- The hourly cap counts one person's builds (requestCaseFile): by requester and time, not a scan.
CREATE INDEX "case_file_requester_idx" ON "case_file" USING btree ("requested_by", "created_at");
