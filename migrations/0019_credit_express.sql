CREATE TABLE "buyer_credit" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"score" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"factors" jsonb NOT NULL,
	"express_revoked" boolean DEFAULT false NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "buyer_credit_score_check" CHECK (score BETWEEN 0 AND 1000)
);
--> statement-breakpoint
CREATE TABLE "express_refund" (
	"case_id" bigint PRIMARY KEY NOT NULL,
	"buyer_id" bigint NOT NULL,
	"merchant_id" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"policy_version" integer NOT NULL,
	"score" integer NOT NULL,
	"objection_deadline" timestamp with time zone NOT NULL,
	"objection" text,
	"objection_note" text,
	"objection_evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"objected_at" timestamp with time zone,
	"objection_decided_by" bigint,
	"objection_decided_at" timestamp with time zone,
	"objection_reason" text,
	"audit_reason" text,
	"audit" text,
	"audit_note" text,
	"audited_by" bigint,
	"audited_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "buyer_credit" ADD CONSTRAINT "buyer_credit_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_refund" ADD CONSTRAINT "express_refund_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_refund" ADD CONSTRAINT "express_refund_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_refund" ADD CONSTRAINT "express_refund_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_refund" ADD CONSTRAINT "express_refund_objection_decided_by_app_user_id_fk" FOREIGN KEY ("objection_decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "express_refund" ADD CONSTRAINT "express_refund_audited_by_app_user_id_fk" FOREIGN KEY ("audited_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "express_refund_buyer_idx" ON "express_refund" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE INDEX "express_refund_audit_idx" ON "express_refund" USING btree ("created_at") WHERE audit = 'pending';--> statement-breakpoint
CREATE INDEX "express_refund_objection_idx" ON "express_refund" USING btree ("objected_at") WHERE objection = 'objected';--> statement-breakpoint
CREATE INDEX "express_refund_created_idx" ON "express_refund" USING btree ("created_at");