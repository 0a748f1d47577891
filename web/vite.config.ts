import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `name.br` and `name.gz` beside every text file of the build, at the strongest settings (once, at
 * build time, instead of per request): the server sends whichever the browser accepts (@fastify/static
 * `preCompressed`). A variant that does not come out smaller is not written.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'kameng-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|html|svg|json)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const full = path.join(outDir, file);
          const bytes = await readFile(full);
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
              },
            }),
            gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          if (br.length < bytes.length) await writeFile(`${full}.br`, br);
          if (gz.length < bytes.length) await writeFile(`${full}.gz`, gz);
        }),
      );
    },
  };
}

// 127.0.0.1, not localhost: a demo server listens on IPv4 loopback only, and localhost may resolve to ::1.
const serverUrl = 'http://127.0.0.1:3000';
const proxiedPaths = ['/api', '/healthz', '/readyz', '/docs', '/openapi.json'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Pages are split by route (sectionPages.tsx); the shared shell (React, antd's core) stays one chunk.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        // The antd code most pages share (imported by ≥ 16 chunks) in one chunk: left to itself, the
        // bundler cut it into some 50 small chunks by which pages import each part, so a first visit
        // fetched many of them, each with its own request and compression context (the buyer's order
        // list: 55 scripts, 405 KB; with this group 23 scripts, ≈ 362 KB).
        advancedChunks: {
          groups: [{ name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-)/, minShareCount: 16 }],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(proxiedPaths.map((path) => [path, serverUrl])),
  },
});
