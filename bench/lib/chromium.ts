import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FoundChromium, findChromium } from '../../scripts/find-chromium.mjs';

/**
 * The browser the UI benchmarks drive, found as `npm test` finds it (scripts/find-chromium.mjs:
 * CHROMIUM_PATH, else chromium/chrome on PATH). Loaded from the repository at run time: the
 * script is plain JavaScript outside the compiled tree.
 */
export async function findBenchChromium(root: string): Promise<FoundChromium> {
  const finder = (await import(pathToFileURL(path.join(root, 'scripts', 'find-chromium.mjs')).href)) as { findChromium: typeof findChromium };
  return finder.findChromium();
}
