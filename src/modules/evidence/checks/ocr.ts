import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createScheduler, createWorker, OEM, PSM, type Scheduler } from 'tesseract.js';
import { readOcrText } from '../../../core/evidence/checks/ocr-text.ts';
import { type Check, check } from '../../../core/evidence/checks/types.ts';
import { EVIDENCE_LIMITS } from '../../../core/evidence/limits.ts';
import { Pacer } from '../../../platform/pacer.ts';

const require = createRequire(import.meta.url);
/** tesseract.js's worker script behind a lower thread priority (ocr-thread.cjs). */
const OCR_THREAD = path.join(import.meta.dirname, 'ocr-thread.cjs');
/**
 * Simplified Chinese only: its LSTM model reads the digits and Latin letters on these screens too. With
 * `chi_sim+eng` tesseract.js 7 never loaded the English model (it asked for a language with a garbled
 * name and went on without it, printing "Error opening data file ./玂臎.traineddata"), and `eng+chi_sim`
 * read fewer amounts on the labelled set (84.4 % against 87.5 %; docs/benchmarks.md).
 */
const LANGS = ['chi_sim'] as const;
/** Longest side OCR reads: bigger screenshots are scaled down (text stays legible, time halves). */
const OCR_MAX_SIDE = 2000;
/** Text kept in a check's details (what a reviewer may want to read back). */
const TEXT_KEPT = 2000;

/**
 * The trained data (LSTM "best_int" model) from node_modules — never downloaded: the package
 * `@tesseract.js-data/chi_sim` is a dependency. tesseract.js reads every language from one directory
 * (`langPath`), so a temporary one links to the file; its cache is off, so nothing is fetched or written
 * at run time.
 */
export async function trainedDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-tessdata-'));
  for (const code of LANGS) {
    const pkg = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    await symlink(
      path.join(pkg, '4.0.0_best_int', `${code}.traineddata.gz`),
      path.join(dir, `${code}.traineddata.gz`),
    );
  }
  return dir;
}

export type OcrWord = { text: string; x: number; y: number; w: number; h: number };
export type OcrReading = {
  text: string;
  confidence: number;
  words: OcrWord[];
  width: number;
  height: number;
};

/**
 * A pool of tesseract.js workers (each a worker thread with its own WebAssembly engine), so OCR never
 * runs on the thread that answers requests; `threads` of them read at once, the rest queue. `share`
 * below 1 paces them: after an image that took t, the next starts no sooner than t × (1 − share) /
 * share later, so OCR works that share of the time. On a small machine that also serves the API, OCR
 * beside it slows every request (a large working set in the shared caches — docs/benchmarks.md), and
 * priority does not help; reading at a share of the time slows them for only that share.
 */
export class OcrEngine {
  private constructor(
    private readonly scheduler: Scheduler,
    private readonly dataDir: string,
    private readonly pacer: Pacer,
  ) {}

  static async start(threads: number, share = 1): Promise<OcrEngine> {
    const langPath = await trainedDataDir();
    const scheduler = createScheduler();
    for (let i = 0; i < threads; i++) {
      const worker = await createWorker(LANGS.join('+'), OEM.LSTM_ONLY, {
        langPath,
        workerPath: OCR_THREAD,
        cacheMethod: 'none',
        gzip: true,
      });
      await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, preserve_interword_spaces: '0' });
      scheduler.addWorker(worker);
    }
    return new OcrEngine(scheduler, langPath, new Pacer(share));
  }

  /** Reads an image (first frame, EXIF-rotated, grey, scaled to at most 2000 px a side). */
  async read(bytes: Buffer): Promise<OcrReading> {
    const { data, info } = await sharp(bytes, {
      limitInputPixels: EVIDENCE_LIMITS.maxImagePixels,
      failOn: 'truncated',
    })
      .autoOrient()
      .resize({ width: OCR_MAX_SIDE, height: OCR_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .greyscale()
      .png({ compressionLevel: 1 })
      .toBuffer({ resolveWithObject: true });
    const res = await this.pacer.run(() =>
      this.scheduler.addJob('recognize', data, {}, { text: true, blocks: true }),
    );
    const words: OcrWord[] = [];
    for (const b of res.data.blocks ?? [])
      for (const p of b.paragraphs)
        for (const l of p.lines)
          for (const w of l.words)
            words.push({
              text: w.text,
              x: w.bbox.x0,
              y: w.bbox.y0,
              w: w.bbox.x1 - w.bbox.x0,
              h: w.bbox.y1 - w.bbox.y0,
            });
    return {
      text: res.data.text,
      confidence: res.data.confidence,
      words,
      width: info.width,
      height: info.height,
    };
  }

  async stop(): Promise<void> {
    await this.scheduler.terminate();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The OCR check of one image: what the text says (numbers, amounts, times, card keys, key words),
 * compared with the order when the case is read, and where on the image the digit runs were found
 * (boxes as fractions of the image, for the reviewer's highlight).
 */
export async function ocrCheck(engine: OcrEngine, bytes: Buffer): Promise<Check> {
  const r = await engine.read(bytes);
  const facts = readOcrText(r.text);
  const regions = r.words
    .filter((w) => /\d{4,}/.test(w.text.replace(/\s/g, '')))
    .slice(0, 20)
    .map((w) => ({
      text: w.text,
      x: +(w.x / r.width).toFixed(4),
      y: +(w.y / r.height).toFixed(4),
      w: +(w.w / r.width).toFixed(4),
      h: +(w.h / r.height).toFixed(4),
    }));
  const details = {
    facts,
    regions,
    text: r.text.slice(0, TEXT_KEPT),
    ocrConfidence: Math.round(r.confidence),
  };
  if (!r.text.trim())
    return check('ocr', 'warn', 0.6, '图片中没有识别到文字', 'No text found in the image', details);
  return check(
    'ocr',
    'ok',
    Math.min(1, r.confidence / 100),
    `识别到文字（${facts.numbers.length} 组数字，${facts.amountsFen.length} 个金额）`,
    `Text read (${facts.numbers.length} numbers, ${facts.amountsFen.length} amounts)`,
    details,
  );
}
