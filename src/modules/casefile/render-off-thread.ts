import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CaseFileFacts } from './collect.ts';

/**
 * Renders case-file PDFs on a worker thread of their own, so a build (pdfkit is synchronous JavaScript:
 * 0.5–3 s for a file with its font subset) never holds the process's event loop — in the default single
 * process, API requests keep being answered while files are built. One thread per process, started on
 * the first build and kept (it holds the 17 MB font read once); unref'd, so it never keeps a process
 * alive; a thread that dies is replaced on the next build.
 */
const require = createRequire(import.meta.url);

// The thread runs the TypeScript module through tsx, as bin/kameng.js does for the main thread.
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
import(pathToFileURL(workerData.tsx).href)
  .then(({ register }) => {
    register();
    return import(pathToFileURL(workerData.module).href);
  })
  .then(({ renderCaseFilePdf }) => {
  parentPort.on('message', ({ id, facts }) => {
    renderCaseFilePdf(facts).then(
      (pdf) => parentPort.postMessage({ id, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) }),
      (err) => parentPort.postMessage({ id, error: String((err && err.stack) || err) }),
    );
  });
});
`;

type Pending = { resolve: (pdf: Buffer) => void; reject: (err: Error) => void };
type Renderer = { worker: Worker; pending: Map<number, Pending> };

let renderer: Renderer | null = null;
let nextId = 0;

function start(): Renderer {
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: {
      // tsx's ESM entry (its CommonJS one resolves its own files wrongly from an eval'd thread).
      tsx: require.resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs'),
      module: new URL('./render-pdf.ts', import.meta.url).pathname,
    },
  });
  worker.unref();
  const r: Renderer = { worker, pending: new Map() };
  const failAll = (err: Error) => {
    if (renderer === r) renderer = null;
    for (const p of r.pending.values()) p.reject(err);
    r.pending.clear();
  };
  worker.on('message', (m: { id: number; pdf?: Uint8Array; error?: string }) => {
    const p = r.pending.get(m.id);
    if (!p) return;
    r.pending.delete(m.id);
    if (m.pdf) p.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
    else p.reject(new Error(m.error ?? 'case file render failed'));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`case file renderer exited (${code})`)));
  return r;
}

/** The PDF of a case file, rendered off the event loop. */
export function renderCaseFilePdfOffThread(facts: CaseFileFacts): Promise<Buffer> {
  renderer ??= start();
  const r = renderer;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    r.pending.set(id, { resolve, reject });
    r.worker.postMessage({ id, facts });
  });
}

/** Stops the thread (at shutdown); a later build starts another. */
export async function stopCaseFileRenderer(): Promise<void> {
  const r = renderer;
  renderer = null;
  if (r) await r.worker.terminate();
}
