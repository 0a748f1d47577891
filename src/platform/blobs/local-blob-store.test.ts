import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localBlobStore } from './local-blob-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-blobs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function allFiles(d: string): Promise<string[]> {
  const entries = await readdir(d, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('localBlobStore', () => {
  it('stores buffers and streams, reads them back, deletes them', async () => {
    const store = localBlobStore(dir);
    await store.put('evidence/a', Buffer.from('hello'));
    await store.put('evidence/b', Readable.from([Buffer.from('wor'), Buffer.from('ld')]));
    expect(await text((await store.get('evidence/a'))!)).toBe('hello');
    expect(await text((await store.get('evidence/b'))!)).toBe('world');
    expect(await store.exists('evidence/a')).toBe(true);
    await store.delete('evidence/a');
    await store.delete('evidence/a');
    expect(await store.exists('evidence/a')).toBe(false);
    expect(await store.get('evidence/a')).toBeNull();
  });

  it('replaces a blob whole', async () => {
    const store = localBlobStore(dir);
    await store.put('k', Buffer.from('first version'));
    await store.put('k', Buffer.from('2nd'));
    expect(await text((await store.get('k'))!)).toBe('2nd');
  });

  it('keeps every key inside its directory, sharded by hash', async () => {
    const store = localBlobStore(path.join(dir, 'store'));
    for (const key of ['../../escape', '/etc/passwd', 'a/../../b', '..\\x'])
      await store.put(key, Buffer.from(key));
    const files = await allFiles(dir);
    expect(files).toHaveLength(4);
    for (const f of files) {
      expect(f.startsWith(path.join(dir, 'store') + path.sep)).toBe(true);
      expect(path.relative(path.join(dir, 'store'), f)).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    }
    expect(await readFile(files[0]!, 'utf8')).toMatch(/escape|passwd|b|x/);
  });

  it('refuses empty or control-character keys', async () => {
    const store = localBlobStore(dir);
    await expect(store.put('', Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
    await expect(store.get('a\u0000b')).rejects.toThrow(/invalid blob key/);
  });

  it('leaves nothing behind when the source stream fails', async () => {
    const store = localBlobStore(dir);
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('broken', failing)).rejects.toThrow('client went away');
    expect(await store.exists('broken')).toBe(false);
    expect(await allFiles(dir)).toEqual([]);
  });

  it('creates nothing until the first write', async () => {
    localBlobStore(path.join(dir, 'lazy'));
    expect(await readdir(dir)).toEqual([]);
  });
});
