import type { Context } from '../../src/modules/context.ts';

// A whole API key as createApiKey makes them: km_ + 8 hex + _ + 43 base64url characters.
const API_KEY = /km_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/;
// Keys this short are test noise ("A", "K1") that would match order numbers and timestamps.
const MIN_CARD_KEY = 8;

/**
 * Everything kept for idempotent replays that looks like a key: a whole API key, or any card key of this
 * database (decrypted, so the scan knows exactly what to look for). Run after every integration suite
 * (startTestApi's stop), so a route that starts answering with a secret fails the suite that used it.
 */
export async function secretsInIdempotencyTable(ctx: Context): Promise<string[]> {
  const { rows } = await ctx.pool.query<{ key: string; path: string; body: string }>(
    `SELECT key, path, response_body AS body FROM idempotency_key WHERE response_body IS NOT NULL`,
  );
  if (rows.length === 0) return [];
  const keys = await ctx.pool.query<{ secret_enc: Buffer }>('SELECT secret_enc FROM card_key');
  const cardKeys = keys.rows.map((r) => ctx.box.open(r.secret_enc)).filter((k) => k.length >= MIN_CARD_KEY);
  const found: string[] = [];
  for (const row of rows) {
    if (API_KEY.test(row.body)) found.push(`${row.path} (key ${row.key}): an API key`);
    const cardKey = cardKeys.find(
      (k) => row.body.includes(k) || row.body.includes(JSON.stringify(k).slice(1, -1)),
    );
    if (cardKey) found.push(`${row.path} (key ${row.key}): card key ${cardKey}`);
  }
  return found;
}
