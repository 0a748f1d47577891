-- Search and the audit log (issue 18). A buyer is found by the start of the username: LIKE 'abc%'
-- uses a btree only under the C collation or with text_pattern_ops, so the prefix search gets its own
-- index (partial: staff search buyers only).
CREATE INDEX "app_user_username_prefix_idx" ON "app_user" USING btree ("username" text_pattern_ops) WHERE role = 'buyer';--> statement-breakpoint
-- The admin audit page pages newest first on (at, id) and filters by actor, by action or by target;
-- each filter reads its own index in that order.
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at" DESC,"id" DESC) WHERE actor_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "audit_log_at_id_idx" ON "audit_log" USING btree ("at" DESC,"id" DESC);--> statement-breakpoint
DROP INDEX "audit_log_at_idx";
