/**
 * Evidence checks (凭证核验): hints for a reviewer about one uploaded image, never a verdict. Each check
 * has a kind, a result, a confidence (0–1: how sure the check is of its own result) and a reason in
 * Chinese and English; `details` carries what it found (hashes, EXIF fields, OCR text…).
 */
export const CHECK_KINDS = ['duplicate', 'metadata', 'plausibility', 'ocr'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** ok: nothing to note; warn: a reviewer should look; fail: the check found against the file; error: it could not run. */
export const CHECK_RESULTS = ['ok', 'warn', 'fail', 'error'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export type Check = {
  kind: CheckKind;
  result: CheckResult;
  confidence: number;
  reasonZh: string;
  reasonEn: string;
  details: Record<string, unknown>;
};

/** Bumped whenever a checker changes what it finds, so a re-check can tell old results from new. */
export const CHECKER_VERSION = 'checks-2';

export const check = (
  kind: CheckKind,
  result: CheckResult,
  confidence: number,
  reasonZh: string,
  reasonEn: string,
  details: Record<string, unknown> = {},
): Check => ({ kind, result, confidence: Math.round(confidence * 100) / 100, reasonZh, reasonEn, details });

/** The worst result of several (for a roll-up): error < ok < warn < fail in how much a reviewer should look. */
export function worstResult(results: readonly CheckResult[]): CheckResult | null {
  const order: CheckResult[] = ['fail', 'warn', 'error', 'ok'];
  for (const r of order) if (results.includes(r)) return r;
  return null;
}
