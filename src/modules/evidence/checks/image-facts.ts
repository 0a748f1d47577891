import exifr from 'exifr';
import sharp, { type Metadata } from 'sharp';
import { HASH_HEIGHT, HASH_WIDTH } from '../../../core/evidence/checks/dhash.ts';
import type { ImageFacts } from '../../../core/evidence/checks/hints.ts';
import { EVIDENCE_LIMITS } from '../../../core/evidence/limits.ts';

/** Why an image could not be read, as a check reason. */
export class UnreadableImage extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

// Only the first frame is decoded (sharp's default), so an animation of thousands of frames costs one;
// a picture of more pixels than an upload may have is refused before decoding (a decompression bomb).
const OPTIONS = { limitInputPixels: EVIDENCE_LIMITS.maxImagePixels, failOn: 'truncated', pages: 1 } as const;
const EXIF_TIMEOUT_MS = 2000;
const text = (v: unknown) =>
  typeof v === 'string' && v.trim()
    ? v
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
        .replace(/[\u0000-\u001f]/g, '')
        .trim()
        .slice(0, 100)
    : undefined;

/** EXIF fields the hints use; anything odd in the metadata (loops, huge values, garbage) reads as none. */
async function readExif(bytes: Buffer): Promise<ImageFacts['exif']> {
  const parse = exifr
    .parse(bytes, {
      pick: ['Make', 'Model', 'Software', 'DateTimeOriginal', 'CreateDate'],
      tiff: true,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      translateValues: false,
      reviveValues: true,
    })
    .catch(() => null);
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, EXIF_TIMEOUT_MS, null).unref());
  const raw = (await Promise.race([parse, timeout])) as Record<string, unknown> | null | undefined;
  if (!raw) return null;
  const when = raw.DateTimeOriginal ?? raw.CreateDate;
  const capturedAt = when instanceof Date && !Number.isNaN(when.getTime()) ? when.toISOString() : undefined;
  const exif = {
    make: text(raw.Make),
    model: text(raw.Model),
    software: text(raw.Software),
    capturedAt,
  };
  return Object.values(exif).some((v) => v !== undefined) ? exif : null;
}

/**
 * What the checks need from an image: size, frames, metadata, the 17×16 grey pixels of its hash and
 * the spread of its grey levels. Throws UnreadableImage (never anything else) for a file that does not
 * decode, is truncated, or is too large to decode.
 */
export async function readImageFacts(bytes: Buffer): Promise<{ facts: ImageFacts; grey: Uint8Array }> {
  let meta: Metadata;
  try {
    // The header only (no pixels decoded), read without the pixel limit so a bomb is named as one.
    meta = await sharp(bytes, { failOn: 'truncated', pages: 1, limitInputPixels: false }).metadata();
  } catch {
    throw new UnreadableImage(
      '文件无法解码（损坏或格式不支持）',
      'the file does not decode (corrupt or unsupported)',
    );
  }
  const { width, height } = meta.autoOrient ?? meta;
  if (!width || !height) throw new UnreadableImage('读不出图片尺寸', 'the image has no readable size');
  if (width * height > EVIDENCE_LIMITS.maxImagePixels)
    throw new UnreadableImage(
      `图片像素过多（${width}×${height}），拒绝解码`,
      `too many pixels to decode (${width}×${height})`,
    );
  try {
    const base = () => sharp(bytes, OPTIONS).autoOrient().greyscale();
    const [grey, small] = await Promise.all([
      base().resize(HASH_WIDTH, HASH_HEIGHT, { fit: 'fill' }).raw().toBuffer(),
      base().resize(64, 64, { fit: 'fill' }).raw().toBuffer(),
    ]);
    let sum = 0;
    let sq = 0;
    for (const v of small) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / small.length;
    const greyStdev = Math.sqrt(Math.max(0, sq / small.length - mean * mean));
    const exif = await readExif(bytes);
    return {
      facts: { width, height, format: meta.format ?? 'unknown', pages: meta.pages ?? 1, greyStdev, exif },
      grey: new Uint8Array(grey),
    };
  } catch {
    throw new UnreadableImage('图片数据不完整或已损坏', 'the image data is truncated or corrupt');
  }
}
