-- A product's card-key format (issue 18): lines of an import that do not match it are refused.
-- `A` a letter, `9` a digit, `X` either, and the separators -_.:#/ as themselves (no regular expressions).
ALTER TABLE "product" ADD COLUMN "key_format" text;
--> statement-breakpoint
ALTER TABLE "product" ADD CONSTRAINT "product_key_format_check"
  CHECK (key_format IS NULL OR (key_format ~ '^[A9X._:#/-]{4,64}$' AND key_format ~ '[A9X]'));
