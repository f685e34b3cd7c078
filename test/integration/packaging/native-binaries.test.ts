// The beforePack hook that stops a build lacking node-pty's or libsql's binary for its target
// (scripts/native-binaries.mjs), against small real node_modules trees, and the targets
// electron-builder.yml asks for against the binaries libsql and node-pty publish.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { beforePack, libsqlPackage, missingNativeBinaries } from '../../../scripts/native-binaries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** electron-builder's Arch enum values (builder-util): what the hook receives. */
const ARCH = { x64: 1, arm64: 3 } as const;

/** A project whose node_modules holds exactly `files` (paths under node_modules). */
async function project(files: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-native-'));
  await writeFile(path.join(dir, 'package.json'), '{"name":"fixture"}');
  await mkdir(path.join(dir, 'node_modules', 'libsql'), { recursive: true });
  await writeFile(path.join(dir, 'node_modules', 'libsql', 'package.json'), '{"name":"libsql","version":"0.5.29"}');
  for (const f of files) {
    await mkdir(path.dirname(path.join(dir, 'node_modules', f)), { recursive: true });
    await writeFile(path.join(dir, 'node_modules', f), 'binary');
  }
  return dir;
}

describe('native binaries for the packed platform and arch', () => {
  const made: string[] = [];
  afterEach(async () => {
    for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const fixture = async (files: string[]): Promise<string> => {
    const dir = await project(files);
    made.push(dir);
    return dir;
  };

  it('this checkout has them for this machine', () => {
    if (!['darwin', 'linux', 'win32'].includes(process.platform)) return;
    expect(missingNativeBinaries({ projectDir: root, platform: process.platform, arch: process.arch })).toEqual([]);
  });

  it('a macOS build for both arches needs both libsql packages; node-pty brings both prebuilds', async () => {
    const prebuilds = ['node-pty/prebuilds/darwin-arm64/pty.node', 'node-pty/prebuilds/darwin-x64/pty.node'];
    const armOnly = await fixture([...prebuilds, '@libsql/darwin-arm64/index.node']);
    const host = { platform: 'darwin', arch: 'arm64' };
    expect(missingNativeBinaries({ projectDir: armOnly, platform: 'darwin', arch: 'arm64', host })).toEqual([]);
    const x64 = missingNativeBinaries({ projectDir: armOnly, platform: 'darwin', arch: 'x64', host });
    expect(x64).toHaveLength(1);
    expect(x64[0]).toContain('@libsql/darwin-x64 is not installed');
    expect(x64[0]).toContain('npm install --no-save --force @libsql/darwin-x64@0.5.29');
    const both = await fixture([...prebuilds, '@libsql/darwin-arm64/index.node', '@libsql/darwin-x64/index.node']);
    expect(missingNativeBinaries({ projectDir: both, platform: 'darwin', arch: 'x64', host })).toEqual([]);
  });

  it('a Linux build needs node-pty compiled on a Linux machine of the same arch', async () => {
    const dir = await fixture(['node-pty/build/Release/pty.node', '@libsql/linux-x64-gnu/index.node', '@libsql/linux-arm64-gnu/index.node']);
    expect(missingNativeBinaries({ projectDir: dir, platform: 'linux', arch: 'x64', host: { platform: 'linux', arch: 'x64' } })).toEqual([]);
    expect(missingNativeBinaries({ projectDir: dir, platform: 'linux', arch: 'arm64', host: { platform: 'linux', arch: 'x64' } })).toEqual([
      'node-pty is compiled on install for the machine it is installed on (linux-x64): build linux-arm64 on a linux-arm64 machine',
    ]);
    expect(missingNativeBinaries({ projectDir: dir, platform: 'linux', arch: 'x64', host: { platform: 'darwin', arch: 'x64' } })[0]).toContain('node-pty is compiled on install');
    const uncompiled = await fixture(['@libsql/linux-x64-gnu/index.node']);
    expect(missingNativeBinaries({ projectDir: uncompiled, platform: 'linux', arch: 'x64', host: { platform: 'linux', arch: 'x64' } })[0]).toContain('npm rebuild node-pty');
  });

  it('the hook fails the build with every problem listed, and passes a complete one', async () => {
    const empty = await fixture([]);
    await expect(beforePack({ packager: { projectDir: empty }, electronPlatformName: 'win32', arch: ARCH.x64 })).rejects.toThrow(
      /Baton cannot be packaged for win32-x64:\n- @libsql\/win32-x64-msvc is not installed[^\n]*\n- node-pty ships no prebuilt binary for win32-x64/,
    );
    const win = await fixture(['@libsql/win32-x64-msvc/index.node', 'node-pty/prebuilds/win32-x64/pty.node']);
    await expect(beforePack({ packager: { projectDir: win }, electronPlatformName: 'win32', arch: ARCH.x64 })).resolves.toBeUndefined();
  });

  it('electron-builder.yml asks only for platforms and arches that libsql and node-pty publish binaries for', async () => {
    type Target = string | { target: string; arch?: string[] };
    const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, { target?: Target[] }>;
    const platforms = { mac: 'darwin', win: 'win32', linux: 'linux' } as const;
    const unsupported: string[] = [];
    for (const [key, platform] of Object.entries(platforms)) {
      for (const target of config[key]?.target ?? []) {
        // A target without arch builds for the host's: x64 on the machines Baton is released from.
        for (const arch of typeof target === 'string' ? ['x64'] : (target.arch ?? ['x64'])) {
          if (!libsqlPackage(platform, arch)) unsupported.push(`${platform}-${arch}`);
        }
      }
    }
    expect(unsupported).toEqual([]);
    expect(libsqlPackage('win32', 'arm64')).toBeNull();
  });
});
