import path from 'node:path';
import type { FastifyStaticOptions } from '@fastify/static';

// Vite names every built asset by its content hash (assets/index-B5BXDqMa.js): a changed file is a new
// URL, so the old one may be cached for good. index.html, the favicon and other unhashed files must be
// revalidated every time (ETag → 304), or a deploy would leave browsers on the old asset names.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** How long a browser may keep a file of the built web app. */
export function cacheControlFor(root: string, file: string): string {
  const relative = path.relative(root, file).split(path.sep);
  return relative[0] === 'assets' && relative.length === 2 ? IMMUTABLE : REVALIDATE;
}

/**
 * @fastify/static options for the built web app (dist/web): brotli/gzip variants written at build time
 * are sent to browsers that accept them, with the cache policy above (also for the app shell that
 * client-side routes get through `sendFile('index.html')`).
 */
export function webAppStatic(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: false,
    index: 'index.html',
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, file) => res.setHeader('cache-control', cacheControlFor(root, file)),
  };
}
