import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { dhashOf, hammingDistance, NEAR_DUPLICATE_BITS } from '../src/core/evidence/checks/dhash.ts';
import {
  differentContent,
  matchOrderNo,
  type OcrFacts,
  readOcrText,
} from '../src/core/evidence/checks/ocr-text.ts';
import { readImageFacts } from '../src/modules/evidence/checks/image-facts.ts';
import { OcrEngine } from '../src/modules/evidence/checks/ocr.ts';
import type { Label } from './evidence-set.ts';

/**
 * Issue 15's accuracy figures over the labelled chromium-rendered set in test/fixtures/evidence/
 * (make it with `npx tsx bench/evidence-set.ts`). Order number and amount: precision and recall of
 * the OCR check against labels.json. Duplicates: each image against a JPEG re-encode and an 80% resize
 * of itself (should match) and against every other image of the set (must not).
 * Run: npm run bench -- evidence-accuracy
 */
const dir = path.join(import.meta.dirname, '../test/fixtures/evidence');
type Reading = { text: string; facts: OcrFacts };

export default async function evidenceAccuracy(): Promise<void> {
  const labels = JSON.parse(await readFile(path.join(dir, 'labels.json'), 'utf8')) as Label[];
  const images = await Promise.all(labels.map((l) => readFile(path.join(dir, l.file))));
  const hashes = await Promise.all(images.map(async (b) => dhashOf((await readImageFacts(b)).grey)));
  const reencoded = await Promise.all(images.map((b) => sharp(b).jpeg({ quality: 60 }).toBuffer()));
  const resized = await Promise.all(
    images.map(async (b) =>
      sharp(b)
        .resize({ width: Math.round((await sharp(b).metadata()).width! * 0.8) })
        .png()
        .toBuffer(),
    ),
  );

  const engine = await OcrEngine.start(1);
  const read = async (b: Buffer): Promise<Reading> => {
    const text = (await engine.read(b)).text;
    return { text, facts: readOcrText(text) };
  };
  const readings: Reading[] = [];
  const copyReadings: Reading[] = [];
  const t = performance.now();
  try {
    for (const [i, b] of images.entries()) {
      readings.push(await read(b));
      copyReadings.push(await read(reencoded[i]!));
    }
  } finally {
    await engine.stop();
  }
  const perSec = ((images.length * 2) / (performance.now() - t)) * 1000;

  // Order number: a claim is an exact match of any labelled order number; right when it is the image's own.
  let noTp = 0;
  let noFp = 0;
  let noNear = 0;
  let amtTp = 0;
  let amtRead = 0;
  let amtFound = 0;
  const byKind = new Map<string, { n: number; no: number; amt: number }>();
  const misses: string[] = [];
  for (const [i, l] of labels.entries()) {
    const f = readings[i]!.facts;
    const own = matchOrderNo(l.orderNo, f.numbers);
    if (own.kind === 'exact') noTp++;
    else if (own.kind === 'near') noNear++;
    if (own.kind !== 'exact') misses.push(`${l.file} (${own.kind}${own.found ? ` ${own.found}` : ''})`);
    noFp += labels.filter(
      (o) => o.orderNo !== l.orderNo && matchOrderNo(o.orderNo, f.numbers).kind === 'exact',
    ).length;
    const hit = f.amountsFen.includes(l.fen);
    if (hit) amtTp++;
    if (f.amountsFen.length > 0) amtFound++;
    amtRead += f.amountsFen.length;
    const k = `${l.template}/${l.size}`;
    const row = byKind.get(k) ?? { n: 0, no: 0, amt: 0 };
    row.n++;
    if (own.kind === 'exact') row.no++;
    if (hit) row.amt++;
    byKind.set(k, row);
  }

  // Duplicates by hash, and with the job's rule (near by hash and not told apart by the OCR'd text).
  const near = (a: string, b: string) => hammingDistance(a, b) <= NEAR_DUPLICATE_BITS;
  let copyHash = 0;
  let copyRule = 0;
  for (const [i, h] of hashes.entries()) {
    const rh = dhashOf((await readImageFacts(reencoded[i]!)).grey);
    const sh = dhashOf((await readImageFacts(resized[i]!)).grey);
    copyHash += Number(near(h, rh)) + Number(near(h, sh));
    const r = { numbers: readings[i]!.facts.numbers, text: readings[i]!.text };
    const c = { numbers: copyReadings[i]!.facts.numbers, text: copyReadings[i]!.text };
    if (near(h, rh) && !differentContent(r, c)) copyRule++;
  }
  let pairs = 0;
  let pairsHash = 0;
  let pairsRule = 0;
  for (let i = 0; i < hashes.length; i++)
    for (let j = i + 1; j < hashes.length; j++) {
      pairs++;
      if (!near(hashes[i]!, hashes[j]!)) continue;
      pairsHash++;
      const a = { numbers: readings[i]!.facts.numbers, text: readings[i]!.text };
      const b = { numbers: readings[j]!.facts.numbers, text: readings[j]!.text };
      if (!differentContent(a, b)) pairsRule++;
    }

  const n = labels.length;
  const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(1)}%`;
  console.log(
    `set: ${n} chromium-rendered JPEGs (4 page kinds × phone/desktop × 8 treatments), OCR ${perSec.toFixed(2)} images/s on 1 thread`,
  );
  console.log(
    `order number (exact): recall ${pct(noTp, n)} (${noTp}/${n}), precision ${pct(noTp, noTp + noFp)} (${noFp} wrong), near only ${noNear}`,
  );
  console.log(
    `amount: recall ${pct(amtTp, n)} (${amtTp}/${n}), precision ${pct(amtTp, amtRead)} (${amtRead} amounts read on ${amtFound} images)`,
  );
  for (const [k, r] of [...byKind].sort())
    console.log(`  ${k}: order number ${r.no}/${r.n}, amount ${r.amt}/${r.n}`);
  console.log(
    `duplicates by hash: copies found ${pct(copyHash, 2 * n)} (${copyHash}/${2 * n} JPEG q60 + 80% resize); different images matched ${pairsHash}/${pairs}`,
  );
  console.log(
    `duplicates with the OCR rule: JPEG copies matched ${pct(copyRule, n)} (${copyRule}/${n}); different images matched ${pairsRule}/${pairs}`,
  );
  if (misses.length) console.log(`order number missed: ${misses.join(', ')}`);
}
