import { type Check, check } from './types.ts';

/** What sharp and exifr could read of an image (src/modules/evidence/checks/image-facts.ts). */
export type ImageFacts = {
  width: number;
  height: number;
  format: string;
  /** Frames of an animated image (1 for a still). */
  pages: number;
  /** Standard deviation of the grey levels (0–255) of the picture scaled down. */
  greyStdev: number;
  exif: {
    make?: string;
    model?: string;
    software?: string;
    /** When the picture was taken or made, as the file says (ISO), if it says. */
    capturedAt?: string;
  } | null;
};

/** Screen sizes of common phones and desktops (portrait phones; either orientation matches). */
const KNOWN_SCREENS: readonly [number, number][] = [
  [640, 1136],
  [750, 1334],
  [828, 1792],
  [1080, 1920],
  [1125, 2436],
  [1170, 2532],
  [1179, 2556],
  [1242, 2208],
  [1242, 2688],
  [1284, 2778],
  [1290, 2796],
  [1206, 2622],
  [1320, 2868],
  [720, 1280],
  [720, 1520],
  [720, 1600],
  [1080, 2160],
  [1080, 2244],
  [1080, 2280],
  [1080, 2310],
  [1080, 2340],
  [1080, 2376],
  [1080, 2388],
  [1080, 2400],
  [1080, 2412],
  [1080, 2460],
  [1096, 2560],
  [1200, 2640],
  [1200, 2670],
  [1220, 2712],
  [1224, 2700],
  [1236, 2676],
  [1240, 2772],
  [1256, 2760],
  [1260, 2800],
  [1264, 2780],
  [1280, 2800],
  [1440, 2560],
  [1440, 3040],
  [1440, 3088],
  [1440, 3120],
  [1440, 3200],
  [1536, 2048],
  [1620, 2160],
  [1640, 2360],
  [1668, 2388],
  [2048, 2732],
  [1280, 720],
  [1280, 800],
  [1280, 1024],
  [1366, 768],
  [1440, 900],
  [1536, 864],
  [1600, 900],
  [1680, 1050],
  [1920, 1080],
  [1920, 1200],
  [2560, 1080],
  [2560, 1440],
  [2560, 1600],
  [2880, 1800],
  [3024, 1964],
  [3456, 2234],
  [3840, 2160],
  [3440, 1440],
];

export const isKnownScreen = (w: number, h: number) =>
  KNOWN_SCREENS.some(([a, b]) => (a === w && b === h) || (a === h && b === w));

/** Software that edits pictures, as EXIF `Software` names it. */
const EDITORS =
  /photoshop|gimp|lightroom|snapseed|meitu|美图|醒图|picsart|pixlr|canva|paint\.net|affinity|pixelmator|vsco|facetune|polarr|fotor/i;

/**
 * Capture and editing hints from metadata (EXIF): editing software, a size no screen has. Hints only —
 * a cropped screenshot is ordinary, and metadata is easy to strip or write. The capture time is kept
 * in the details and compared with the order when the case is read (`judgeCapture`).
 */
export function metadataCheck(f: ImageFacts): Check {
  const details = { exif: f.exif, width: f.width, height: f.height };
  const software = f.exif?.software;
  if (software && EDITORS.test(software))
    return check(
      'metadata',
      'warn',
      0.6,
      `图片经过编辑软件处理（${software}）`,
      `The image was saved by editing software (${software})`,
      details,
    );
  const camera = f.exif?.make || f.exif?.model;
  if (camera)
    return check(
      'metadata',
      'warn',
      0.4,
      `这是相机拍摄的照片（${[f.exif?.make, f.exif?.model].filter(Boolean).join(' ')}），不是截图：可能是翻拍的屏幕`,
      `A camera photo (${[f.exif?.make, f.exif?.model].filter(Boolean).join(' ')}), not a screenshot: perhaps a photo of a screen`,
      details,
    );
  if (!isKnownScreen(f.width, f.height))
    return check(
      'metadata',
      'ok',
      0.3,
      `尺寸 ${f.width}×${f.height} 与常见设备屏幕不符：可能经过裁剪（常见，仅供参考）`,
      `Size ${f.width}×${f.height} matches no common screen: probably cropped (common, a hint only)`,
      { ...details, knownScreen: false },
    );
  return check(
    'metadata',
    'ok',
    0.5,
    `尺寸 ${f.width}×${f.height} 与常见设备屏幕一致，未发现编辑痕迹`,
    `Size ${f.width}×${f.height} matches a common screen; no sign of editing`,
    { ...details, knownScreen: true },
  );
}

/** Below this a side is too small to read anything from. */
export const TINY_SIDE_PX = 200;
/** Grey levels' spread below which a picture is blank or nearly one colour. */
export const BLANK_STDEV = 4;
/** An animation with more frames than this is noted (only its first frame is checked). */
export const MANY_FRAMES = 50;

/** Plausibility: a blank or nearly uniform picture, a tiny one, an animation with many frames. */
export function plausibilityCheck(f: ImageFacts): Check {
  const details = {
    width: f.width,
    height: f.height,
    greyStdev: Math.round(f.greyStdev * 10) / 10,
    pages: f.pages,
  };
  if (f.greyStdev < BLANK_STDEV)
    return check(
      'plausibility',
      'fail',
      0.9,
      '图片空白或几乎是纯色，看不到任何内容',
      'The image is blank or nearly one colour: nothing can be seen in it',
      details,
    );
  if (f.pages > MANY_FRAMES)
    return check(
      'plausibility',
      'warn',
      0.7,
      `动图有 ${f.pages} 帧，只检查了第一帧`,
      `An animation of ${f.pages} frames; only the first was checked`,
      details,
    );
  if (Math.min(f.width, f.height) < TINY_SIDE_PX)
    return check(
      'plausibility',
      'warn',
      0.8,
      `图片太小（${f.width}×${f.height}），难以看清内容`,
      `The image is tiny (${f.width}×${f.height}); its content is hard to read`,
      details,
    );
  return check('plausibility', 'ok', 0.7, '图片内容清晰可辨', 'The image has readable content', details);
}

/** A near-identical image found on another upload. */
export type Match = {
  evidenceId: string;
  sameOwner: boolean;
  /** The very same bytes (sha256), not only a near-identical picture. */
  identical: boolean;
  distance: number;
  caseNo: string | null;
};

/**
 * Reused images: the same or a near-identical picture already uploaded — by this buyer (fine, said so)
 * or by another account (a risk signal: `evidenceReusedByOthers`).
 */
export function duplicateCheck(hash: string, matches: readonly Match[]): Check {
  const others = matches.filter((m) => !m.sameOwner);
  const own = matches.filter((m) => m.sameOwner);
  const details = { dhash: hash, matches };
  if (others.length) {
    const exact = others.some((m) => m.identical);
    return check(
      'duplicate',
      'warn',
      exact ? 0.95 : 0.8,
      `与其他账户的凭证相同（${others.length} 个文件${exact ? '' : '，近似'}）`,
      `The same as evidence of another account (${others.length} file${others.length > 1 ? 's' : ''}${exact ? '' : ', near-identical'})`,
      details,
    );
  }
  if (own.length)
    return check(
      'duplicate',
      'ok',
      0.9,
      `本人之前上传过相同的图片（${own.length} 个文件），属正常`,
      `The buyer uploaded the same image before (${own.length} file${own.length > 1 ? 's' : ''}): fine`,
      details,
    );
  return check('duplicate', 'ok', 0.8, '未发现重复使用的图片', 'Not seen before', details);
}

/** A check that could not run: the reason says why; the upload itself stays. */
export function errorCheck(kind: Check['kind'], whyZh: string, whyEn: string, details = {}): Check {
  return check(kind, 'error', 1, `无法检查：${whyZh}`, `Could not be checked: ${whyEn}`, details);
}

/**
 * The capture time against the order: a picture taken before the order was placed cannot show it
 * (a hint — clocks are wrong and metadata is editable). Null when the file gives no time.
 */
export function judgeCapture(capturedAt: string | undefined, orderCreatedAt: Date): Check | null {
  if (!capturedAt) return null;
  const t = new Date(capturedAt);
  if (Number.isNaN(t.getTime())) return null;
  // An hour's grace: a phone's clock or a time zone missing from EXIF.
  if (t.getTime() < orderCreatedAt.getTime() - 3_600_000)
    return check('metadata', 'warn', 0.5, '拍摄时间早于下单时间', 'Taken before the order was placed', {
      capturedAt,
      orderCreatedAt: orderCreatedAt.toISOString(),
    });
  return null;
}
