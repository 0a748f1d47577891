-- The case conversation (issue 18): two threads per refund case — the buyer's with the platform staff
-- and the merchant's with the platform staff. Staff read and write both; the buyer and the merchant
-- never see each other's thread (the merchant never sees the buyer's words or files).
CREATE TABLE "case_message" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"thread" text NOT NULL,
	"author_id" bigint NOT NULL,
	"author_role" text NOT NULL,
	"body" text NOT NULL,
	"evidence_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_message_thread_check" CHECK (thread IN ('buyer','merchant')),
	CONSTRAINT "case_message_body_check" CHECK (char_length(body) BETWEEN 1 AND 2000)
);--> statement-breakpoint
ALTER TABLE "case_message" ADD CONSTRAINT "case_message_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_message" ADD CONSTRAINT "case_message_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_message_case_idx" ON "case_message" USING btree ("case_id","thread","id");--> statement-breakpoint
-- Unread counts over many cases read only the recent messages of the other side.
CREATE INDEX "case_message_created_idx" ON "case_message" USING btree ("created_at");--> statement-breakpoint
-- How far each reader has read a case's conversation (the highest message id seen).
CREATE TABLE "case_message_read" (
	"case_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"last_read_id" bigint NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_message_read_pk" PRIMARY KEY ("case_id","user_id")
);--> statement-breakpoint
ALTER TABLE "case_message_read" ADD CONSTRAINT "case_message_read_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_message_read" ADD CONSTRAINT "case_message_read_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A file sent in the conversation: attached to the case (its checks and limits) and to the message, so
-- it is shown in its thread only (a buyer's file is not the merchant's to see).
ALTER TABLE "evidence" ADD COLUMN "case_message_id" bigint;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_case_message_id_case_message_id_fk" FOREIGN KEY ("case_message_id") REFERENCES "public"."case_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- 要求升级: when the buyer asked for a supervisor (once per case; the reason is on the timeline).
ALTER TABLE "refund_case" ADD COLUMN "buyer_escalated_at" timestamp with time zone;
