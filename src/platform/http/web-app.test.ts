import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheControlFor } from './web-app.ts';

describe('cacheControlFor', () => {
  const root = path.resolve('/srv/kameng/dist/web');
  it('caches hashed assets for a year, immutable', () => {
    expect(cacheControlFor(root, path.join(root, 'assets/index-B5BXDqMa.js'))).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(cacheControlFor(root, path.join(root, 'assets/index-B5BXDqMa.css'))).toMatch(/immutable/);
  });

  it('makes the shell and unhashed files revalidate', () => {
    for (const file of ['index.html', 'favicon.svg', 'assets/nested/x.js'])
      expect(cacheControlFor(root, path.join(root, file)), file).toBe('no-cache');
  });
});
