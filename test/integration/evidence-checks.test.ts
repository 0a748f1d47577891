import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../src/cli/evidence.ts';
import { OcrEngine, ocrCheck } from '../../src/modules/evidence/checks/ocr.ts';
import { recheckSince } from '../../src/modules/evidence/checks/recheck.ts';
import { runEvidenceChecks } from '../../src/modules/evidence/checks/run-checks.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { orderScreenshot } from '../helpers/screenshots.ts';

// Issue 15: evidence checks (凭证核验) — queued with the upload, run by the worker, hints never verdicts.
let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let agent: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  await setBalance(api.ctx, ids.buyer2Id, 10_000_000);
  [buyer, buyer2, agent] = [api.client(), api.client(), api.client()];
  await Promise.all([buyer.login('buyer'), buyer2.login('buyer2'), agent.login('agent')]);
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);
const deps = () => ({ db: api.ctx.db, blobs: api.ctx.blobs });

/** A one-second MP4 (H.264) showing this picture, made with the ffmpeg Kameng ships. */
async function screenRecording(png: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-rec-'));
  try {
    await writeFile(path.join(dir, 'frame.png'), png);
    const out = path.join(dir, 'rec.mp4');
    await promisify(execFile)(ffmpeg.path, [
      ...['-hide_banner', '-loglevel', 'error', '-loop', '1', '-i', path.join(dir, 'frame.png')],
      ...['-t', '1', '-r', '5', '-c:v', 'libx264', '-crf', '18', '-pix_fmt', 'yuv420p'],
      ...['-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', out],
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function upload(client: HttpClient, data: Buffer, name = '截图.png') {
  const res = await client.upload('/api/evidence', { data, name });
  expect(res.status, res.text).toBe(201);
  const { rows } = await q('SELECT id FROM evidence WHERE public_id = $1', [res.body.evidenceId]);
  return { publicId: res.body.evidenceId as string, id: Number(rows[0].id) };
}

/** A picture with content (a gradient with noise), different for every seed. */
function picture(seed: number, width = 900, height = 1600): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  const rnd = randomBytes(width * height);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const v = (Math.sin((x * (seed + 3)) / 97) + Math.cos((y * (seed + 5)) / 131)) * 60 + 128;
    px[i * 3] = v;
    px[i * 3 + 1] = (v + seed * 40) % 256;
    px[i * 3 + 2] = ((rnd[i]! % 16) + v) % 256;
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

async function paidOrder(client: HttpClient): Promise<{ orderNo: string; paidFen: number }> {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 5000 });
  await addKeys(api.ctx, productId, 1);
  const { body } = await client.post('/api/orders', { productId, quantity: 1 });
  const paid = await client.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' });
  expect(paid.status, paid.text).toBe(200);
  return { orderNo: body.orderNo, paidFen: 5000 };
}

describe('checks after an upload', () => {
  it('are queued in the upload transaction, pending until the worker runs them, then shown', async () => {
    const img = await picture(1);
    const up = await upload(buyer, img);
    const jobs = await q(
      "SELECT data FROM pgboss.job WHERE name = 'evidence.check' AND data->'evidenceIds' @> $1::jsonb",
      [JSON.stringify([up.id])],
    );
    expect(jobs.rows).toHaveLength(1);
    const before = await buyer.get(`/api/evidence/${up.publicId}/checks`);
    expect(before.status).toBe(200);
    expect(before.body.every((c: { status: string }) => c.status === 'pending')).toBe(true);

    const checks = await runEvidenceChecks(deps(), up.id);
    expect(checks?.map((c) => c.kind)).toEqual(['duplicate', 'metadata', 'plausibility']);
    const after = await buyer.get(`/api/evidence/${up.publicId}/checks`);
    expect(after.body).toEqual([
      expect.objectContaining({ kind: 'duplicate', status: 'ok', reasonEn: 'Not seen before' }),
      expect.objectContaining({ kind: 'metadata', status: 'ok' }),
      expect.objectContaining({ kind: 'plausibility', status: 'ok' }),
    ]);
    // Someone else's file stays invisible, checks included.
    expect((await buyer2.get(`/api/evidence/${up.publicId}/checks`)).status).toBe(404);
    // A re-check replaces the results rather than adding rows.
    await runEvidenceChecks(deps(), up.id);
    const { rows } = await q('SELECT count(*)::int AS n FROM evidence_check WHERE evidence_id = $1', [up.id]);
    expect(rows[0].n).toBe(3);
  });

  it("finds another account's re-encoded or resized copy (a warning and a risk signal), the buyer's own is fine", async () => {
    const original = await picture(2);
    const first = await upload(buyer, original);
    await runEvidenceChecks(deps(), first.id);
    const different = await upload(buyer, await picture(3));
    const [diff] = (await runEvidenceChecks(deps(), different.id))!;
    expect(diff).toMatchObject({ kind: 'duplicate', result: 'ok', reasonEn: 'Not seen before' });

    const own = await upload(buyer, await sharp(original).jpeg({ quality: 60 }).toBuffer(), 'again.jpg');
    const [mine] = (await runEvidenceChecks(deps(), own.id))!;
    expect(mine).toMatchObject({
      kind: 'duplicate',
      result: 'ok',
      reasonZh: expect.stringContaining('本人之前上传过'),
    });

    const copy = await sharp(original).resize({ width: 600 }).jpeg({ quality: 70 }).toBuffer();
    const theirs = await upload(buyer2, copy, 'copy.jpg');
    const [dup] = (await runEvidenceChecks(deps(), theirs.id))!;
    expect(dup).toMatchObject({
      kind: 'duplicate',
      result: 'warn',
      reasonZh: '与其他账户的凭证相同（2 个文件，近似）',
    });
    expect((dup!.details.matches as { evidenceId: string }[]).map((m) => m.evidenceId).sort()).toEqual(
      [first.publicId, own.publicId].sort(),
    );

    // Submitted with that file, buyer2's case carries the risk signal the rules hold on.
    const { orderNo } = await paidOrder(buyer2);
    const res = await buyer2.post('/api/refunds', {
      orderNo,
      type: 'not_as_described',
      description: `订单号${orderNo}今天上午10点支付，卡密与商品页面描述不符，面值显示错误`,
      evidenceIds: [theirs.publicId],
    });
    expect(res.status, res.text).toBe(201);
    const risk = await agent.get(`/api/review/${res.body.refundNo}/risk`);
    const signal = risk.body.signals.find((s: { id: string }) => s.id === 'evidenceReusedByOthers');
    expect(signal).toMatchObject({ value: 1 });
    expect(risk.body.rules.map((r: { id: string }) => r.id)).toContain('R-EVIDENCE-REUSED');
  });

  it('does not count a picture the shop uploaded first as reuse: the buyer was given it', async () => {
    const shop = api.client();
    await shop.login('merchant');
    const sent = await picture(21);
    const fromShop = await upload(shop, sent, '补发截图.png');
    await runEvidenceChecks(deps(), fromShop.id);
    const reused = await upload(buyer2, sent, '商家发的截图.png');
    const [dup] = (await runEvidenceChecks(deps(), reused.id))!;
    expect(dup).toMatchObject({ kind: 'duplicate', result: 'ok', reasonEn: 'Not seen before' });
    const { orderNo } = await paidOrder(buyer2);
    const res = await buyer2.post('/api/refunds', {
      orderNo,
      type: 'not_as_described',
      description: `订单号${orderNo}今天上午10点支付，卡密与商品页面描述不符，面值显示错误`,
      evidenceIds: [reused.publicId],
    });
    expect(res.status, res.text).toBe(201);
    const risk = await agent.get(`/api/review/${res.body.refundNo}/risk`);
    expect(risk.body.signals.find((s: { id: string }) => s.id === 'evidenceReusedByOthers')).toMatchObject({
      value: 0,
    });
    expect(risk.body.rules.map((r: { id: string }) => r.id)).not.toContain('R-EVIDENCE-REUSED');
  });

  it('notes a blank picture, editing software and a camera photo, as hints', async () => {
    const blank = await upload(
      buyer,
      await sharp({ create: { width: 1080, height: 2340, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    const b = await runEvidenceChecks(deps(), blank.id);
    expect(b?.find((c) => c.kind === 'plausibility')).toMatchObject({
      result: 'fail',
      reasonZh: expect.stringContaining('空白'),
    });
    const edited = await sharp(await picture(4))
      .withExif({ IFD0: { Software: 'Adobe Photoshop 25.0', Make: 'Apple' } })
      .jpeg()
      .toBuffer();
    const e = await upload(buyer, edited, 'edited.jpg');
    const checks = await runEvidenceChecks(deps(), e.id);
    expect(checks?.find((c) => c.kind === 'metadata')).toMatchObject({
      result: 'warn',
      reasonEn: expect.stringContaining('Photoshop'),
    });
  });
});

/** A PNG that says it is width × height pixels (10 gigapixels decode to tens of GB) over a few bytes of data. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey), no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('bad input', () => {
  /** Uploads a good image, then puts other bytes under its key — files that passed upload can still rot. */
  async function storedAs(bytes: Buffer) {
    const up = await upload(buyer, await picture(9, 300, 300));
    const { rows } = await q('SELECT blob_key FROM evidence WHERE id = $1', [up.id]);
    await api.ctx.blobs.put(rows[0].blob_key, bytes);
    return up;
  }

  it('a truncated, a corrupt and a decompression-bomb file get an "error" result with the reason; the upload stays', async () => {
    const png = await picture(5);
    const bomb = pngHeaderOnly(100_000, 100_000);
    for (const [bytes, reason] of [
      [png.subarray(0, png.length / 2), 'truncated or corrupt'],
      [randomBytes(5000), 'does not decode'],
      [bomb, 'too many pixels'],
    ] as const) {
      const up = await storedAs(bytes);
      const checks = await runEvidenceChecks(deps(), up.id);
      expect(checks?.map((c) => c.result)).toEqual(['error', 'error', 'error']);
      expect(checks?.[0]?.reasonEn).toContain(reason);
      const { rows } = await q('SELECT 1 FROM evidence WHERE id = $1', [up.id]);
      expect(rows).toHaveLength(1);
      const shown = await buyer.get(`/api/evidence/${up.publicId}/checks`);
      expect(shown.body.map((c: { status: string }) => c.status)).toEqual(['error', 'error', 'error']);
    }
  }, 60_000);

  it('an animation of 3000 frames costs one frame; garbage metadata reads as none', async () => {
    const frame = 64 * 64 * 3;
    const frames = Buffer.alloc(frame * 3000);
    for (let i = 0; i < 3000; i++) {
      frames.fill(255, i * frame, i * frame + frame / 2);
      frames.fill(i % 200, i * frame + frame / 2, (i + 1) * frame);
    }
    const gif = await sharp(frames, {
      raw: { width: 64, height: 64 * 3000, channels: 3, pageHeight: 64 },
    } as never)
      .gif()
      .toBuffer();
    const anim = await storedAs(gif);
    const started = Date.now();
    const checks = await runEvidenceChecks(deps(), anim.id);
    expect(Date.now() - started).toBeLessThan(5000);
    // (libvips' GIF writer merges some frames; hundreds are left.)
    expect(checks?.find((c) => c.kind === 'plausibility')).toMatchObject({
      result: 'warn',
      reasonEn: expect.stringMatching(/^An animation of \d{3,} frames; only the first was checked$/),
    });

    // An EXIF block that points its IFD at itself, a huge count and text full of control characters.
    const jpeg = await sharp(await picture(6, 400, 400))
      .jpeg()
      .toBuffer();
    const tiff = Buffer.alloc(64);
    tiff.write('MM\0*', 0, 'latin1');
    tiff.writeUInt32BE(8, 4); // IFD0 at 8
    tiff.writeUInt16BE(2, 8); // two entries
    tiff.writeUInt16BE(0x0131, 10); // Software, ASCII, a count far beyond the block
    tiff.writeUInt16BE(2, 12);
    tiff.writeUInt32BE(0x7fffffff, 14);
    tiff.writeUInt32BE(40, 18);
    tiff.writeUInt16BE(0x8769, 22); // Exif IFD pointing back at IFD0
    tiff.writeUInt16BE(4, 24);
    tiff.writeUInt32BE(1, 26);
    tiff.writeUInt32BE(8, 30);
    tiff.writeUInt32BE(8, 34); // next IFD: itself
    const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const seg = Buffer.alloc(4);
    seg.writeUInt16BE(0xffe1, 0);
    seg.writeUInt16BE(app1.length + 2, 2);
    const evil = Buffer.concat([jpeg.subarray(0, 2), seg, app1, jpeg.subarray(2)]);
    const up = await storedAs(evil);
    const res = await runEvidenceChecks(deps(), up.id);
    expect(res?.map((c) => c.result)).not.toContain('error');
  }, 60_000);
});

describe('re-check', () => {
  it('an admin queues every image since a day again; others may not; the CLI path runs them with progress', async () => {
    const admin = api.client();
    await admin.login('admin');
    const { rows } = await q(
      "SELECT count(*)::int AS n FROM evidence WHERE kind = 'image' AND created_at >= now() - interval '1 day'",
    );
    const before = await q("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'evidence.check'");
    const since = new Date(Date.now() - 86_400_000).toISOString();
    expect((await buyer.post('/api/admin/evidence/recheck', { since })).status).toBe(403);
    expect((await admin.post('/api/admin/evidence/recheck', { since: 'yesterday' })).status).toBe(400);
    const res = await admin.post('/api/admin/evidence/recheck', { since });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toEqual({ images: rows[0].n, jobs: Math.ceil(rows[0].n / 50) });
    const after = await q("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'evidence.check'");
    expect(after.rows[0].n - before.rows[0].n).toBe(res.body.jobs);
    const audit = await q("SELECT data FROM audit_log WHERE action = 'evidence.recheck'");
    expect(audit.rows[0].data).toMatchObject({ images: rows[0].n });

    const seen: number[] = [];
    const run = await recheckSince(deps(), new Date(since), (done) => seen.push(done));
    expect(run.images).toBe(rows[0].n);
    expect(seen.at(-1)).toBe(rows[0].n);
    expect(run.results['duplicate:warn']).toBeGreaterThanOrEqual(1);
    expect(parseSince('2026-02-30')).toBeNull();
    expect(parseSince('2026-12-01')?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  }, 60_000);
});

describe('OCR (tesseract.js, chi_sim from node_modules)', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await OcrEngine.start(1);
  }, 60_000);
  afterAll(() => engine?.stop());

  it('reads the order number, amount and time; the buyer sees whether the number was found before submitting', async () => {
    const { orderNo } = await paidOrder(buyer);
    const { rows } = await q(
      "SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS t FROM shop_order WHERE order_no = $1",
      [orderNo],
    );
    const good = await orderScreenshot([
      '发货成功',
      `订单号：${orderNo}`,
      '实付金额：¥50.00',
      `下单时间：${rows[0].t}`,
    ]);
    const up = await upload(buyer, good);
    await runEvidenceChecks({ ...deps(), ocr: (b) => ocrCheck(engine, b) }, up.id);
    const seen = await buyer.get(`/api/evidence/${up.publicId}/checks?orderNo=${orderNo}`);
    const ocr = seen.body.find((c: { kind: string }) => c.kind === 'ocr');
    expect(ocr).toMatchObject({ status: 'ok', reasonZh: `订单号一致 ¥50.00 ${rows[0].t.slice(0, 16)}` });
    expect(ocr.data.regions.length).toBeGreaterThan(0);

    const cropped = await orderScreenshot(['充值失败', '请联系客服', `余额：¥0.00`]);
    const bad = await upload(buyer, cropped);
    await runEvidenceChecks({ ...deps(), ocr: (b) => ocrCheck(engine, b) }, bad.id);
    const hint = await buyer.get(`/api/evidence/${bad.publicId}/checks?orderNo=${orderNo}`);
    const miss = hint.body.find((c: { kind: string }) => c.kind === 'ocr');
    expect(miss).toMatchObject({ status: 'fail', reasonZh: expect.stringMatching(/^未识别到订单号/) });
    expect(miss.data.facts.keyWords).toEqual(expect.arrayContaining(['充值失败', '余额']));

    // Another account's screenshot of the same page for another order: a perceptual hash cannot tell
    // it from a copy, the OCR'd order numbers and text can (both earlier screenshots count as such).
    // Their re-encoded copy of the first one is a copy.
    const ocrDeps = { ...deps(), ocr: (b: Buffer) => ocrCheck(engine, b) };
    const other = `${orderNo.slice(0, 8)}${String((Number(orderNo.slice(8)) + 4321) % 1_000_000).padStart(6, '0')}`;
    const sameLayout = await orderScreenshot([
      '发货成功',
      `订单号：${other}`,
      '实付金额：¥50.00',
      `下单时间：${rows[0].t}`,
    ]);
    const theirs = await upload(buyer2, sameLayout);
    const [layout] = (await runEvidenceChecks(ocrDeps, theirs.id))!;
    expect(layout).toMatchObject({ kind: 'duplicate', result: 'ok', details: { sameLayoutOtherOrder: 2 } });
    const copy = await upload(buyer2, await sharp(good).jpeg({ quality: 70 }).toBuffer(), 'copy.jpg');
    const [copied] = (await runEvidenceChecks(ocrDeps, copy.id))!;
    expect(copied).toMatchObject({ kind: 'duplicate', result: 'warn' });
  }, 120_000);

  it('a screenshot showing the order number lowers the risk score of the claim it is submitted with', async () => {
    const ocrDeps = { ...deps(), ocr: (b: Buffer) => ocrCheck(engine, b) };
    const submitWith = async (lines: (orderNo: string) => string[]) => {
      const { orderNo } = await paidOrder(buyer2);
      const up = await upload(buyer2, await orderScreenshot(lines(orderNo)));
      await runEvidenceChecks(ocrDeps, up.id);
      const res = await buyer2.post('/api/refunds', {
        orderNo,
        type: 'not_as_described',
        description: `订单号${orderNo}的卡密与商品页面描述不符，面值显示错误，请核实处理`,
        evidenceIds: [up.publicId],
      });
      expect(res.status, res.text).toBe(201);
      return (await agent.get(`/api/review/${res.body.refundNo}/risk`)).body;
    };
    const matching = await submitWith((no) => ['发货成功', `订单号：${no}`, '实付金额：¥50.00']);
    const signal = matching.signals.find((s: { id: string }) => s.id === 'evidenceMatchesOrder');
    expect(signal).toMatchObject({ value: 1 });
    expect(matching.rules.map((r: { id: string }) => r.id)).toContain('R-EVIDENCE-MATCH');
    expect(matching.rules.find((r: { id: string }) => r.id === 'R-EVIDENCE-MATCH')).toMatchObject({
      score: -10,
    });
    // The score counts it: the fired rules' scores added up (never below 0).
    const sum = matching.rules.reduce((t: number, r: { score: number }) => t + r.score, 0);
    expect(matching.score).toBe(Math.max(0, sum));
    // The same claim with a screenshot of something else: no such signal, no such rule.
    const other = await submitWith(() => ['充值失败', '请联系客服', '余额：¥0.00']);
    expect(other.signals.find((s: { id: string }) => s.id === 'evidenceMatchesOrder')).toMatchObject({
      value: 0,
    });
    expect(other.rules.map((r: { id: string }) => r.id)).not.toContain('R-EVIDENCE-MATCH');
  }, 120_000);

  it('checks a screen recording by its first frame: order number read, reuse of another account’s screenshot found', async () => {
    const ocrDeps = { ...deps(), ocr: (b: Buffer) => ocrCheck(engine, b) };
    const { orderNo } = await paidOrder(buyer);
    const shot = await orderScreenshot(['发货成功', `订单号：${orderNo}`, '实付金额：¥50.00']);
    const video = await screenRecording(shot);
    const up = await upload(buyer, video, '录屏.mp4');
    expect((await q('SELECT kind FROM evidence WHERE id = $1', [up.id])).rows[0].kind).toBe('video');
    const checks = (await runEvidenceChecks(ocrDeps, up.id))!;
    // No metadata check (a frame has none); every check says it read the poster frame.
    expect(checks.map((c) => c.kind).sort()).toEqual(['duplicate', 'ocr', 'plausibility']);
    expect(checks.every((c) => c.details.posterFrame === true)).toBe(true);
    const seen = await buyer.get(`/api/evidence/${up.publicId}/checks?orderNo=${orderNo}`);
    expect(seen.body.find((c: { kind: string }) => c.kind === 'ocr')).toMatchObject({
      status: 'ok',
      reasonZh: expect.stringMatching(/^订单号一致/),
    });
    // Another account uploads the screenshot the recording shows: the same picture, reused.
    const theirs = await upload(buyer2, shot);
    const [dup] = (await runEvidenceChecks(ocrDeps, theirs.id))!;
    expect(dup).toMatchObject({ kind: 'duplicate', result: 'warn' });
    // The other account hears that its picture matches someone else's, not whose: no evidence id or
    // case number of another buyer (a common screenshot would otherwise list strangers' cases).
    const told = (await buyer2.get(`/api/evidence/${theirs.publicId}/checks`)).body.find(
      (c: { kind: string }) => c.kind === 'duplicate',
    );
    expect(told).toMatchObject({ status: 'warn', data: { matchesOthers: 1, matchesOwn: 0 } });
    expect(JSON.stringify(told)).not.toContain(up.publicId);
    expect(told.data.matches).toBeUndefined();

    // A file that only says it is a video: the checks say why, the upload stays.
    const bad = await upload(buyer, Buffer.concat([video.subarray(0, 64), randomBytes(4096)]), '坏.mp4');
    const failed = (await runEvidenceChecks(ocrDeps, bad.id))!;
    expect(failed.every((c) => c.result === 'error')).toBe(true);
    expect(failed[0]).toMatchObject({ reasonZh: '无法检查：无法读取视频画面' });
    expect((await q('SELECT count(*)::int AS n FROM evidence WHERE id = $1', [bad.id])).rows[0].n).toBe(1);
  }, 120_000);

  it('loads its trained data with the network off (no download at run time)', async () => {
    const unshare = await promisify(execFile)('unshare', ['-rn', 'true']).then(
      () => true,
      () => false,
    );
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-ocr-'));
    const file = path.join(dir, 'shot.png');
    await writeFile(file, await orderScreenshot(['订单号：26120100010427']));
    const script = path.resolve('test/helpers/ocr-offline.ts');
    const tsx = path.resolve('node_modules/.bin/tsx');
    // Without user namespaces (some CI sandboxes), the proxy variables point at a closed port instead.
    const [cmd, args] = unshare ? ['unshare', ['-rn', tsx, script, file]] : [tsx, [script, file]];
    const env = { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' };
    const { stdout } = await promisify(execFile)(cmd as string, args as string[], { env, timeout: 90_000 });
    await rm(dir, { recursive: true, force: true });
    expect(JSON.parse(stdout).details.facts.numbers).toContain('26120100010427');
  }, 120_000);

  it('reads on a thread of lower priority than the threads that answer requests (Linux nice per thread)', async () => {
    const niceOf = async (task: string) => {
      const stat = await readFile(`/proc/self/task/${task}/stat`, 'utf8').catch(() => '');
      // Fields after the command name: state is 3rd, nice the 19th.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tasks = await readdir('/proc/self/task');
    const nices = await Promise.all(tasks.map(niceOf));
    // The main thread keeps its priority; the engine started above (and the API's own, if its worker
    // has read an image) runs OCR on a thread 10 lower.
    expect(await niceOf(String(process.pid))).toBeLessThan(10);
    expect(nices.filter((n) => n >= 10).length).toBeGreaterThanOrEqual(1);
  });
});
