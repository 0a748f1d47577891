import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, type BlobStore } from './blob-store.ts';

/**
 * Blobs as files under `dir`. A key's file is named by the SHA-256 of the key and sharded by its
 * first two bytes (`ab/cd/abcd…`), so no key — whatever `..` or `/` it holds — can name a path
 * outside `dir`, and no directory grows to millions of entries. Writes go to `dir/.tmp` first and are
 * renamed into place (atomic on one filesystem). Directories are created on first write, so merely
 * configuring a store touches nothing.
 */
export function localBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir);
  const tmpDir = path.join(root, '.tmp');

  const fileOf = (key: string) => {
    assertBlobKey(key);
    const h = createHash('sha256').update(key, 'utf8').digest('hex');
    return path.join(root, h.slice(0, 2), h.slice(2, 4), h);
  };

  return {
    async put(key, data) {
      const target = fileOf(key);
      await mkdir(tmpDir, { recursive: true });
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
      try {
        const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
        await pipeline(source, createWriteStream(tmp, { flags: 'wx' }));
        await rename(tmp, target);
      } catch (err) {
        await unlink(tmp).catch(() => {});
        throw err;
      }
    },

    async get(key) {
      const file = fileOf(key);
      try {
        await stat(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      return createReadStream(file);
    },

    async delete(key) {
      await unlink(fileOf(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    },

    async exists(key) {
      return stat(fileOf(key)).then(
        (s) => s.isFile(),
        () => false,
      );
    },
  };
}
