CREATE TABLE "case_account_record" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"summary" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"signature" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_verification" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"real_name_enc" "bytea" NOT NULL,
	"real_name_mask" text NOT NULL,
	"id_number_enc" "bytea" NOT NULL,
	"id_number_mask" text NOT NULL,
	"id_number_mac" text NOT NULL,
	"phone_enc" "bytea" NOT NULL,
	"phone_mask" text NOT NULL,
	"provider" text NOT NULL,
	"provider_ref" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "otp_challenge" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"purpose" text NOT NULL,
	"phone_mask" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_link" (
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"user_id" bigint NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_link_kind_value_user_id_pk" PRIMARY KEY("kind","value","user_id")
);
--> statement-breakpoint
CREATE TABLE "risk_assessment" (
	"case_id" bigint PRIMARY KEY NOT NULL,
	"buyer_id" bigint NOT NULL,
	"rules_version" integer NOT NULL,
	"score" integer NOT NULL,
	"action" text NOT NULL,
	"signals" jsonb NOT NULL,
	"fired" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_assessment_score_check" CHECK (score >= 0)
);
--> statement-breakpoint
CREATE TABLE "risk_rule_stat" (
	"rule_id" text NOT NULL,
	"outcome" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "risk_rule_stat_rule_id_outcome_pk" PRIMARY KEY("rule_id","outcome")
);
--> statement-breakpoint
CREATE TABLE "risk_rules_version" (
	"version" integer PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"based_on" integer,
	"published_by" bigint,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "payer_account" text;--> statement-breakpoint
ALTER TABLE "case_account_record" ADD CONSTRAINT "case_account_record_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_account_record" ADD CONSTRAINT "case_account_record_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_verification" ADD CONSTRAINT "identity_verification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "otp_challenge" ADD CONSTRAINT "otp_challenge_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_link" ADD CONSTRAINT "account_link_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_case_id_refund_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."refund_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_rules_version" ADD CONSTRAINT "risk_rules_version_published_by_app_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_account_record_case_idx" ON "case_account_record" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "identity_verification_mac_idx" ON "identity_verification" USING btree ("id_number_mac");--> statement-breakpoint
CREATE INDEX "otp_challenge_user_idx" ON "otp_challenge" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "account_link_user_idx" ON "account_link" USING btree ("user_id","kind");--> statement-breakpoint
CREATE INDEX "risk_assessment_created_idx" ON "risk_assessment" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "refund_case_merchant_created_idx" ON "refund_case" USING btree ("merchant_id","created_at");