import sharp, { type Metadata } from 'sharp';
import { EVIDENCE_LIMITS } from '../../core/evidence/limits.ts';
import { AppError } from '../../platform/errors.ts';

export type ImageFacts = { width: number; height: number; format: string; thumb: Buffer };

/**
 * Decodes an image enough to trust it: its dimensions (as displayed, after EXIF rotation) and a
 * thumbnail (WebP, at most 320 px a side). A file that does not decode is UNREADABLE; one whose pixel
 * count would take gigabytes to decode is refused before decoding. `member` names an archive entry in
 * error details.
 */
export async function inspectImage(bytes: Buffer, member?: string): Promise<ImageFacts> {
  const where = member === undefined ? {} : { member };
  const options = { limitInputPixels: EVIDENCE_LIMITS.maxImagePixels, failOn: 'truncated' } as const;
  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch {
    throw new AppError('EVIDENCE.UNREADABLE', where);
  }
  const { width, height } = meta.autoOrient ?? meta;
  if (!width || !height) throw new AppError('EVIDENCE.UNREADABLE', where);
  if (width * height > EVIDENCE_LIMITS.maxImagePixels)
    throw new AppError('EVIDENCE.TOO_LARGE', {
      ...where,
      limit: 'pixels',
      max: EVIDENCE_LIMITS.maxImagePixels,
    });
  const side = EVIDENCE_LIMITS.thumbMaxPx;
  try {
    const thumb = await sharp(bytes, options)
      .autoOrient()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { width, height, format: meta.format ?? 'unknown', thumb };
  } catch {
    throw new AppError('EVIDENCE.UNREADABLE', where);
  }
}
