import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const serverUrl = 'http://localhost:3000';
const proxiedPaths = ['/api', '/healthz', '/readyz', '/docs', '/openapi.json'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // One ~1 MB bundle (mostly antd, ~300 kB gzipped) is fine for a console; split by route as pages grow.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: Object.fromEntries(proxiedPaths.map((path) => [path, serverUrl])),
  },
});
