import { readFile } from 'node:fs/promises';
import { describeProblem, verifyCaseFileZip } from '../modules/casefile/manifest.ts';

/**
 * `kameng casefile verify FILE.zip`: checks every file against manifest.json and the timeline's hash
 * chain. Prints what it found; exit code 0 when intact, 1 when anything changed, 2 when unreadable.
 */
export async function verifyCaseFileCommand(file: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    console.error(`cannot read ${file}: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const r = verifyCaseFileZip(bytes);
  if (r.ok) {
    console.log(`OK ${r.refundNo}: ${r.files} files and ${r.events} timeline events match the manifest`);
    console.log(
      `manifest.json SHA-256 ${r.manifestSha256} (compare with the platform's record of this export)`,
    );
    return;
  }
  console.log(`CHANGED ${r.refundNo ?? file}: ${r.problems.length} problem(s)`);
  for (const p of r.problems) console.log(`- ${describeProblem(p)}`);
  process.exitCode = r.problems.some((p) => p.kind === 'not_a_case_file') ? 2 : 1;
}
