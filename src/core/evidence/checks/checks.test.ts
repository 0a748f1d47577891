import { describe, expect, it } from 'vitest';
import { BAND_COUNT, bandsOf, dhashOf, HASH_HEIGHT, HASH_WIDTH, hammingDistance } from './dhash.ts';
import { duplicateCheck, type ImageFacts, metadataCheck, plausibilityCheck } from './hints.ts';
import { judgeForOrder } from './judge.ts';
import { differentContent, matchOrderNo, readOcrText, textSimilarity } from './ocr-text.ts';
import { check } from './types.ts';

const grey = (f: (x: number, y: number) => number) =>
  Uint8Array.from({ length: HASH_WIDTH * HASH_HEIGHT }, (_, i) =>
    f(i % HASH_WIDTH, Math.floor(i / HASH_WIDTH)),
  );

const facts = (over: Partial<ImageFacts> = {}): ImageFacts => ({
  width: 1080,
  height: 2340,
  format: 'png',
  pages: 1,
  greyStdev: 40,
  exif: null,
  ...over,
});

describe('dhash', () => {
  it('is steady under small noise and far apart for different pictures', () => {
    const a = dhashOf(grey((x, y) => (x * 37 + y * 91) % 251));
    const noisy = dhashOf(grey((x, y) => ((x * 37 + y * 91) % 251) + ((x + y) % 2)));
    const other = dhashOf(grey((x, y) => (x * 53 + y * 17 + 99) % 241));
    expect(a).toHaveLength(64);
    expect(hammingDistance(a, noisy)).toBeLessThanOrEqual(4);
    expect(hammingDistance(a, other)).toBeGreaterThan(60);
  });

  it('reads a flat picture as all zeros and gives it no bands to be found by', () => {
    const flat = dhashOf(grey(() => 200));
    expect(flat).toBe('0'.repeat(64));
    expect(bandsOf(flat)).toEqual([]);
    const bands = bandsOf(dhashOf(grey((x, y) => (x * 37 + y * 91) % 251)));
    expect(bands.length).toBeGreaterThan(BAND_COUNT / 2);
    expect(new Set(bands.map((b) => Math.floor(b / 65536))).size).toBe(bands.length);
  });
});

describe('hints', () => {
  it('notes editing software, camera photos and unknown sizes, never as a fail', () => {
    expect(metadataCheck(facts({ exif: { software: 'Adobe Photoshop 25.0' } }))).toMatchObject({
      result: 'warn',
      reasonZh: expect.stringContaining('Photoshop'),
    });
    expect(metadataCheck(facts({ exif: { make: 'Canon', model: 'EOS R5' } })).reasonEn).toMatch(
      /photo of a screen/,
    );
    expect(metadataCheck(facts({ width: 1000, height: 2001 }))).toMatchObject({
      result: 'ok',
      confidence: 0.3,
    });
    expect(metadataCheck(facts({ width: 2340, height: 1080 })).details.knownScreen).toBe(true);
  });

  it('fails a blank picture, warns on a tiny one and on thousands of frames', () => {
    expect(plausibilityCheck(facts({ greyStdev: 1 })).result).toBe('fail');
    expect(plausibilityCheck(facts({ width: 120, height: 90 })).result).toBe('warn');
    expect(plausibilityCheck(facts({ pages: 3000 })).reasonEn).toMatch(/3000 frames/);
    expect(plausibilityCheck(facts()).result).toBe('ok');
  });

  it("tells another account's copy (a warning) from the buyer's own (fine)", () => {
    const other = { evidenceId: 'ev_x', sameOwner: false, identical: false, distance: 3, caseNo: null };
    const own = { evidenceId: 'ev_y', sameOwner: true, identical: true, distance: 0, caseNo: 'R1' };
    expect(duplicateCheck('00', [other, own])).toMatchObject({
      result: 'warn',
      reasonZh: '与其他账户的凭证相同（1 个文件，近似）',
    });
    expect(duplicateCheck('00', [own])).toMatchObject({
      result: 'ok',
      reasonEn: expect.stringMatching(/^The buyer uploaded/),
    });
    expect(duplicateCheck('00', []).reasonEn).toBe('Not seen before');
  });
});

describe('OCR text', () => {
  const text = `支 付 成 功\n订单号 2612 0100 0104 27\n实付金额 Y50.00\n2026-12-01 14:03:22\n卡密 AB12-CD34-EF56-GH78\n余额 ¥8.5\n合计：半 3.20\n下单 2026.12.01`;

  it('finds numbers, amounts, times, card keys and key words', () => {
    const f = readOcrText(text);
    expect(f.numbers).toContain('26120100010427');
    expect(f.amountsFen).toEqual([5000, 850, 320]);
    expect(f.times).toEqual(['2026-12-01 14:03']);
    expect(f.cardKeys).toEqual(['AB12-CD34-EF56-GH78']);
    expect(f.keyWords).toEqual(['余额', '支付成功']);
  });

  it('matches the order number exactly, one digit off, or cropped, and not otherwise', () => {
    expect(matchOrderNo('26120100010427', ['9926120100010427'])).toEqual({
      kind: 'exact',
      found: '26120100010427',
    });
    expect(matchOrderNo('26120100010427', ['26120100010428'])).toMatchObject({ kind: 'near' });
    expect(matchOrderNo('26120100010427', ['2612010001'])).toMatchObject({ kind: 'near' });
    expect(matchOrderNo('26120100010427', ['26120100019999', '12345678'])).toEqual({
      kind: 'none',
      found: null,
    });
  });

  it('tells the same layout with other text or another order number from a copy', () => {
    const a = { numbers: ['26120100010427'], text: '发货成功 订单号 26120100010427 实付金额 ¥50.00' };
    expect(differentContent(a, { ...a })).toBe(false);
    expect(differentContent(a, { numbers: ['26120100099999'], text: a.text.replace('10427', '99999') })).toBe(
      true,
    );
    expect(differentContent(a, { numbers: [], text: '充值失败 请联系客服处理 余额 ¥0.00 订单' })).toBe(true);
    expect(differentContent(a, null)).toBe(false);
    expect(textSimilarity('短', '短')).toBeNull();
  });

  it('takes a re-encode OCR read differently for a copy when the order number is the same', () => {
    const a = {
      numbers: ['26120100010427'],
      text: '支付宝 账单详情 -259.50 交易成功 订单号 26120100010427 创建时间',
    };
    // The copy's reading lost the header and the amount: little text in common, the same order number.
    const copy = {
      numbers: ['26120100010427', '2026120114'],
      text: '订单号 26120100010427 交易成功 时间 商品',
    };
    expect(textSimilarity(a.text, copy.text)).toBeLessThan(0.75);
    expect(differentContent(a, copy)).toBe(false);
    // The same order's screen saying the opposite is another screenshot.
    expect(differentContent(a, { ...copy, text: copy.text.replace('交易成功', '充值失败') })).toBe(true);
    // A shared phone number (11 digits) is not a shared order number: the text still decides.
    const chat = {
      numbers: ['13800138000'],
      text: '客服 您好 请问有什么可以帮您 手机 13800138000 我的卡密没收到',
    };
    const other = { numbers: ['13800138000'], text: '客服 已为您补发 请查收 手机 13800138000 谢谢 好评' };
    expect(differentContent(chat, other)).toBe(true);
  });

  it('judges the reading against the order: ✓ number, amount and time; ✗ no number', () => {
    const ocr = check('ocr', 'ok', 0.8, '', '', { facts: readOcrText(text) });
    const order = { orderNo: '26120100010427', paidFen: 5000, createdAt: new Date('2026-12-01T06:02:00Z') };
    const [ok] = judgeForOrder([ocr], order);
    expect(ok).toMatchObject({ result: 'ok', reasonZh: '订单号一致 ¥50.00 2026-12-01 14:03' });
    const [none] = judgeForOrder([ocr], { ...order, orderNo: '26120200000017' });
    expect(none).toMatchObject({ result: 'fail', reasonZh: expect.stringMatching(/^未识别到订单号/) });
    const [early] = judgeForOrder([ocr], { ...order, createdAt: new Date('2026-12-01T07:00:00Z') });
    expect(early).toMatchObject({ result: 'warn', reasonEn: expect.stringMatching(/before the order/) });
  });

  it('says when the amounts read are not what was paid (a hint: a short top-up shows what arrived)', () => {
    const ocr = check('ocr', 'ok', 0.8, '', '', { facts: readOcrText(text) });
    const order = { orderNo: '26120100010427', paidFen: 8000, createdAt: new Date('2026-12-01T06:02:00Z') };
    const [differs] = judgeForOrder([ocr], order);
    expect(differs).toMatchObject({
      result: 'warn',
      reasonZh: '订单号一致 2026-12-01 14:03；截图金额 ¥50.00、¥8.50 与实付 ¥80.00 不同',
      reasonEn: expect.stringMatching(/amount shown \(¥50\.00, ¥8\.50\) is not the ¥80\.00 paid$/),
      details: expect.objectContaining({ amountMatches: false, amountDiffers: true }),
    });
    // No amount read at all says nothing about amounts.
    const bare = check('ocr', 'ok', 0.8, '', '', { facts: { ...readOcrText(text), amountsFen: [] } });
    expect(judgeForOrder([bare], order)[0]).toMatchObject({
      result: 'ok',
      reasonZh: '订单号一致 2026-12-01 14:03',
    });
  });
});
