// Reads one image with the OCR engine and prints the check as JSON: run by the evidence-checks test in
// a process without network (unshare -rn), proving the trained data loads from node_modules.
import { readFile } from 'node:fs/promises';
import { OcrEngine, ocrCheck } from '../../src/modules/evidence/checks/ocr.ts';

const engine = await OcrEngine.start(1);
try {
  const check = await ocrCheck(engine, await readFile(process.argv[2]!));
  process.stdout.write(JSON.stringify(check));
} finally {
  await engine.stop();
}
