import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium, MACOS_APPS } from '../../scripts/find-chromium.mjs';
import { tempDir } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FINDER = path.join(ROOT, 'scripts', 'find-chromium.mjs');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function dir(): Promise<string> {
  const made = await tempDir('find-chromium');
  cleanups.push(made.cleanup);
  return made.dir;
}

/** A file at `dir/name`, executable unless said otherwise. */
async function program(at: string, name: string, executable = true): Promise<string> {
  await mkdir(at, { recursive: true });
  const file = path.join(at, name);
  await writeFile(file, '#!/bin/sh\nexit 0\n');
  await chmod(file, executable ? 0o755 : 0o644);
  return file;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, and says so when it is not an executable', async () => {
    const base = await dir();
    const mine = await program(path.join(base, 'custom'), 'my-chrome');
    const onPath = await program(path.join(base, 'bin'), 'chromium');
    expect(findChromium({ env: { CHROMIUM_PATH: mine, PATH: path.dirname(onPath) } })).toEqual({ ok: true, path: mine });
    const notExecutable = await program(base, 'plain-file', false);
    for (const wrong of [notExecutable, path.join(base, 'missing'), base]) {
      const found = findChromium({ env: { CHROMIUM_PATH: wrong, PATH: path.dirname(onPath) } });
      expect(found).toEqual({ ok: false, message: expect.stringContaining(`CHROMIUM_PATH is ${wrong}, which is not an executable file`) });
    }
  });

  it('looks for the usual names on PATH, chromium before chrome, skipping files it cannot run', async () => {
    const base = await dir();
    const chrome = await program(path.join(base, 'a'), 'google-chrome');
    await program(path.join(base, 'b'), 'chromium', false);
    const browser = await program(path.join(base, 'c'), 'chromium-browser');
    const PATH = [path.join(base, 'a'), path.join(base, 'b'), path.join(base, 'c')].join(path.delimiter);
    expect(findChromium({ env: { PATH } })).toEqual({ ok: true, path: browser });
    expect(findChromium({ env: { PATH: path.join(base, 'a'), CHROMIUM_PATH: '' } })).toEqual({ ok: true, path: chrome });
  });

  it('finds the macOS apps, which are not on PATH, only on macOS', () => {
    const app = MACOS_APPS[1]!;
    const isExecutable = (file: string) => file === app;
    expect(findChromium({ env: { PATH: '' }, platform: 'darwin', isExecutable })).toEqual({ ok: true, path: app });
    expect(findChromium({ env: { PATH: '' }, platform: 'linux', isExecutable }).ok).toBe(false);
  });

  it('says what to install when there is none', async () => {
    const found = findChromium({ env: { PATH: await dir() }, platform: 'linux' });
    expect(found.ok).toBe(false);
    const message = found.ok ? '' : found.message;
    expect(message).toContain('apt-get install chromium');
    expect(message).toContain('brew install --cask chromium');
    expect(message).toContain('CHROMIUM_PATH');
  });
});

describe('scripts/find-chromium.mjs', () => {
  it('prints the browser it found, or one line saying what to install and exits 1', async () => {
    const base = await dir();
    const browser = await program(path.join(base, 'bin'), 'chromium');
    const found = await run(process.execPath, [FINDER, '--check'], { PATH: path.dirname(browser) });
    expect(found).toEqual({ code: 0, stdout: `Browser tests use ${browser}\n`, stderr: '' });
    expect((await run(process.execPath, [FINDER], { PATH: path.dirname(browser) })).stdout).toBe(`${browser}\n`);
    const none = await run(process.execPath, [FINDER, '--check'], { PATH: path.join(base, 'empty') });
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^The browser tests need Chromium: .*apt-get install chromium.*$/)]);
  });

  // Regression: on a machine without Chromium, `npm install` then `npm test` built, type-checked,
  // linted and ran every unit test, then ended in a Playwright launch stack trace.
  it('stops `npm test` before anything runs when no browser is found', async () => {
    const npmCli = [process.env.npm_execpath, path.join(path.dirname(realpathSync(process.execPath)), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')].find(
      (p): p is string => p !== undefined && /npm-cli\.js$/.test(p) && existsSync(p),
    );
    expect(npmCli, 'npm-cli.js not found next to node').toBeDefined();
    // A PATH with only node and sh: no browser, as on a fresh machine.
    const bin = path.join(await dir(), 'bin');
    await mkdir(bin);
    await symlink(process.execPath, path.join(bin, 'node'));
    await symlink(realpathSync('/bin/sh'), path.join(bin, 'sh'));
    const result = await run(process.execPath, [npmCli!, 'test'], { PATH: bin, HOME: await dir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The browser tests need Chromium: no Chromium or Chrome found');
    // npm announces each script it starts ("> baton@… build"): the build never started.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/> baton@\S+ build/);
  });
});
