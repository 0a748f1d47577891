'use strict';
/**
 * The OCR worker thread: tesseract.js's own worker script, run at a lower CPU priority. On Linux the nice
 * value belongs to a thread, so `setPriority(0, …)` here lowers only this thread: when the machine is
 * busy answering requests, OCR takes what is left; when it is idle, OCR gets all of it (issue 15: the
 * API must not slow down while checks run — docs/benchmarks.md). Elsewhere it is best effort.
 */
const os = require('node:os');

const NICE = 10;
try {
  os.setPriority(0, Math.max(os.getPriority(0), NICE));
} catch {
  // Not allowed or not supported: OCR runs at the process's priority.
}
require('tesseract.js/src/worker-script/node/index.js');
