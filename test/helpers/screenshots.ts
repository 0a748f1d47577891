// Screenshots for tests: the demo's drawing (sharp, no browser).
export { orderScreenshot } from '../../src/demo/demo-screenshot.ts';
