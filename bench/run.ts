import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Runs every bench/*.bench.ts (or those named on the command line). Each prints its figures as a
 * ratio against a baseline measured in the same run, because absolute times drift on a shared machine.
 */
const dir = import.meta.dirname;
const only = process.argv.slice(2);
/** Benches that run only when named: `peers` installs a peer (Vendure) from the npm registry. */
const ON_DEMAND = ['peers.bench.ts'];
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => (only.length === 0 ? !ON_DEMAND.includes(f) : only.some((o) => f.includes(o))))
  .sort();

for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const mod = (await import(path.join(dir, file))) as { default: () => Promise<void> };
  await mod.default();
}
