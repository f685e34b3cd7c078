// electron-builder.yml checked without Electron's binary: against electron-builder's own JSON
// schema, for every path it names, and for what the packaged app holds (see docs/packaging.md).
import { Ajv } from 'ajv';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packagedFileSet, type BuilderConfig, type PackagedFileSet } from './packaged-file-set.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);

async function loadConfig(): Promise<BuilderConfig> {
  return parse(await readFile(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** electron-builder's validator: its scheme.json with the ajv options it validates with itself. */
async function schemaValidator(): Promise<(config: unknown) => string[]> {
  const schema = JSON.parse(await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, coerceTypes: true, strict: false }).compile(schema);
  return (config) => {
    // coerceTypes rewrites in place: validate a copy so the caller's config stays as written.
    const copy = structuredClone(config);
    return validate(copy) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  };
}

describe('electron-builder.yml against electron-builder\'s configuration schema', () => {
  // Compiling the schema takes about a second: once for both tests.
  let check: (config: unknown) => string[];
  beforeAll(async () => {
    check = await schemaValidator();
  });

  it('is valid', async () => {
    expect(check(await loadConfig())).toEqual([]);
  });

  it('would reject a misspelt key or a wrong type, so a pass means something', async () => {
    const config = await loadConfig();
    expect(check({ ...config, asarUnpak: ['x'] })).not.toEqual([]);
    expect(check({ ...config, mac: { ...(config.mac as object), hardenedRuntime: 'sometimes' } })).not.toEqual([]);
  });
});

describe('paths electron-builder.yml names', () => {
  it('exist: build resources, each platform\'s icon and the beforePack hook', async () => {
    const config = await loadConfig();
    const named = [config.directories?.buildResources, config.beforePack, ...['mac', 'win', 'linux'].map((p) => (config[p] as { icon?: string } | undefined)?.icon)];
    expect(named.every((p) => typeof p === 'string')).toBe(true);
    expect(named.filter((p) => !existsSync(path.join(root, p as string)))).toEqual([]);
  });
});

describe('the packaged app (a Linux build, as electron-builder computes it)', () => {
  let set: PackagedFileSet;
  let config: BuilderConfig;
  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist', 'electron', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    config = await loadConfig();
    set = await packagedFileSet(root, config);
  }, 60_000);

  it('every `files` and `asarUnpack` pattern matches something', () => {
    const patterns = [...(config.files as string[]), ...(config.asarUnpack as string[])].filter((p) => !p.startsWith('!'));
    const prefixOf = (p: string): string => p.replace(/\/?\*\*.*$/, '');
    expect(patterns.filter((p) => ![...set.files].some((f) => f === p || f.startsWith(`${prefixOf(p)}/`)))).toEqual([]);
  });

  it('holds everything the build emits for main, preload, the engine, the CLI and the renderer', async () => {
    const built = await packagedFileSet(root, { ...config, files: ['dist/**', '!**/*.map', '!dist/bench/**', '!**/*.d.ts', '!**/*.d.cts', '!**/.tsbuildinfo'] }, { withModules: false });
    const emitted = [...built.files].filter((f) => f.startsWith('dist/'));
    expect(emitted.length).toBeGreaterThan(100);
    expect(emitted.filter((f) => !set.files.has(f))).toEqual([]);
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
    for (const entry of [pkg.main, ...Object.values(pkg.bin), 'package.json', 'dist/electron/preload.cjs', 'dist/electron/cli.js', 'dist/electron/engine/engine.js', 'dist/renderer/index.html']) {
      expect(set.files, entry).toContain(entry);
    }
  });

  it('leaves out source maps, type declarations, the benchmarks and build bookkeeping', () => {
    expect([...set.files].filter((f) => f.startsWith('dist/') && /\.map$|\.d\.c?ts$|^dist\/bench\/|\.tsbuildinfo$/.test(f))).toEqual([]);
  });

  it('holds the workflow template, the example and the demo agent, and unpacks the demo agent (a spawned Node cannot run a script inside the asar)', async () => {
    const shipped = await packagedFileSet(root, { ...config, files: ['resources/templates/**', 'resources/examples/**', 'resources/demo-agent/**'] }, { withModules: false });
    expect(shipped.files.size).toBeGreaterThan(10);
    expect([...shipped.files].filter((f) => !set.files.has(f))).toEqual([]);
    expect(set.files).toContain('resources/templates/WORKFLOW.md');
    const agent = [...shipped.files].filter((f) => f.startsWith('resources/demo-agent/') && f.endsWith('.mjs'));
    expect(agent).toContain('resources/demo-agent/demo-agent.mjs');
    expect(agent.filter((f) => !set.unpacked.has(f))).toEqual([]);
  });

  it('holds every production dependency, and none of the build and test tooling', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).filter((name) => !set.modules.has(name))).toEqual([]);
    for (const name of Object.keys(pkg.dependencies)) {
      const main = path.relative(root, require.resolve(name)).split(path.sep).join('/');
      expect(set.files, `${name}'s entry point`).toContain(main);
    }
    // Not every devDependency: one may also be a production package's dependency (ajv is fastify's).
    // These never are, and the renderer's libraries are bundled into dist/renderer by vite.
    const tooling = ['electron', 'electron-builder', 'typescript', 'vite', 'vitest', 'eslint', 'playwright-core', 'sharp', 'png2icons', 'react', 'react-dom', '@xterm/xterm'];
    expect(tooling.filter((name) => !(name in pkg.devDependencies))).toEqual([]);
    expect(tooling.filter((name) => set.modules.has(name))).toEqual([]);
  });

  it('unpacks node-pty\'s native module and spawn helpers, and libsql\'s, for this platform', () => {
    const native = [...set.files].filter((f) => /^node_modules\/(node-pty|libsql|@libsql)\//.test(f) && (f.endsWith('.node') || f.endsWith('/spawn-helper')));
    // This machine's own binaries: node-pty builds or ships one for it, libsql's comes as @libsql/<platform>.
    const here = path.relative(root, require.resolve('node-pty/package.json')).replace(/package\.json$/, '');
    expect(native.some((f) => f.startsWith(here) && f.endsWith('pty.node'))).toBe(true);
    expect(native.some((f) => f.startsWith('node_modules/@libsql/') && f.endsWith('.node'))).toBe(true);
    expect(native.filter((f) => !set.unpacked.has(f))).toEqual([]);
    expect(set.unpacked).toContain('node_modules/libsql/index.js');
  });

  it('unpacks what the WORKFLOW.md parse worker loads by path (a worker thread does not read the asar)', () => {
    // workflow-parser.ts hands the worker require.resolve('liquidjs' | 'yaml') moved to app.asar.unpacked.
    for (const name of ['liquidjs', 'yaml']) {
      const dir = path.relative(root, path.dirname(require.resolve(`${name}/package.json`))).split(path.sep).join('/');
      const entry = path.relative(root, require.resolve(name)).split(path.sep).join('/');
      expect(set.unpacked, `${name}'s entry point`).toContain(entry);
      // yaml's entry requires its siblings: the whole package must be beside the archive.
      expect([...set.files].filter((f) => f.startsWith(`${dir}/`) && !set.unpacked.has(f))).toEqual([]);
    }
  });

  it('notices a gap: without the demo agent in `files`, the demo agent is missing', async () => {
    const files = (config.files as string[]).filter((p) => !p.startsWith('resources/demo-agent'));
    const broken = await packagedFileSet(root, { ...config, files }, { withModules: false });
    expect(broken.files.has('resources/demo-agent/demo-agent.mjs')).toBe(false);
    expect(set.files.has('resources/demo-agent/demo-agent.mjs')).toBe(true);
  });
});
