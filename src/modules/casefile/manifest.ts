import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { TimelineEvent } from './collect.ts';

/**
 * The case file's manifest.json: every file in the zip with its SHA-256, and a hash chain over the
 * case's timeline — each event's hash covers the event and the hash before it, so changing, removing or
 * reordering one event changes every hash after it. `kameng casefile verify` recomputes both.
 */
export type Manifest = {
  format: 'kameng-casefile/1';
  refundNo: string;
  scope: string;
  generatedAt: string;
  files: { path: string; sha256: string; bytes: number }[];
  timeline: { seq: number; event: ChainEvent; hash: string }[];
  chainHead: string;
};

/** What the chain covers of one event: the timeline row as stored (data only in the full file). */
export type ChainEvent = Omit<TimelineEvent, 'textZh'>;

export const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The chain's start: tied to the case, so one case's chain cannot pass for another's. */
export const chainSeed = (refundNo: string) => sha256Hex(`kameng-casefile:${refundNo}`);

export function hashChain(refundNo: string, events: ChainEvent[]): Manifest['timeline'] {
  let previous = chainSeed(refundNo);
  return events.map((event, i) => {
    const hash = sha256Hex(`${previous}\n${canonicalJson(event)}`);
    previous = hash;
    return { seq: i + 1, event, hash };
  });
}

export type ZipEntry = { path: string; data: Uint8Array };

/** The zip: the files, then manifest.json describing them. Returns the zip and the manifest's digest. */
export function buildZip(input: {
  refundNo: string;
  scope: string;
  generatedAt: string;
  files: ZipEntry[];
  events: ChainEvent[];
}): { zip: Uint8Array; manifest: Manifest; manifestSha256: string } {
  const timeline = hashChain(input.refundNo, input.events);
  const manifest: Manifest = {
    format: 'kameng-casefile/1',
    refundNo: input.refundNo,
    scope: input.scope,
    generatedAt: input.generatedAt,
    files: input.files.map((f) => ({ path: f.path, sha256: sha256Hex(f.data), bytes: f.data.length })),
    timeline,
    chainHead: timeline.at(-1)?.hash ?? chainSeed(input.refundNo),
  };
  const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  // Images and PDFs are compressed already; storing them keeps the build cheap.
  for (const f of input.files) entries[f.path] = [f.data, { level: 0 }];
  entries['manifest.json'] = [manifestBytes, { level: 6 }];
  return {
    zip: zipSync(entries, { mtime: new Date(input.generatedAt) }),
    manifest,
    manifestSha256: sha256Hex(manifestBytes),
  };
}

export type VerifyProblem =
  | { kind: 'not_a_case_file'; detail: string }
  | { kind: 'file_changed'; path: string; expected: string; actual: string }
  | { kind: 'file_missing'; path: string }
  | { kind: 'file_unlisted'; path: string }
  | { kind: 'event_changed'; seq: number; eventId: number; eventKind: string }
  | { kind: 'chain_head'; expected: string; actual: string };

export type VerifyResult = {
  ok: boolean;
  refundNo: string | null;
  files: number;
  events: number;
  manifestSha256: string | null;
  problems: VerifyProblem[];
};

/** Largest zip `verify` reads whole (a case holds at most 20 evidence files of ≤ 50 MB). */
const MAX_ZIP_BYTES = 1_200_000_000;

/** Checks a case-file zip: each file against the manifest, and the timeline's hash chain. */
export function verifyCaseFileZip(zip: Uint8Array): VerifyResult {
  const fail = (detail: string): VerifyResult => ({
    ok: false,
    refundNo: null,
    files: 0,
    events: 0,
    manifestSha256: null,
    problems: [{ kind: 'not_a_case_file', detail }],
  });
  if (zip.length > MAX_ZIP_BYTES) return fail('larger than any case file');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (err) {
    return fail(`not a readable zip: ${(err as Error).message}`);
  }
  const raw = entries['manifest.json'];
  if (!raw) return fail('no manifest.json');
  let m: Manifest;
  try {
    m = JSON.parse(strFromU8(raw)) as Manifest;
  } catch {
    return fail('manifest.json is not JSON');
  }
  if (m.format !== 'kameng-casefile/1' || !Array.isArray(m.files) || !Array.isArray(m.timeline))
    return fail('manifest.json is not a Kameng case-file manifest');
  const problems: VerifyProblem[] = [];
  const listed = new Set<string>();
  for (const f of m.files) {
    listed.add(f.path);
    const data = entries[f.path];
    if (!data) {
      problems.push({ kind: 'file_missing', path: f.path });
      continue;
    }
    const actual = sha256Hex(data);
    if (actual !== f.sha256)
      problems.push({ kind: 'file_changed', path: f.path, expected: f.sha256, actual });
  }
  for (const path of Object.keys(entries))
    if (path !== 'manifest.json' && !path.endsWith('/') && !listed.has(path))
      problems.push({ kind: 'file_unlisted', path });
  const recomputed = hashChain(
    m.refundNo,
    m.timeline.map((t) => t.event),
  );
  let firstBreak = -1;
  recomputed.forEach((t, i) => {
    if (t.hash !== m.timeline[i]!.hash && firstBreak < 0) firstBreak = i;
  });
  // The first event whose hash does not match is the one changed; every later hash follows from it.
  if (firstBreak >= 0) {
    const t = m.timeline[firstBreak]!;
    problems.push({ kind: 'event_changed', seq: t.seq, eventId: t.event.id, eventKind: t.event.kind });
  }
  const head = recomputed.at(-1)?.hash ?? chainSeed(m.refundNo);
  if (firstBreak < 0 && head !== m.chainHead)
    problems.push({ kind: 'chain_head', expected: m.chainHead, actual: head });
  return {
    ok: problems.length === 0,
    refundNo: m.refundNo,
    files: m.files.length,
    events: m.timeline.length,
    manifestSha256: sha256Hex(raw),
    problems,
  };
}

/** One line per problem, for people. */
export function describeProblem(p: VerifyProblem): string {
  switch (p.kind) {
    case 'not_a_case_file':
      return `not a case file: ${p.detail}`;
    case 'file_changed':
      return `${p.path} changed: SHA-256 ${p.actual}, manifest says ${p.expected}`;
    case 'file_missing':
      return `${p.path} is listed in the manifest but not in the zip`;
    case 'file_unlisted':
      return `${p.path} is in the zip but not in the manifest`;
    case 'event_changed':
      return `timeline event #${p.seq} (id ${p.eventId}, ${p.eventKind}) changed: its hash does not match`;
    case 'chain_head':
      return `the chain head ${p.actual} does not match the manifest's ${p.expected}`;
  }
}
