import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
import type { SimulatedSmsSender } from '../../src/modules/identity/simulated-sms.ts';
import { SecretBox } from '../../src/platform/secret-box.ts';
import { type HttpClient, startTestApi, TEST_CARD_KEY_SECRET } from '../helpers/app.ts';
import { makeBuyers } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
const realNow = () => new Date();
beforeAll(async () => {
  api = await startTestApi();
});
afterEach(() => {
  api.ctx.now = realNow;
});
afterAll(() => api.stop());

const q = (text: string, params: unknown[] = []) => api.db.database.pool.query(text, params);
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
const ID = withCheck('33010619900101123');
const good = { realName: '张小明', idNumber: ID, phone: '13812345678' };
const outbox = () => (api.ctx.identity.sms as SimulatedSmsSender).outbox;
let buyerSerial = 0;

/** A buyer of its own, signed in (every test its own limits and its own verification). */
async function freshBuyer(): Promise<{ client: HttpClient; userId: number }> {
  const [name] = await makeBuyers(api.ctx, `id-buyer-${++buyerSerial}-${Date.now()}`, 1);
  const client = api.client();
  const user = await client.login(name!);
  return { client, userId: user.id };
}
const lastCode = (userId: number) =>
  outbox()
    .filter((m) => m.userId === userId)
    .at(-1)!.code;
/** Moves the API's clock by `ms` from the real time. */
const shiftClock = (ms: number) => {
  api.ctx.now = () => new Date(Date.now() + ms);
};

describe('identity verification (实名认证)', () => {
  it('walks none → pending → verified, with masks only, the code as a 【模拟短信】 site message', async () => {
    const { client, userId } = await freshBuyer();
    expect((await client.get('/api/me/identity')).body).toEqual({
      status: 'none',
      realNameMask: null,
      idNumberMask: null,
      phoneMask: null,
      verifiedAt: null,
      codeExpiresAt: null,
    });
    const started = await client.post('/api/me/identity', good);
    expect(started.status).toBe(200);
    expect(started.body.phoneMask).toBe('138****5678');
    expect(Date.parse(started.body.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    const pending = (await client.get('/api/me/identity')).body;
    expect(pending).toMatchObject({
      status: 'pending',
      realNameMask: '张*明',
      idNumberMask: '3301**********1234'.replace('1234', ID.slice(-4)),
      phoneMask: '138****5678',
      verifiedAt: null,
      codeExpiresAt: started.body.expiresAt,
    });

    const inbox = (await client.get('/api/messages')).body.items;
    const sms = inbox.find((m: { kind: string }) => m.kind === 'sms.simulated');
    expect(sms.title.zh).toContain('【模拟短信】');
    const code = sms.body.zh.match(/验证码是 (\d{6})/)[1];
    expect(code).toBe(lastCode(userId));

    const wrong = await client.post('/api/me/identity/confirm', {
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'IDENTITY.CODE_WRONG', details: { triesLeft: 4 } });

    const confirmed = await client.post('/api/me/identity/confirm', { code });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'verified',
      realNameMask: '张*明',
      phoneMask: '138****5678',
    });
    expect(confirmed.body.verifiedAt).toEqual(expect.any(String));

    const replay = await client.post('/api/me/identity/confirm', { code });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('IDENTITY.CODE_USED');
    const again = await client.post('/api/me/identity', good);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IDENTITY.ALREADY_VERIFIED');

    // Stored sealed with the identity key (not the card-key one), plus an HMAC; plaintext nowhere.
    const row = (await q('SELECT * FROM identity_verification WHERE user_id = $1', [userId])).rows[0];
    const secret = Buffer.from(TEST_CARD_KEY_SECRET, 'base64');
    expect(new SecretBox(secret, 'identity').open(row.id_number_enc)).toBe(ID);
    expect(() => new SecretBox(secret).open(row.id_number_enc)).toThrow();
    expect(row.id_number_mac).toBe(new SecretBox(secret, 'identity').fingerprint(`id:${ID}`));
    const stored =
      JSON.stringify(row) +
      JSON.stringify((await q('SELECT * FROM otp_challenge WHERE user_id = $1', [userId])).rows);
    for (const plain of [ID, '张小明', '13812345678', code]) expect(stored).not.toContain(plain);
    const audit = (
      await q(
        `SELECT action, data FROM audit_log WHERE subject = $1 AND action LIKE 'identity.%' ORDER BY id`,
        [`user:${userId}`],
      )
    ).rows;
    expect(audit.map((a) => a.action)).toEqual([
      'identity.attempt',
      'identity.start',
      'identity.code_wrong',
      'identity.verified',
    ]);
    const auditText = JSON.stringify(audit);
    for (const plain of [ID, '张小明', '13812345678']) expect(auditText).not.toContain(plain);
    expect(auditText).toContain('138****5678');
  });

  it('refuses malformed details with a distinct 4xx each, before the provider is asked', async () => {
    const { client } = await freshBuyer();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...good, idNumber: `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}` }, 400, 'IDENTITY.ID_CHECKSUM'],
      [{ ...good, idNumber: withCheck('33010619990230123') }, 400, 'IDENTITY.ID_BIRTH_DATE'],
      [{ ...good, idNumber: withCheck('33010621000101123') }, 400, 'IDENTITY.ID_BIRTH_DATE'],
      [{ ...good, idNumber: '330106900101123' }, 400, 'IDENTITY.ID_OLD_FORMAT'],
      [{ ...good, idNumber: withCheck('99010619900101123') }, 400, 'IDENTITY.ID_REGION'],
      [{ ...good, idNumber: 'abc' }, 400, 'IDENTITY.ID_FORMAT'],
      [{ ...good, realName: '张' }, 400, 'IDENTITY.NAME_INVALID'],
      [{ ...good, realName: '<script>' }, 400, 'IDENTITY.NAME_INVALID'],
      [{ ...good, phone: '12345678901' }, 400, 'IDENTITY.PHONE_INVALID'],
      [{ ...good, realName: '张\u0000明' }, 400, 'REQUEST.VALIDATION'],
      [{ ...good, idNumber: `${ID}\u0000` }, 400, 'REQUEST.VALIDATION'],
      [{ ...good, idNumber: '1'.repeat(100_000) }, 400, 'REQUEST.VALIDATION'],
      [{ ...good, realName: '张'.repeat(400_000) }, 413, 'REQUEST.TOO_LARGE'],
      [{ realName: '张小明' }, 400, 'REQUEST.VALIDATION'],
      [{ ...good, phone: 13812345678 }, 400, 'REQUEST.VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await client.post('/api/me/identity', body);
      expect([res.status, res.body?.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
    }
    const confirm = [
      [{ code: '12345' }, 'REQUEST.VALIDATION'],
      [{ code: '12345\u0000' }, 'REQUEST.VALIDATION'],
      [{ code: '9'.repeat(50_000) }, 'REQUEST.VALIDATION'],
      [{ code: '123456' }, 'IDENTITY.NO_CODE'],
    ] as const;
    for (const [body, code] of confirm)
      expect((await client.post('/api/me/identity/confirm', body)).body.error.code).toBe(code);
    // Nothing reached the provider or the SMS gateway: no attempt was counted.
    expect((await client.get('/api/me/identity')).body.status).toBe('none');
  });

  it('is for buyers, with a session’s CSRF token', async () => {
    const agent = api.client();
    await agent.login('agent');
    expect((await agent.get('/api/me/identity')).status).toBe(403);
    expect((await agent.post('/api/me/identity', good)).status).toBe(403);
    expect((await api.client().get('/api/me/identity')).status).toBe(401);
    const { client } = await freshBuyer();
    const noCsrf = await client.post('/api/me/identity', good, { csrf: false });
    expect(noCsrf.body.error.code).toBe('AUTH.CSRF');
  });

  it('says when the simulated provider finds a mismatch (王不符) or is down (测试故障)', async () => {
    const { client } = await freshBuyer();
    const mismatch = await client.post('/api/me/identity', { ...good, realName: '王不符' });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'IDENTITY.MISMATCH']);
    const down = await client.post('/api/me/identity', { ...good, realName: '测试故障' });
    expect([down.status, down.body.error.code]).toEqual([503, 'IDENTITY.PROVIDER_UNAVAILABLE']);
    expect((await client.get('/api/me/identity')).body.status).toBe('none');
  });

  it('sends at most one code a minute and five an hour', async () => {
    const { client, userId } = await freshBuyer();
    expect((await client.post('/api/me/identity', good)).status).toBe(200);
    const soon = await client.post('/api/me/identity', good);
    expect([soon.status, soon.body.error.code]).toEqual([429, 'IDENTITY.CODE_TOO_SOON']);
    expect(Date.parse(soon.body.error.details.retryAt)).toBeGreaterThan(Date.now() + 50_000);
    for (let i = 1; i <= 4; i++) {
      shiftClock(i * 61_000);
      expect((await client.post('/api/me/identity', good)).status, `code ${i + 1}`).toBe(200);
    }
    shiftClock(5 * 61_000);
    const hourly = await client.post('/api/me/identity', good);
    expect([hourly.status, hourly.body.error.code]).toEqual([429, 'IDENTITY.CODE_LIMIT']);
    // Only the latest code counts: an earlier one is refused, the latest verifies.
    const codes = outbox().filter((m) => m.userId === userId);
    expect(codes).toHaveLength(5);
    if (codes[0]!.code !== codes[4]!.code) {
      const old = await client.post('/api/me/identity/confirm', { code: codes[0]!.code });
      expect(old.body.error.code).toBe('IDENTITY.CODE_WRONG');
    }
    expect((await client.post('/api/me/identity/confirm', { code: codes[4]!.code })).status).toBe(200);
  });

  it('allows ten verification attempts a day, failed ones included', async () => {
    const { client } = await freshBuyer();
    for (let i = 0; i < 10; i++) {
      shiftClock(i * 61_000);
      const res = await client.post('/api/me/identity', { ...good, realName: '王不符' });
      expect(res.body.error.code, `attempt ${i + 1}`).toBe('IDENTITY.MISMATCH');
    }
    shiftClock(11 * 61_000);
    const over = await client.post('/api/me/identity', good);
    expect([over.status, over.body.error.code]).toEqual([429, 'IDENTITY.TOO_MANY_ATTEMPTS']);
    shiftClock(86_400_000 + 1000);
    expect((await client.post('/api/me/identity', good)).status).toBe(200);
  });

  it('refuses an expired code, and a code after five wrong tries', async () => {
    const { client, userId } = await freshBuyer();
    await client.post('/api/me/identity', good);
    shiftClock(5 * 60_000 + 1000);
    const expired = await client.post('/api/me/identity/confirm', { code: lastCode(userId) });
    expect([expired.status, expired.body.error.code]).toEqual([410, 'IDENTITY.CODE_EXPIRED']);

    shiftClock(6 * 60_000);
    await client.post('/api/me/identity', good);
    const code = lastCode(userId);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push((await client.post('/api/me/identity/confirm', { code: wrongCode })).body.error);
    expect(answers.map((e) => e.details?.triesLeft ?? e.code)).toEqual([4, 3, 2, 1, 'IDENTITY.CODE_LOCKED']);
    const locked = await client.post('/api/me/identity/confirm', { code });
    expect([locked.status, locked.body.error.code]).toEqual([429, 'IDENTITY.CODE_LOCKED']);
  });

  it('verifies exactly once when twenty confirms race with the right code', async () => {
    const { client, userId } = await freshBuyer();
    await client.post('/api/me/identity', good);
    const code = lastCode(userId);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => client.post('/api/me/identity/confirm', { code })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(
      Array(19).fill('IDENTITY.CODE_USED'),
    );
    const verified = await q(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject = $1 AND action = 'identity.verified'`,
      [`user:${userId}`],
    );
    expect(verified.rows[0].n).toBe(1);
  });

  it('finds one identity behind two accounts by its HMAC, without decrypting', async () => {
    const a = await freshBuyer();
    const b = await freshBuyer();
    await a.client.post('/api/me/identity', good);
    await b.client.post('/api/me/identity', { ...good, phone: '13912345678' });
    const macs = await q('SELECT id_number_mac FROM identity_verification WHERE user_id = ANY($1)', [
      [a.userId, b.userId],
    ]);
    expect(macs.rows).toHaveLength(2);
    expect(macs.rows[0].id_number_mac).toBe(macs.rows[1].id_number_mac);
  });
});

describe('identity data and idempotency', () => {
  it('keeps no hash of an identity body for replays (the Idempotency-Key is ignored there)', async () => {
    const { client } = await freshBuyer();
    const headers = { 'idempotency-key': 'identity-1' };
    expect((await client.post('/api/me/identity', good, { headers })).status).toBe(200);
    const again = await client.post('/api/me/identity', good, { headers });
    expect([again.status, again.body.error.code]).toEqual([429, 'IDENTITY.CODE_TOO_SOON']);
    const stored = await q(`SELECT count(*)::int AS n FROM idempotency_key WHERE key = 'identity-1'`);
    expect(stored.rows[0].n).toBe(0);
  });
});
