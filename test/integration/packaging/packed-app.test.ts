// The real packer, run: `electron-builder --linux dir` with a stand-in for Electron's binary (which
// cannot be downloaded everywhere Baton is built), then app.asar and app.asar.unpacked as packed
// must be exactly the set the fast test (electron-builder-config.test.ts) reasons about. About 40 s
// on a 2-core machine, so not part of `npm test`: `npm run dist:check` runs it.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packagedFileSet, type BuilderConfig } from './packaged-file-set.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// @electron/asar is what electron-builder packs with: read the archive with the same library.
const asar = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'))('@electron/asar') as {
  getRawHeader(archive: string): { header: AsarNode };
};
interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
  link?: string;
}
/** Minutes the packer may take on a busy 2-core machine. */
const PACK_TIMEOUT_MS = 5 * 60_000;

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function archived(node: AsarNode, prefix: string, out: { packed: Set<string>; unpacked: Set<string> }): void {
  for (const [name, child] of Object.entries(node.files ?? {})) {
    const p = prefix ? `${prefix}/${name}` : name;
    if (child.files) archived(child, p, out);
    else if (!child.link) (child.unpacked ? out.unpacked : out.packed).add(p);
  }
}

describe.runIf(process.env.BATON_PACK_TEST === '1')('electron-builder --dir, run for real with a stand-in Electron', () => {
  let scratch: string | null = null;
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('packs exactly the computed file set, with the same files unpacked', async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'baton-pack-'));
    const electronDist = path.join(scratch, 'electron-dist');
    await mkdir(electronDist);
    // Linux packaging copies this folder and renames `electron` to the product's executable.
    await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in: no Electron binary here" >&2\nexit 1\n');
    await chmod(path.join(electronDist, 'electron'), 0o755);
    const out = path.join(scratch, 'out');
    const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
    const arch = process.arch === 'arm64' ? '--arm64' : '--x64';
    const { code, output } = await run(process.execPath, [cli, '--linux', 'dir', arch, `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`], root);
    expect(code, output).toBe(0);

    const unpackedDir = (await readdir(out)).find((d) => d.endsWith('-unpacked'));
    const resources = path.join(out, unpackedDir ?? 'missing', 'resources');
    const real = { packed: new Set<string>(), unpacked: new Set<string>() };
    archived(asar.getRawHeader(path.join(resources, 'app.asar')).header, '', real);
    const onDisk = (await readdir(path.join(resources, 'app.asar.unpacked'), { recursive: true, withFileTypes: true }))
      .filter((d) => !d.isDirectory())
      .map((d) => path.relative(path.join(resources, 'app.asar.unpacked'), path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    // Everything the header marks unpacked is really beside the archive.
    expect([...real.unpacked].filter((f) => !onDisk.includes(f))).toEqual([]);

    const config = parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
    const computed = await packagedFileSet(root, config);
    const all = new Set([...real.packed, ...real.unpacked]);
    expect([...all].filter((f) => !computed.files.has(f))).toEqual([]);
    expect([...computed.files].filter((f) => !all.has(f))).toEqual([]);
    expect([...real.unpacked].filter((f) => !computed.unpacked.has(f))).toEqual([]);
    expect([...computed.unpacked].filter((f) => !real.unpacked.has(f))).toEqual([]);
  }, PACK_TIMEOUT_MS);
});
