'use strict';
/**
 * The OCR worker thread: tesseract.js's own worker script, run at the lowest CPU priority there is. On
 * Linux the scheduling of a thread is its own: this thread asks for SCHED_IDLE (it runs only on CPU no
 * other thread wants, and gives way at once when a request needs it) through util-linux's `chrt`, and
 * for nice 10 in case that is not available. When the machine answers requests, OCR takes what is left;
 * when it is idle, OCR gets all of it (issue 15: the API must not slow down while checks run —
 * docs/benchmarks.md). Elsewhere, best effort.
 */
const os = require('node:os');
const { readlinkSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

const NICE = 10;
try {
  os.setPriority(0, Math.max(os.getPriority(0), NICE));
} catch {
  // Not allowed or not supported: OCR runs at the process's priority.
}
try {
  const tid = readlinkSync('/proc/thread-self').split('/').pop();
  spawnSync('chrt', ['--idle', '-p', '0', tid], { stdio: 'ignore', timeout: 2000 });
} catch {
  // No /proc or no chrt: nice alone.
}
require('tesseract.js/src/worker-script/node/index.js');
