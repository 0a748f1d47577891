import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { socketDirFor } from './embedded.ts';

describe('the embedded server’s Unix-socket directory', () => {
  it('is the data dir, made absolute', () => {
    expect(socketDirFor('/srv/kameng/data/pg', 5433)).toBe('/srv/kameng/data/pg');
    expect(socketDirFor('data/pg', 5433)).toBe(path.resolve('data/pg'));
  });

  it('is none (TCP only) when the socket path would pass 107 bytes', () => {
    const deep = `/${'d'.repeat(90)}`; // + "/.s.PGSQL.5433" = 105 bytes: fits
    expect(socketDirFor(deep, 5433)).toBe(deep);
    expect(socketDirFor(`${deep}xxx`, 5433)).toBeNull(); // 108 bytes
  });

  it('is none when the path holds characters the setting cannot carry (comma, space, quotes, non-ASCII)', () => {
    for (const dir of ['/srv/a,b/pg', '/srv/my data/pg', "/srv/o'brien/pg", '/srv/数据/pg']) {
      expect(socketDirFor(dir, 5433)).toBeNull();
    }
  });
});
