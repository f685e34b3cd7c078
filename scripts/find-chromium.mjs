#!/usr/bin/env node
// Finds the Chromium (or Chrome) that the browser tests and benchmarks drive with playwright-core,
// which brings no browser of its own. Plain JavaScript: `npm test` runs it before anything is built,
// so a machine without a browser stops at once with one line saying what to install, instead of a
// Playwright launch stack trace after the whole build and unit suite.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Names a Chromium or Chrome goes by on PATH (Debian, Ubuntu, Fedora, Homebrew, Google's packages). */
export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** macOS apps are not on PATH: where the Chromium and Google Chrome casks put them. */
export const MACOS_APPS = ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export const INSTALL_HINT =
  'install one: Debian/Ubuntu `sudo apt-get install chromium`, macOS `brew install --cask chromium` (or Google Chrome); or set CHROMIUM_PATH to its executable';

function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * CHROMIUM_PATH when set (and then only it: a wrong one is an error, not a reason to pick another
 * browser), else the first of BROWSER_NAMES on PATH, else (macOS) an installed app.
 * @param {{ env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, isExecutable?: (file: string) => boolean }} [options]
 * @returns {{ ok: true, path: string } | { ok: false, message: string }}
 */
export function findChromium({ env = process.env, platform = process.platform, isExecutable = isExecutableFile } = {}) {
  const explicit = env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') {
    if (isExecutable(explicit)) return { ok: true, path: explicit };
    return { ok: false, message: `CHROMIUM_PATH is ${explicit}, which is not an executable file: point it at a Chromium or Chrome executable, or unset it to look on PATH` };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const name of BROWSER_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { ok: true, path: candidate };
    }
  }
  if (platform === 'darwin') {
    for (const app of MACOS_APPS) if (isExecutable(app)) return { ok: true, path: app };
  }
  return { ok: false, message: `no Chromium or Chrome found (CHROMIUM_PATH is not set; none of ${BROWSER_NAMES.join(', ')} is on PATH): ${INSTALL_HINT}` };
}

// `node scripts/find-chromium.mjs` prints the browser's path (`--check`: says which browser the
// tests will use); without one it prints one line to stderr and exits 1. `npm test` and
// `npm run test:e2e` start with `--check`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const found = findChromium();
  if (found.ok) {
    console.log(process.argv.includes('--check') ? `Browser tests use ${found.path}` : found.path);
  } else {
    console.error(`The browser tests need Chromium: ${found.message}.`);
    process.exitCode = 1;
  }
}
