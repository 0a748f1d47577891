/**
 * A difference hash (dHash) of an image: the picture scaled to 17×16 grey pixels, one bit per pixel
 * pair saying whether the left one is brighter than its right neighbour by more than a step of noise
 * (so flat areas are steady zeros rather than coin flips) — 256 bits, as 64 hex digits.
 * Re-encoding, rescaling and recompressing barely change it; different pictures differ in about half
 * their bits. The grey pixels come from sharp (src/modules/evidence/checks); this part is pure.
 */
export const HASH_WIDTH = 17;
export const HASH_HEIGHT = 16;
export const HASH_BITS = (HASH_WIDTH - 1) * HASH_HEIGHT;

/**
 * Two hashes at most this many bits apart are the same picture (re-encoded, resized). Measured on the
 * accuracy set (docs/benchmarks.md): re-encodes and resizes stay well under it.
 */
export const NEAR_DUPLICATE_BITS = 15;

/** Grey levels by which a pixel must outshine its neighbour to count as brighter. */
const NOISE = 2;

/** The hash of a 17×16 grey image given row by row (one byte a pixel). */
export function dhashOf(grey: Uint8Array): string {
  if (grey.length !== HASH_WIDTH * HASH_HEIGHT)
    throw new Error(`dhash needs ${HASH_WIDTH}×${HASH_HEIGHT} grey pixels, got ${grey.length}`);
  const bytes = new Uint8Array(HASH_BITS / 8);
  let bit = 0;
  for (let y = 0; y < HASH_HEIGHT; y++)
    for (let x = 0; x < HASH_WIDTH - 1; x++, bit++) {
      const i = y * HASH_WIDTH + x;
      if (grey[i]! - grey[i + 1]! > NOISE) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
    }
  return Buffer.from(bytes).toString('hex');
}

const POPCOUNT = Array.from({ length: 256 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** How many bits two hashes differ in. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new Error('hashes of different lengths');
  let d = 0;
  for (let i = 0; i < a.length; i += 2)
    d += POPCOUNT[Number.parseInt(a.slice(i, i + 2), 16) ^ Number.parseInt(b.slice(i, i + 2), 16)]!;
  return d;
}

/** Bands of 16 bits a hash is looked up by (band number × 65536 + value). */
const BAND_BITS = 16;
export const BAND_COUNT = HASH_BITS / BAND_BITS;

/**
 * The hash's bands, for finding near-duplicates by index: two hashes within NEAR_DUPLICATE_BITS share
 * at least one band whenever NEAR_DUPLICATE_BITS < BAND_COUNT (pigeonhole), and nearly always beyond.
 * Bands with no information (all 0 or all 1: a flat strip of the picture, common to many screenshots)
 * are left out, so blank margins do not make every screenshot a candidate of every other.
 */
export function bandsOf(hash: string): number[] {
  const bands: number[] = [];
  for (let b = 0; b < BAND_COUNT; b++) {
    const v = Number.parseInt(hash.slice(b * 4, b * 4 + 4), 16);
    if (v === 0 || v === 0xffff) continue;
    bands.push(b * 65536 + v);
  }
  return bands;
}
