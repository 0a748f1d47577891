import type { Readable } from 'node:stream';

/**
 * Where uploaded bytes live (evidence files, thumbnails). A key is an opaque string chosen by the
 * caller (e.g. `evidence/ev_…`); the store decides where it goes. `put` is all-or-nothing: a reader
 * sees either no blob or the whole of it, never a half-written one.
 */
export interface BlobStore {
  /** Stores the bytes under `key`, replacing what was there. A stream that fails leaves nothing behind. */
  put(key: string, data: Buffer | Readable): Promise<void>;
  /** The bytes as a stream, or null if there is no such blob. */
  get(key: string): Promise<Readable | null>;
  /** Removes the blob; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Keys are short printable strings; anything else is a bug in the caller. */
export function assertBlobKey(key: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (typeof key !== 'string' || key.length === 0 || key.length > 512 || /[\u0000-\u001f\u007f]/.test(key))
    throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
}
