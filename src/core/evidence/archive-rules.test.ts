import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArchiveEntry,
  checkArchive,
  checkMemberType,
  isSafeArchivePath,
  isSymlink,
} from './archive-rules.ts';

const file = (name: string, over: Partial<ArchiveEntry> = {}): ArchiveEntry => ({
  name,
  compressedSize: 1000,
  uncompressedSize: 1200,
  externalAttributes: (0o100644 << 16) >>> 0,
  encrypted: false,
  ...over,
});
const MiB = 1024 * 1024;

describe('isSafeArchivePath', () => {
  it('accepts plain relative names, nested folders and Chinese names', () => {
    for (const p of ['a.png', 'photos/2024/a.png', 'photos/', '截图/订单.jpg', 'a..b.png', '.hidden.png'])
      expect(isSafeArchivePath(p), p).toBe(true);
  });
  it('refuses traversal, absolute paths, backslashes, drive letters and control characters', () => {
    for (const p of [
      '../x.png',
      'a/../../x.png',
      'a/..',
      '..',
      './a.png',
      '/etc/passwd',
      '//server/share.png',
      'C:x.png',
      'c:/windows/x.png',
      '..\\x.png',
      'a\\b.png',
      'a//b.png',
      'a\u0000.png',
      'a\n.png',
      '',
    ])
      expect(isSafeArchivePath(p), JSON.stringify(p)).toBe(false);
  });
  it('never lets a `..` segment through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b.png', '..', '.', ''), { maxLength: 6 }), (parts) => {
        const p = parts.join('/');
        if (isSafeArchivePath(p)) expect(p.split('/')).not.toContain('..');
      }),
    );
  });
});

describe('isSymlink', () => {
  it('reads the Unix file type from the high 16 bits', () => {
    expect(isSymlink((0o120777 << 16) >>> 0)).toBe(true);
    expect(isSymlink((0o100644 << 16) >>> 0)).toBe(false);
    expect(isSymlink((0o040755 << 16) >>> 0)).toBe(false);
    expect(isSymlink(0x20)).toBe(false); // a DOS "archive" attribute, no Unix mode
  });
});

describe('checkArchive', () => {
  it('keeps images, skips folders and OS junk', () => {
    const v = checkArchive([
      file('shots/'),
      file('shots/a.png'),
      file('shots/b.JPG'),
      file('__MACOSX/shots/._a.png'),
      file('shots/.DS_Store'),
    ]);
    expect(v).toEqual({ ok: true, images: [file('shots/a.png'), file('shots/b.JPG')] });
  });
  it('refuses path tricks, symlinks, encryption and nested archives as unsafe', () => {
    expect(checkArchive([file('a.png'), file('../x.png')])).toMatchObject({
      ok: false,
      problem: 'unsafe',
      reason: 'bad_path',
      entry: '../x.png',
    });
    expect(checkArchive([file('ok.png', { rawName: '..\\evil.png' })])).toMatchObject({ reason: 'bad_path' });
    expect(checkArchive([file('link.png', { externalAttributes: (0o120777 << 16) >>> 0 })])).toMatchObject({
      problem: 'unsafe',
      reason: 'symlink',
    });
    expect(checkArchive([file('a.png', { encrypted: true })])).toMatchObject({ reason: 'encrypted' });
    expect(checkArchive([file('inner.zip')])).toMatchObject({ problem: 'unsafe', reason: 'nested_archive' });
    expect(checkArchive([file('x/inner.tar.gz')])).toMatchObject({ reason: 'nested_archive' });
  });
  it('refuses bombs: too many entries, too much in total, a high ratio', () => {
    const many = Array.from({ length: 51 }, (_, i) => file(`${i}.png`));
    expect(checkArchive(many)).toMatchObject({ problem: 'bomb', reason: 'too_many_entries' });
    expect(checkArchive(many.slice(0, 50))).toMatchObject({ ok: true });
    const big = Array.from({ length: 11 }, (_, i) =>
      file(`${i}.png`, { compressedSize: 10 * MiB, uncompressedSize: 10 * MiB }),
    );
    expect(checkArchive(big)).toMatchObject({ problem: 'bomb', reason: 'total_too_large' });
    const zeros = file('zeros.png', { compressedSize: 200 * 1024, uncompressedSize: 200 * MiB });
    expect(checkArchive([zeros])).toMatchObject({ problem: 'bomb', reason: 'total_too_large' });
    const dense = file('dense.png', { compressedSize: 5 * 1024, uncompressedSize: 5 * MiB });
    expect(checkArchive([dense])).toMatchObject({ problem: 'bomb', reason: 'ratio_too_high' });
    // Tiny files may compress well without being a bomb.
    expect(checkArchive([file('t.png', { compressedSize: 2, uncompressedSize: 1000 })])).toMatchObject({
      ok: true,
    });
  });
  it('refuses members that are not images by name, or too large for an image', () => {
    expect(checkArchive([file('a.png'), file('notes.txt')])).toMatchObject({
      problem: 'not_allowed',
      entry: 'notes.txt',
    });
    expect(checkArchive([file('noext')])).toMatchObject({ problem: 'not_allowed' });
    expect(
      checkArchive([file('huge.png', { compressedSize: 11 * MiB, uncompressedSize: 11 * MiB })]),
    ).toMatchObject({ problem: 'too_large', reason: 'member_too_large' });
  });
  it('refuses an archive with no image in it', () => {
    expect(checkArchive([])).toMatchObject({ problem: 'empty' });
    expect(checkArchive([file('dir/'), file('__MACOSX/._x.png')])).toMatchObject({ problem: 'empty' });
  });
});

describe('checkMemberType', () => {
  it('trusts the sniffed bytes, not the name', () => {
    expect(checkMemberType('a.png', 'image/png')).toEqual({ ok: true });
    expect(checkMemberType('a.png', 'image/jpeg')).toEqual({ ok: true });
    expect(checkMemberType('a.png', 'application/zip')).toMatchObject({ reason: 'nested_archive' });
    expect(checkMemberType('a.png', 'application/gzip')).toMatchObject({ reason: 'nested_archive' });
    expect(checkMemberType('a.png', 'video/mp4')).toMatchObject({ reason: 'not_an_image' });
    expect(checkMemberType('a.png', null)).toMatchObject({ reason: 'not_an_image' });
  });
});
