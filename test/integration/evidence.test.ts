import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachEvidence } from '../../src/modules/evidence/attach-evidence.ts';
import { sweepUnattachedEvidence } from '../../src/modules/evidence/sweep-unattached.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { makeZip } from '../helpers/zip.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let agent: HttpClient;
let merchant: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  [buyer, buyer2, agent, merchant] = [api.client(), api.client(), api.client(), api.client()];
  await Promise.all([
    buyer.login('buyer'),
    buyer2.login('buyer2'),
    agent.login('agent'),
    merchant.login('merchant'),
  ]);
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MiB = 1024 * 1024;

/** A photo-like image (noise does not compress, as real photos barely do). */
function image(format: 'png' | 'jpeg' | 'webp' | 'gif', width = 400, height = 300): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

/** The smallest MP4 start file-type recognises: an `ftyp` box with the isom brand. */
function mp4(): Buffer {
  const ftyp = Buffer.alloc(32);
  ftyp.writeUInt32BE(32, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2avc1mp41', 16, 'latin1');
  return Buffer.concat([ftyp, randomBytes(8000)]);
}

/** An EBML header whose DocType is "webm". */
function webm(): Buffer {
  const el = (id: number[], value: Buffer) => Buffer.from([...id, 0x80 | value.length, ...value]);
  const body = Buffer.concat([
    el([0x42, 0x86], Buffer.from([1])), // EBMLVersion
    el([0x42, 0xf7], Buffer.from([1])), // EBMLReadVersion
    el([0x42, 0xf2], Buffer.from([4])), // EBMLMaxIDLength
    el([0x42, 0xf3], Buffer.from([8])), // EBMLMaxSizeLength
    el([0x42, 0x82], Buffer.from('webm')), // DocType
    el([0x42, 0x87], Buffer.from([4])), // DocTypeVersion
    el([0x42, 0x85], Buffer.from([2])), // DocTypeReadVersion
  ]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length]), body, randomBytes(8000)]);
}

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** Rows and blobs in store, and uploads still being spooled: a refused upload must leave all three as they were. */
async function storedState() {
  const rows = await q('SELECT count(*)::int AS n FROM evidence');
  const spools = (await readdir(os.tmpdir())).filter((n) => n.startsWith('kameng-upload-'));
  return {
    rows: rows.rows[0].n as number,
    blobs: (await filesUnder(api.config.blobDir)).length,
    spools: spools.length,
  };
}

async function expectNothingStored(run: () => Promise<unknown>) {
  const before = await storedState();
  await run();
  expect(await storedState()).toEqual(before);
}

const upload = (client: HttpClient, data: Uint8Array, name: string, type?: string) =>
  client.upload('/api/evidence', { data, name, type });

/**
 * Streams a multipart upload of `total` bytes (`head`, then zeros) over a raw socket, generated as it
 * goes, and resolves with the answer as soon as it arrives — the server answers before the body ends.
 */
function streamUpload(
  client: HttpClient,
  head: Buffer,
  total: number,
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
): Promise<{ status: number; body: any; sent: number; connection: string | undefined }> {
  const boundary = `----kameng${randomBytes(8).toString('hex')}`;
  const zeros = Buffer.alloc(MiB);
  let sent = 0;
  async function* body() {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield head;
    sent = head.length;
    while (sent < total) {
      const n = Math.min(zeros.length, total - sent);
      sent += n;
      yield n === zeros.length ? zeros : zeros.subarray(0, n);
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${client.baseUrl}/api/evidence`, {
      method: 'POST',
      headers: { ...client.headersFor('POST'), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode!,
          body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
          sent,
          connection: res.headers.connection,
        });
      });
    });
    // Once the server has answered and closed, writing the rest fails; that is the point.
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    Readable.from(body())
      .pipe(req)
      .on('error', () => {});
  });
}

describe('uploading images', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)(
    'accepts a %s with its hash, size and a thumbnail, and serves it back',
    async (format, mime) => {
      const bytes = await image(format, 640, 480);
      const res = await upload(buyer, bytes, `截图.${format}`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        evidenceId: expect.stringMatching(/^ev_[A-Za-z0-9_-]{20}$/),
        kind: 'image',
        mime,
        fileName: `截图.${format}`,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        width: 640,
        height: 480,
        url: `/api/evidence/${res.body.evidenceId}`,
        thumbUrl: `/api/evidence/${res.body.evidenceId}/thumb`,
        checks: { sniffed: mime, width: 640, height: 480 },
        members: [],
      });
      const file = await fetch(api.baseUrl + res.body.url, { headers: buyer.headersFor('GET') });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(mime);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      // Its own sandboxing policy, not the web app's.
      expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(file.headers.get('content-disposition')).toMatch(/^inline; /);
      expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(bytes));
      const thumb = await fetch(api.baseUrl + res.body.thumbUrl, { headers: buyer.headersFor('GET') });
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 320, height: 240 });
    },
  );

  it('goes by the bytes, not the name or the Content-Type', async () => {
    const png = await image('png');
    const res = await upload(buyer, png, 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body.mime).toBe('image/png');
  });

  it('refuses a text file named .png, a GIF and an empty file with 415, storing nothing', async () => {
    await expectNothingStored(async () => {
      for (const [data, name] of [
        [Buffer.from('这不是图片 — just text pretending to be a screenshot\n'.repeat(200)), 'screenshot.png'],
        [await image('gif'), 'anim.gif'],
        [Buffer.alloc(0), 'empty.png'],
      ] as const) {
        const res = await upload(buyer, data, name, 'image/png');
        expect(res.status, name).toBe(415);
        expect(res.body.error.code).toBe('EVIDENCE.TYPE_NOT_ALLOWED');
      }
    });
  });

  it('refuses a damaged image with 422', async () => {
    const png = await image('png');
    await expectNothingStored(async () => {
      const res = await upload(buyer, png.subarray(0, Math.floor(png.length / 2)), 'cut.png');
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('EVIDENCE.UNREADABLE');
    });
  });
});

describe('uploading videos', () => {
  it('accepts an mp4 and a webm by their headers, without a thumbnail', async () => {
    for (const [data, mime] of [
      [mp4(), 'video/mp4'],
      [webm(), 'video/webm'],
    ] as const) {
      const res = await upload(buyer, data, 'clip.bin');
      expect(res.status, mime).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'video',
        mime,
        sizeBytes: data.length,
        thumbUrl: null,
        width: null,
      });
      expect((await buyer.get(`${res.body.url}/thumb`)).status).toBe(404);
      expect((await buyer.get(res.body.url)).headers.get('content-type')).toBe(mime);
    }
  });
});

describe('size limits', () => {
  it('cuts a 200 MB upload off at the cap with 413, leaving no row, blob or temp file', {
    timeout: 60_000,
  }, async () => {
    await expectNothingStored(async () => {
      const res = await streamUpload(buyer, mp4(), 200 * MiB);
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'EVIDENCE.TOO_LARGE', details: { kind: 'video' } });
      expect(res.sent).toBeLessThan(200 * MiB);
      // Answered before the body ended: the connection closes rather than drain the rest.
      expect(res.connection).toBe('close');
    });
  });

  it('caps images at 10 MB', async () => {
    const png = await image('png', 64, 64);
    await expectNothingStored(async () => {
      const res = await streamUpload(buyer, png, 11 * MiB);
      expect(res.status).toBe(413);
      expect(res.body.error.details).toMatchObject({ kind: 'image', limitBytes: 10 * MiB });
    });
  });
});

describe('zip archives', () => {
  it('stores a zip of images as the archive plus one row (and thumbnail) per image', async () => {
    const [a, b] = [await image('png', 500, 300), await image('jpeg', 300, 500)];
    const zip = await makeZip([
      { name: '订单截图/', data: Buffer.alloc(0) },
      { name: '订单截图/a.png', data: a, method: 'store' },
      { name: '订单截图/b.jpg', data: b },
      { name: '__MACOSX/订单截图/._a.png', data: Buffer.from('resource fork') },
    ]);
    const res = await upload(buyer, zip, 'evidence.zip');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'archive',
      mime: 'application/zip',
      sizeBytes: zip.length,
      thumbUrl: null,
      checks: { sniffed: 'application/zip', entries: 4, members: 2 },
    });
    expect(res.body.members).toEqual([
      expect.objectContaining({
        kind: 'image',
        mime: 'image/png',
        fileName: 'a.png',
        sha256: sha256(a),
        width: 500,
      }),
      expect.objectContaining({
        kind: 'image',
        mime: 'image/jpeg',
        fileName: 'b.jpg',
        sha256: sha256(b),
        height: 500,
      }),
    ]);
    const rows = await q(
      `SELECT e.public_id, e.thumb_key IS NOT NULL AS thumb, p.public_id AS parent
         FROM evidence e LEFT JOIN evidence p ON p.id = e.parent_id
        WHERE e.public_id = ANY($1) ORDER BY e.id`,
      [[res.body.evidenceId, ...res.body.members.map((m: { evidenceId: string }) => m.evidenceId)]],
    );
    expect(rows.rows.map((r) => [r.thumb, r.parent])).toEqual([
      [false, null],
      [true, res.body.evidenceId],
      [true, res.body.evidenceId],
    ]);
    const member = await fetch(api.baseUrl + res.body.members[0].url, { headers: buyer.headersFor('GET') });
    expect(sha256(new Uint8Array(await member.arrayBuffer()))).toBe(sha256(a));
    expect((await buyer.get(res.body.members[1].thumbUrl)).status).toBe(200);
  });

  it('refuses a zip bomb (200 MB of zeros; or a 1000:1 entry) before inflating it, storing nothing', async () => {
    await expectNothingStored(async () => {
      const total = await upload(buyer, await makeZip([{ name: 'zeros.png', zeros: 200 * MiB }]), 'bomb.zip');
      expect(total.status).toBe(422);
      expect(total.body.error).toMatchObject({
        code: 'EVIDENCE.ARCHIVE_BOMB',
        details: { reason: 'total_too_large' },
      });
      const dense = await upload(buyer, await makeZip([{ name: 'dense.png', zeros: 5 * MiB }]), 'dense.zip');
      expect(dense.body.error).toMatchObject({
        code: 'EVIDENCE.ARCHIVE_BOMB',
        details: { reason: 'ratio_too_high' },
      });
    });
  });

  it('refuses path tricks, symlinks and nested archives as unsafe, storing nothing', async () => {
    const png = await image('png', 32, 32);
    const inner = await makeZip([{ name: 'x.png', data: png }]);
    const cases = [
      [
        [
          { name: 'ok.png', data: png },
          { name: '../x.png', data: png },
        ],
        'bad_path',
      ],
      [[{ name: 'a\\..\\..\\x.png', data: png }], 'bad_path'],
      [[{ name: '/etc/cron.d/x.png', data: png }], 'bad_path'],
      [[{ name: 'link.png', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }], 'symlink'],
      [[{ name: 'inner.zip', data: inner }], 'nested_archive'],
      [[{ name: 'disguised.png', data: inner, method: 'store' }], 'nested_archive'],
    ] as const;
    await expectNothingStored(async () => {
      for (const [entries, reason] of cases) {
        const res = await upload(buyer, await makeZip([...entries]), 'tricks.zip');
        expect(res.status, JSON.stringify(entries.map((e) => e.name))).toBe(422);
        expect(res.body.error).toMatchObject({ code: 'EVIDENCE.ARCHIVE_UNSAFE', details: { reason } });
      }
    });
  });

  it('refuses members that are not images, and a zip with no image', async () => {
    const png = await image('png', 32, 32);
    await expectNothingStored(async () => {
      const txt = await upload(
        buyer,
        await makeZip([
          { name: 'a.png', data: png },
          { name: 'notes.txt', data: Buffer.from('hi') },
        ]),
        'z.zip',
      );
      expect(txt.status).toBe(415);
      expect(txt.body.error).toMatchObject({
        code: 'EVIDENCE.TYPE_NOT_ALLOWED',
        details: { member: 'notes.txt' },
      });
      const fake = await upload(
        buyer,
        await makeZip([{ name: 'a.png', data: Buffer.from('not really a png'.repeat(50)) }]),
        'z.zip',
      );
      expect(fake.status).toBe(415);
      const empty = await upload(buyer, await makeZip([{ name: 'dir/', data: Buffer.alloc(0) }]), 'z.zip');
      expect(empty.body.error.code).toBe('EVIDENCE.ARCHIVE_EMPTY');
    });
  });
});

describe('who may upload and see evidence', () => {
  it('shows evidence to its uploader and staff only, as 404 to anyone else', async () => {
    const res = await upload(buyer, await image('png', 64, 64), 'mine.png');
    for (const path of [res.body.url, res.body.thumbUrl]) {
      expect((await buyer.get(path)).status).toBe(200);
      expect((await agent.get(path)).status).toBe(200);
      expect((await buyer2.get(path)).status).toBe(404);
      expect((await merchant.get(path)).status).toBe(404);
      expect((await api.client().get(path)).status).toBe(401);
    }
    expect((await buyer.get('/api/evidence/ev_doesnotexist00000000')).status).toBe(404);
    expect((await buyer.get('/api/evidence/1')).status).toBe(404);
  });

  it('needs a signed-in buyer or merchant and the CSRF header', async () => {
    const png = await image('png', 32, 32);
    await expectNothingStored(async () => {
      expect((await upload(api.client(), png, 'a.png')).status).toBe(401);
      const forged = await buyer.upload(
        '/api/evidence',
        { data: png, name: 'a.png' },
        { headers: { 'x-csrf-token': 'forged' } },
      );
      expect(forged.status).toBe(403);
      expect(forged.body.error.code).toBe('AUTH.CSRF');
      const missing = await buyer.upload('/api/evidence', { data: png, name: 'a.png' }, { csrf: false });
      expect(missing.body.error.code).toBe('AUTH.CSRF');
      expect((await upload(agent, png, 'a.png')).status).toBe(403);
    });
    expect((await upload(merchant, png, 'a.png')).status).toBe(201);
  });

  it('documents the multipart body in OpenAPI', async () => {
    const doc = (await buyer.get('/openapi.json')).body;
    const post = doc.paths['/api/evidence'].post;
    expect(post.requestBody.content['multipart/form-data'].schema.properties.file).toMatchObject({
      type: 'string',
      format: 'binary',
    });
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '413', '415', '422']));
    expect(doc.paths['/api/refunds/{refundNo}/evidence'].post.requestBody.content).toHaveProperty(
      'multipart/form-data',
    );
  });

  it('wants the file in the `file` part of a multipart body', async () => {
    const png = await image('png', 32, 32);
    const wrong = await buyer.upload('/api/evidence', { data: png, name: 'a.png', field: 'photo' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('EVIDENCE.FILE_REQUIRED');
    const json = await buyer.post('/api/evidence', { file: 'aGVsbG8=' });
    expect(json.status).toBe(415);
  });
});

describe('evidence on a refund case', () => {
  async function openCase(): Promise<string> {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 10_000 });
    await addKeys(api.ctx, productId, 1);
    const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
    await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'alipay' });
    const res = await buyer.post('/api/refunds', {
      orderNo: order.orderNo,
      type: 'not_as_described',
      description: `订单号${order.orderNo}今天上午10点支付，卡密与商品页面描述不符，面值显示错误`,
    });
    expect(res.status).toBe(201);
    return res.body.refundNo;
  }
  const caseId = async (refundNo: string) =>
    Number((await q('SELECT id FROM refund_case WHERE refund_no = $1', [refundNo])).rows[0].id);

  it('adds a file to the open case with a timeline entry; the case’s merchant may then see it', async () => {
    const refundNo = await openCase();
    // A file name often carries a person's name or phone number: the shop sees the file, not its name.
    const name = '到账截图-张三-13800138000.png';
    const res = await buyer.upload(`/api/refunds/${refundNo}/evidence`, { data: await image('png'), name });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ refundNo, kind: 'image' });
    const list = await merchant.get(`/api/refunds/${refundNo}/evidence`);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        evidenceId: res.body.evidenceId,
        uploadedByRole: 'buyer',
        parentId: null,
        fileName: '凭证-01.png',
        checks: { sniffed: 'image/png' },
      }),
    ]);
    expect(JSON.stringify((await merchant.get(`/api/refunds/${refundNo}`)).body)).not.toContain(
      '13800138000',
    );
    expect((await buyer.get(`/api/refunds/${refundNo}/evidence`)).body.items[0].fileName).toBe(name);
    const file = await merchant.get(res.body.url);
    expect(file.status).toBe(200);
    const thumb = await fetch(`${api.baseUrl}${res.body.url}/thumb`, { headers: merchant.headersFor('GET') });
    for (const served of [file.headers, thumb.headers])
      expect(served.get('content-disposition')).not.toMatch(/13800138000|%E5%BC%A0/);
    expect(thumb.headers.get('content-disposition')).toContain(`${res.body.evidenceId}.thumb.webp`);
    expect((await buyer2.get(res.body.url)).status).toBe(404);
    expect((await buyer2.get(`/api/refunds/${refundNo}/evidence`)).status).toBe(404);
    const events = await q(
      `SELECT kind, from_state, to_state, actor_role FROM refund_case_event WHERE case_id = $1 ORDER BY id`,
      [await caseId(refundNo)],
    );
    expect(events.rows.at(-1)).toEqual({
      kind: 'evidence_added',
      from_state: 'submitted',
      to_state: 'submitted',
      actor_role: 'buyer',
    });
  });

  it('refuses other people’s cases and closed cases, storing nothing', async () => {
    const refundNo = await openCase();
    const png = await image('png', 32, 32);
    await expectNothingStored(async () => {
      expect(
        (await buyer2.upload(`/api/refunds/${refundNo}/evidence`, { data: png, name: 'a.png' })).status,
      ).toBe(404);
      expect(
        (await merchant.upload(`/api/refunds/${refundNo}/evidence`, { data: png, name: 'a.png' })).status,
      ).toBe(403);
    });
    await buyer.post(`/api/refunds/${refundNo}/withdraw`, {});
    await expectNothingStored(async () => {
      const res = await buyer.upload(`/api/refunds/${refundNo}/evidence`, { data: png, name: 'a.png' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('EVIDENCE.CASE_NOT_OPEN');
    });
  });

  it('attaches only the owner’s unattached uploads, archive members along, within the case limit', async () => {
    const refundNo = await openCase();
    const id = await caseId(refundNo);
    const png = await image('png', 32, 32);
    const zip = (
      await upload(
        buyer,
        await makeZip([
          { name: 'a.png', data: png },
          { name: 'b.png', data: await image('png', 33, 33) },
        ]),
        'z.zip',
      )
    ).body;
    const single = (await upload(buyer, png, 'a.png')).body;
    const others = (await upload(buyer2, png, 'a.png')).body;
    const attach = (publicIds: string[], maxPerCase?: number) =>
      inTransaction(api.ctx.db, (tx) =>
        attachEvidence(tx, { publicIds, ownerId: ids.buyerId, caseId: id, maxPerCase }),
      );
    await expect(attach([others.evidenceId])).rejects.toMatchObject({ code: 'EVIDENCE.NOT_FOUND' });
    await expect(attach([zip.members[0].evidenceId])).rejects.toMatchObject({ code: 'EVIDENCE.NOT_FOUND' });
    await expect(attach([zip.evidenceId, single.evidenceId], 2)).rejects.toMatchObject({
      code: 'EVIDENCE.CASE_LIMIT',
      details: { limit: 'files', max: 2, would: 3 },
    });
    const done = await attach([zip.evidenceId, single.evidenceId, zip.evidenceId]);
    expect(done).toMatchObject({
      added: { files: 3, bytes: zip.sizeBytes + single.sizeBytes },
      usage: { files: 3 },
    });
    await expect(attach([single.evidenceId])).rejects.toMatchObject({ code: 'EVIDENCE.ALREADY_ATTACHED' });
    const list = (await agent.get(`/api/refunds/${refundNo}/evidence`)).body.items;
    expect(
      list.map((e: { evidenceId: string; parentId: string | null }) => [e.evidenceId, e.parentId]),
    ).toEqual([
      [zip.evidenceId, null],
      [zip.members[0].evidenceId, zip.evidenceId],
      [zip.members[1].evidenceId, zip.evidenceId],
      [single.evidenceId, null],
    ]);
    expect((await merchant.get(zip.members[1].url)).status).toBe(200);
  });
});

describe('uploads never attached to a case', () => {
  it('are removed with their members, thumbnails and bytes after a day; attached and recent ones stay', async () => {
    const old = (await upload(buyer, await image('png'), 'abandoned.png')).body;
    const oldZip = (
      await upload(
        buyer,
        await makeZip([
          { name: 'a.png', data: await image('png', 200, 100) },
          { name: 'b.jpg', data: await image('jpeg', 100, 200) },
        ]),
        'abandoned.zip',
      )
    ).body;
    const recent = (await upload(buyer, await image('webp'), 'in-progress.webp')).body;
    const [attachedCase] = (await q('SELECT id FROM evidence WHERE case_id IS NOT NULL LIMIT 1')).rows;
    expect(attachedCase).toBeDefined();
    const ids = [
      old.evidenceId,
      oldZip.evidenceId,
      ...oldZip.members.map((m: { evidenceId: string }) => m.evidenceId),
    ];
    const rowsOf = async (publicIds: string[]) =>
      (await q('SELECT public_id, blob_key, thumb_key FROM evidence WHERE public_id = ANY($1)', [publicIds]))
        .rows;
    const keys = (await rowsOf(ids)).flatMap((r) => [r.blob_key, r.thumb_key].filter(Boolean));
    expect(keys.length).toBeGreaterThanOrEqual(7);
    for (const k of keys) expect(await api.ctx.blobs.exists(k)).toBe(true);
    // A day and an hour pass for the abandoned ones (and for one already attached to a case).
    await q(
      "UPDATE evidence SET created_at = now() - interval '25 hours' WHERE public_id = ANY($1) OR id = $2",
      [ids, attachedCase.id],
    );
    const before = await storedState();

    expect(await sweepUnattachedEvidence(api.ctx.db, api.ctx.blobs, new Date())).toBe(ids.length);

    expect(await rowsOf(ids)).toEqual([]);
    for (const k of keys) expect(await api.ctx.blobs.exists(k)).toBe(false);
    expect(await rowsOf([recent.evidenceId])).toHaveLength(1);
    expect((await q('SELECT 1 FROM evidence WHERE id = $1', [attachedCase.id])).rows).toHaveLength(1);
    const after = await storedState();
    expect(before.rows - after.rows).toBe(ids.length);
    expect(before.blobs - after.blobs).toBe(keys.length);
    expect(await sweepUnattachedEvidence(api.ctx.db, api.ctx.blobs, new Date())).toBe(0);
  });
});
