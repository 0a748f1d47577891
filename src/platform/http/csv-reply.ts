import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { CSV_BOM } from '../../core/search/csv.ts';

/**
 * Streams a CSV download: the byte-order mark, then the lines as the generator yields them, so an
 * export holds one page of rows in memory at a time. The file name may be Chinese (RFC 5987).
 */
export function sendCsv(reply: FastifyReply, fileName: string, lines: AsyncIterable<string>) {
  async function* withBom() {
    yield CSV_BOM;
    yield* lines;
  }
  const ascii = fileName.replace(/[^\w.-]/g, '_');
  return reply
    .type('text/csv; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(Readable.from(withBom(), { objectMode: false }));
}

/** The most rows one export writes; past it the file ends with a line saying so. */
export const CSV_MAX_ROWS = 100_000;
