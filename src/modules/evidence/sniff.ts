import { fileTypeFromBuffer } from 'file-type';

/**
 * The MIME type the bytes say they are, or null if they say nothing we know. Only the head of a file
 * is given (EVIDENCE_LIMITS.sniffBytes): enough for every type we accept, and it keeps file-type from
 * walking a whole archive.
 */
export async function sniffType(head: Uint8Array): Promise<string | null> {
  if (head.length === 0) return null;
  return (await fileTypeFromBuffer(head))?.mime ?? null;
}
