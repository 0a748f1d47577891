import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition } from './file-name.ts';
import { checkCaseCapacity, countForCase, EVIDENCE_LIMITS, kindOf, MAX_UPLOAD_BYTES } from './limits.ts';

describe('kindOf', () => {
  it('maps the accepted sniffed types to kinds and refuses the rest', () => {
    expect(kindOf('image/png')).toBe('image');
    expect(kindOf('image/jpeg')).toBe('image');
    expect(kindOf('image/webp')).toBe('image');
    expect(kindOf('video/mp4')).toBe('video');
    expect(kindOf('video/webm')).toBe('video');
    expect(kindOf('application/zip')).toBe('archive');
    for (const t of [
      'image/gif',
      'image/svg+xml',
      'text/html',
      'application/pdf',
      'video/quicktime',
      '',
      null,
    ])
      expect(kindOf(t)).toBeNull();
  });
  it('caps uploads at the largest per-kind limit', () => {
    expect(MAX_UPLOAD_BYTES).toBe(EVIDENCE_LIMITS.maxBytes.video);
  });
});

describe('case capacity', () => {
  const caps = { files: 20, bytes: 100 };
  it('counts images, videos and archive members as files, and uploads (not members) as bytes', () => {
    expect(countForCase({ kind: 'image', sizeBytes: 10, isMember: false })).toEqual({ files: 1, bytes: 10 });
    expect(countForCase({ kind: 'archive', sizeBytes: 30, isMember: false })).toEqual({
      files: 0,
      bytes: 30,
    });
    expect(countForCase({ kind: 'image', sizeBytes: 12, isMember: true })).toEqual({ files: 1, bytes: 0 });
  });
  it('allows up to the caps, refuses past them and says which', () => {
    expect(checkCaseCapacity({ files: 19, bytes: 90 }, { files: 1, bytes: 10 }, caps)).toEqual({ ok: true });
    expect(checkCaseCapacity({ files: 19, bytes: 0 }, { files: 2, bytes: 0 }, caps)).toEqual({
      ok: false,
      limit: 'files',
      max: 20,
      would: 21,
    });
    expect(checkCaseCapacity({ files: 0, bytes: 95 }, { files: 1, bytes: 6 }, caps)).toMatchObject({
      ok: false,
      limit: 'bytes',
    });
  });
});

describe('file names', () => {
  it('keeps the last segment without control or bidi characters', () => {
    expect(cleanFileName('C:\\Users\\me\\截图.png')).toBe('截图.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('evil\u202egpj.exe')).toBe('evilgpj.exe');
    expect(cleanFileName('a\r\nb.png')).toBe('ab.png');
    expect(cleanFileName('', 'upload')).toBe('upload');
    expect(cleanFileName('..')).toBe('file');
    expect([...cleanFileName('长'.repeat(500))]).toHaveLength(200);
  });
  it('builds a header that cannot be broken out of', () => {
    expect(contentDisposition('订单 "1".png')).toBe(
      `inline; filename="__ _1_.png"; filename*=UTF-8''%E8%AE%A2%E5%8D%95%20%221%22.png`,
    );
    expect(contentDisposition("it's (1).png")).toContain("filename*=UTF-8''it%27s%20%281%29.png");
  });
});
