CREATE SEQUENCE "public"."order_no_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999 START WITH 1000 CACHE 1 CYCLE;--> statement-breakpoint
CREATE TABLE "card_key" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_id" bigint NOT NULL,
	"secret_enc" "bytea" NOT NULL,
	"fingerprint" text NOT NULL,
	"masked" text NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"order_id" bigint,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sold_at" timestamp with time zone,
	CONSTRAINT "card_key_status_check" CHECK (status IN ('available','sold','void')),
	CONSTRAINT "card_key_sold_check" CHECK ((status = 'sold') = (order_id IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "merchant_profile" (
	"merchant_id" bigint PRIMARY KEY NOT NULL,
	"deposit_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	CONSTRAINT "merchant_profile_deposit_check" CHECK (deposit_fen >= 0),
	CONSTRAINT "merchant_profile_status_check" CHECK (status IN ('active','suspended','closed'))
);
--> statement-breakpoint
CREATE TABLE "product" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"merchant_id" bigint NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_fen" bigint NOT NULL,
	"units_per_item" integer,
	"valid_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_price_check" CHECK (price_fen > 0),
	CONSTRAINT "product_kind_check" CHECK (kind IN ('card_key','direct_topup','membership','physical')),
	CONSTRAINT "product_topup_units_check" CHECK ((kind = 'direct_topup') = (units_per_item IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "supplier_scenario" (
	"account" text PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"arrived_units" integer,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "card_key_extraction" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"card_key_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"action" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_attempt" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text NOT NULL,
	"requested_units" integer NOT NULL,
	"arrived_units" integer NOT NULL,
	"detail" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"actor_id" bigint,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"channel_trade_no" text NOT NULL,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_amount_check" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "shipment" (
	"order_id" bigint PRIMARY KEY NOT NULL,
	"carrier" text NOT NULL,
	"tracking_no" text NOT NULL,
	"shipped_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone,
	"auto_confirmed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shop_order" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"buyer_id" bigint NOT NULL,
	"merchant_id" bigint NOT NULL,
	"product_id" bigint NOT NULL,
	"product_name" text NOT NULL,
	"product_kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'pending_payment' NOT NULL,
	"delivery_status" text DEFAULT 'pending' NOT NULL,
	"channel" text,
	"channel_trade_no" text,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"topup_account" text,
	"shipping_address" text,
	"ordered_units" integer,
	"arrived_units" integer,
	"source" text DEFAULT 'storefront' NOT NULL,
	"external_ref" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "shop_order_order_no_unique" UNIQUE("order_no"),
	CONSTRAINT "shop_order_quantity_check" CHECK (quantity BETWEEN 1 AND 999),
	CONSTRAINT "shop_order_amount_check" CHECK (unit_price_fen > 0 AND amount_fen = unit_price_fen * quantity),
	CONSTRAINT "shop_order_paid_check" CHECK (paid_fen IN (0, amount_fen)),
	CONSTRAINT "shop_order_refund_check" CHECK (refunded_fen >= 0 AND refunded_fen <= paid_fen),
	CONSTRAINT "shop_order_status_check" CHECK (status IN ('pending_payment','awaiting_delivery','delivered','completed','cancelled')),
	CONSTRAINT "shop_order_delivery_check" CHECK (delivery_status IN ('pending','delivered','partial','failed')),
	CONSTRAINT "shop_order_paid_status_check" CHECK ((paid_fen > 0) = (status NOT IN ('pending_payment','cancelled'))),
	CONSTRAINT "shop_order_arrived_check" CHECK (arrived_units IS NULL OR arrived_units BETWEEN 0 AND ordered_units)
);
--> statement-breakpoint
CREATE TABLE "wallet" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "wallet_balance_check" CHECK (balance_fen >= 0)
);
--> statement-breakpoint
ALTER TABLE "card_key" ADD CONSTRAINT "card_key_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_profile" ADD CONSTRAINT "merchant_profile_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_key_extraction" ADD CONSTRAINT "card_key_extraction_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_key_extraction" ADD CONSTRAINT "card_key_extraction_card_key_id_card_key_id_fk" FOREIGN KEY ("card_key_id") REFERENCES "public"."card_key"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_key_extraction" ADD CONSTRAINT "card_key_extraction_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempt" ADD CONSTRAINT "delivery_attempt_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_event" ADD CONSTRAINT "order_event_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_buyer_id_app_user_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_merchant_id_merchant_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchant"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_product_id_product_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."product"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet" ADD CONSTRAINT "wallet_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "card_key_product_fingerprint_uq" ON "card_key" USING btree ("product_id","fingerprint");--> statement-breakpoint
CREATE INDEX "card_key_available_idx" ON "card_key" USING btree ("product_id","id") WHERE status = 'available';--> statement-breakpoint
CREATE INDEX "card_key_order_idx" ON "card_key" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "product_merchant_idx" ON "product" USING btree ("merchant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_merchant_name_uq" ON "product" USING btree ("merchant_id","name");--> statement-breakpoint
CREATE INDEX "card_key_extraction_order_idx" ON "card_key_extraction" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_attempt_order_uq" ON "delivery_attempt" USING btree ("order_id","attempt_no");--> statement-breakpoint
CREATE INDEX "order_event_order_idx" ON "order_event" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_order_uq" ON "payment" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_trade_uq" ON "payment" USING btree ("channel","channel_trade_no");--> statement-breakpoint
CREATE INDEX "shop_order_buyer_idx" ON "shop_order" USING btree ("buyer_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "shop_order_buyer_status_idx" ON "shop_order" USING btree ("buyer_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "shop_order_created_idx" ON "shop_order" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "shop_order_merchant_idx" ON "shop_order" USING btree ("merchant_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "shop_order_merchant_status_idx" ON "shop_order" USING btree ("merchant_id","status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "shop_order_pending_idx" ON "shop_order" USING btree ("expires_at") WHERE status = 'pending_payment';--> statement-breakpoint
CREATE INDEX "shop_order_product_idx" ON "shop_order" USING btree ("product_id","status");--> statement-breakpoint
CREATE INDEX "shop_order_delivered_idx" ON "shop_order" USING btree ("delivered_at") WHERE status = 'delivered';--> statement-breakpoint
CREATE UNIQUE INDEX "shop_order_external_uq" ON "shop_order" USING btree ("merchant_id","external_ref");--> statement-breakpoint
-- Added by hand: card_key is declared before shop_order in the schema files, so drizzle cannot emit this FK.
ALTER TABLE "card_key" ADD CONSTRAINT "card_key_order_id_shop_order_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."shop_order"("id");
