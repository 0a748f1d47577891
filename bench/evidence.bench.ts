import sharp from 'sharp';
import { dhashOf, hammingDistance, NEAR_DUPLICATE_BITS } from '../src/core/evidence/checks/dhash.ts';
import { metadataCheck, plausibilityCheck } from '../src/core/evidence/checks/hints.ts';
import {
  differentContent,
  matchOrderNo,
  type OcrFacts,
  readOcrText,
} from '../src/core/evidence/checks/ocr-text.ts';
import { orderScreenshot } from '../src/demo/demo-screenshot.ts';
import { readImageFacts } from '../src/modules/evidence/checks/image-facts.ts';
import { OcrEngine } from '../src/modules/evidence/checks/ocr.ts';

/**
 * Evidence checks (issue 15), a first measure — NOT the accuracy set: screenshots drawn with
 * sharp (one order-page layout, phone size), not rendered with chromium from several templates. Prints
 * images/s on one thread for the non-OCR checks and for OCR, the order-number and amount match on
 * plain and JPEG-compressed/scaled copies, and the duplicate detector on re-encodes vs different images.
 */
const N = Number(process.env.BENCH_EVIDENCE_IMAGES ?? 12);

function orderNoOf(i: number): string {
  return `2612${String(1 + (i % 28)).padStart(2, '0')}${String(10_000 + i * 7919).padStart(7, '0')}${i % 10}`;
}

export default async function evidenceBench(): Promise<void> {
  const shots: { png: Buffer; orderNo: string; fen: number }[] = [];
  for (let i = 0; i < N; i++) {
    const orderNo = orderNoOf(i);
    const fen = 100 * (5 + ((i * 37) % 300)) + (i % 3) * 50;
    const yuan = `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    const lines = [
      i % 2 ? '发货成功' : '充值成功',
      `订单号：${orderNo}`,
      `商品：游戏点卡 ${i + 1}`,
      `实付金额：${yuan}`,
      `下单时间：2026-12-0${1 + (i % 9)} 1${i % 10}:0${i % 6}:00`,
    ];
    shots.push({ png: await orderScreenshot(lines), orderNo, fen });
  }
  const variants = async (png: Buffer) => ({
    jpeg70: await sharp(png).jpeg({ quality: 70 }).toBuffer(),
    scaled75: await sharp(png).resize({ width: 585 }).png().toBuffer(),
    webp60: await sharp(png).webp({ quality: 60 }).toBuffer(),
  });

  // Non-OCR checks: decode, hash, metadata, plausibility.
  let t = performance.now();
  const hashes: string[] = [];
  for (const s of shots) {
    const r = await readImageFacts(s.png);
    metadataCheck(r.facts);
    plausibilityCheck(r.facts);
    hashes.push(dhashOf(r.grey));
  }
  const plainPerSec = (shots.length / (performance.now() - t)) * 1000;

  // Duplicates: each image's re-encodes against itself, and every pair of different images.
  let found = 0;
  let copies = 0;
  for (const [i, s] of shots.entries())
    for (const v of Object.values(await variants(s.png))) {
      copies++;
      if (hammingDistance(hashes[i]!, dhashOf((await readImageFacts(v)).grey)) <= NEAR_DUPLICATE_BITS)
        found++;
    }
  let falseNear = 0;
  let pairs = 0;
  for (let i = 0; i < hashes.length; i++)
    for (let j = i + 1; j < hashes.length; j++) {
      pairs++;
      if (hammingDistance(hashes[i]!, hashes[j]!) <= NEAR_DUPLICATE_BITS) falseNear++;
    }

  // OCR on the plain images and their JPEG/scaled copies.
  const engine = await OcrEngine.start(1);
  let ocrImages = 0;
  let noHit = 0;
  let noWrong = 0;
  let amountHit = 0;
  let amountWrong = 0;
  const readings: { text: string; facts: OcrFacts }[][] = [];
  t = performance.now();
  try {
    for (const s of shots) {
      const mine: { text: string; facts: OcrFacts }[] = [];
      readings.push(mine);
      for (const img of [s.png, (await variants(s.png)).jpeg70, (await variants(s.png)).scaled75]) {
        const text = (await engine.read(img)).text;
        const facts = readOcrText(text);
        mine.push({ text, facts });
        ocrImages++;
        const m = matchOrderNo(s.orderNo, facts.numbers);
        if (m.kind === 'exact') noHit++;
        // A wrong "match": another image's order number read as this one's.
        if (shots.some((o) => o !== s && matchOrderNo(o.orderNo, facts.numbers).kind === 'exact')) noWrong++;
        if (facts.amountsFen.includes(s.fen)) amountHit++;
        amountWrong += facts.amountsFen.filter((f) => f !== s.fen).length;
      }
    }
  } finally {
    await engine.stop();
  }
  const ocrPerSec = (ocrImages / (performance.now() - t)) * 1000;
  // The job's whole rule: near by hash, and not told apart by the OCR'd numbers and text.
  const reading = (r: { text: string; facts: OcrFacts }) => ({ numbers: r.facts.numbers, text: r.text });
  let copiesKept = 0;
  let copiesJudged = 0;
  let pairsFalse = 0;
  for (const [i, r] of readings.entries()) {
    for (const copy of r.slice(1)) {
      copiesJudged++;
      if (!differentContent(reading(r[0]!), reading(copy))) copiesKept++;
    }
    for (let j = i + 1; j < readings.length; j++)
      if (
        hammingDistance(hashes[i]!, hashes[j]!) <= NEAR_DUPLICATE_BITS &&
        !differentContent(reading(r[0]!), reading(readings[j]![0]!))
      )
        pairsFalse++;
  }
  const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(1)}%`;
  console.log(
    `images: ${N} drawn screenshots (780×1200), ${copies} re-encoded/scaled copies, ${ocrImages} OCR reads`,
  );
  console.log(`non-OCR checks: ${plainPerSec.toFixed(1)} images/s on one thread`);
  console.log(`OCR (chi_sim best_int, 1 worker thread): ${ocrPerSec.toFixed(2)} images/s`);
  console.log(
    `order number: recall ${pct(noHit, ocrImages)} (${noHit}/${ocrImages}), wrong-order matches ${noWrong}`,
  );
  console.log(`amount: recall ${pct(amountHit, ocrImages)}, other amounts read ${amountWrong}`);
  console.log(
    `duplicates by hash alone: re-encodes found ${pct(found, copies)} (${found}/${copies}); different images within the threshold ${falseNear}/${pairs}`,
  );
  console.log(
    `duplicates with the OCR rule (the job's): copies still matched ${pct(copiesKept, copiesJudged)} (${copiesKept}/${copiesJudged}); different images matched ${pairsFalse}/${pairs}`,
  );
}
