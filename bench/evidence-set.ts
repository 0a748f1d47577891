import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { type Facts, TEMPLATES, type TemplateName } from './evidence-templates.ts';

/**
 * Renders the labelled evidence set of issue 15 with chromium: four page kinds × two sizes (phone,
 * desktop) × eight treatments (plain, JPEG q55, scaled 70%, cropped, rotated 2°, and those mixed), as
 * JPEG into test/fixtures/evidence/, with the known order number, amount and time in labels.json.
 * Run: npx tsx bench/evidence-set.ts
 */
const out = path.join(import.meta.dirname, '../test/fixtures/evidence');
const SIZES = {
  phone: { width: 390, height: 780, scale: 2 },
  desktop: { width: 1280, height: 800, scale: 1 },
};
const TREATMENTS = [
  'plain',
  'jpeg55',
  'scaled70',
  'crop',
  'rotate2',
  'scaled70-jpeg55',
  'rotate-1-crop',
  'jpeg40',
];
const ITEMS = [
  '王者荣耀点券 600',
  '腾讯视频VIP月卡',
  '网易一卡通 100元',
  'Steam充值卡 50',
  '爱奇艺黄金会员',
  '和平精英 60UC',
];

export type Label = { file: string; template: TemplateName; size: string; treatment: string } & Facts;

function factsOf(i: number): Facts {
  const orderNo = `2612${String(1 + (i % 28)).padStart(2, '0')}${String(10_000 + i * 7919).padStart(7, '0')}${i % 10}`;
  const fen = 100 * (5 + ((i * 37) % 300)) + (i % 4) * 25;
  const time = `2026-12-${String(1 + (i % 9)).padStart(2, '0')} ${String(8 + (i % 14)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
  return { orderNo, fen, time, item: ITEMS[i % ITEMS.length]! };
}

async function treat(png: Buffer, t: string): Promise<Buffer> {
  let img = sharp(png);
  const meta = await sharp(png).metadata();
  const w = meta.width!;
  const h = meta.height!;
  if (t.includes('scaled70'))
    img = sharp(
      await img
        .resize({ width: Math.round(w * 0.7) })
        .png()
        .toBuffer(),
    );
  if (t.includes('crop'))
    img = sharp(
      await img
        .extract({ left: 0, top: Math.round(h * 0.04), width: w, height: Math.round(h * 0.86) })
        .png()
        .toBuffer(),
    );
  if (t.includes('rotate2')) img = img.rotate(2, { background: '#ffffff' });
  if (t.includes('rotate-1')) img = sharp(await img.rotate(-1, { background: '#ffffff' }).png().toBuffer());
  const q = t.includes('jpeg40') ? 40 : t.includes('jpeg55') ? 55 : 85;
  return img.jpeg({ quality: q }).toBuffer();
}

await mkdir(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const labels: Label[] = [];
let i = 0;
try {
  for (const [sizeName, s] of Object.entries(SIZES)) {
    const ctx = await browser.newContext({
      viewport: { width: s.width, height: s.height },
      deviceScaleFactor: s.scale,
    });
    const page = await ctx.newPage();
    for (const template of Object.keys(TEMPLATES) as TemplateName[])
      for (const treatment of TREATMENTS) {
        const facts = factsOf(i++);
        await page.setContent(TEMPLATES[template](facts));
        const png = await page.screenshot({ type: 'png' });
        const file = `${String(i).padStart(3, '0')}-${template}-${sizeName}-${treatment}.jpg`;
        await writeFile(path.join(out, file), await treat(png, treatment));
        labels.push({ file, template, size: sizeName, treatment, ...facts });
      }
    await ctx.close();
  }
} finally {
  await browser.close();
}
await writeFile(path.join(out, 'labels.json'), `${JSON.stringify(labels, null, 2)}\n`);
console.log(`${labels.length} images in ${out}`);
