import { OcrEngine } from './src/modules/evidence/checks/ocr.ts';
const e = await OcrEngine.start(1); await e.stop(); console.log('done');
