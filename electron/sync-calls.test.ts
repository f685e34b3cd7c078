import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import allowed from './sync-calls.json' with { type: 'json' };

/**
 * DESIGN.md: no process's main thread blocks. Every synchronous filesystem or process call under
 * electron/ is listed in sync-calls.json with the reason it is acceptable; adding one fails here
 * until it is listed (with a reason), and removing one fails until the list says so too, so the
 * list never hides a new call behind an old count.
 */

const ELECTRON_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(ELECTRON_DIR);

/** A call of any `…Sync(` function, or a process helper named without a call (passed as a value). */
const SYNC_CALL = /\b\w+Sync\s*\(|\b(?:execSync|execFileSync|spawnSync)\b(?!\s*\()/g;

interface Entry {
  count: number;
  reason: string;
}

/** Comments and import lists mention these names without calling them. */
export function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    .replace(/^import\s[\s\S]*?from\s*['"][^'"]+['"];?/gm, '');
}

export function countSyncCalls(source: string): number {
  return codeOnly(source).match(SYNC_CALL)?.length ?? 0;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (/\.c?ts$/.test(entry.name) && !/\.test\.c?ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('synchronous calls under electron/', () => {
  it('counts what it should', () => {
    expect(countSyncCalls("import { openSync } from 'node:fs';\nopenSync(p); // readFileSync(x)\n/* execSync( */ fs.mkdirSync (d);")).toBe(2);
    expect(countSyncCalls('const run = spawnSync;')).toBe(1);
  });

  it('match the checked-in list, file by file', async () => {
    const found: Record<string, number> = {};
    for (const file of await sourceFiles(ELECTRON_DIR)) {
      const count = countSyncCalls(await readFile(file, 'utf8'));
      if (count > 0) found[path.relative(ROOT, file).split(path.sep).join('/')] = count;
    }
    const listed = allowed as Record<string, Entry>;
    const problems: string[] = [];
    for (const [file, count] of Object.entries(found)) {
      const entry = listed[file];
      if (!entry) problems.push(`${file}: ${count} synchronous call(s) not in electron/sync-calls.json; make them async, or list them with the reason they cannot block anything that matters`);
      else if (count > entry.count) problems.push(`${file}: ${count} synchronous calls, the list allows ${entry.count}; the new one needs an async version or a reason in electron/sync-calls.json`);
      else if (count < entry.count) problems.push(`${file}: ${count} synchronous calls, the list says ${entry.count}; lower the count in electron/sync-calls.json`);
    }
    for (const file of Object.keys(listed)) {
      if (!(file in found)) problems.push(`${file}: no synchronous calls left; remove its entry from electron/sync-calls.json`);
    }
    for (const [file, entry] of Object.entries(listed)) {
      if (entry.reason.trim() === '') problems.push(`${file}: its entry in electron/sync-calls.json needs a reason`);
    }
    expect(problems).toEqual([]);
  });
});
