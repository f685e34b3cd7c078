/**
 * What electron-builder would put in the app, computed by electron-builder's own code rather than
 * a re-implementation of its rules: app-builder-lib's file matchers (the `files` patterns plus the
 * defaults it adds: output and build-resource folders left out, its excluded names and extensions),
 * its walk of the app folder, its npm collector for the production dependency tree and its copier
 * for node_modules (which drops READMEs, tests, type declarations, …), and its `asarUnpack`
 * matcher. These are internal modules of app-builder-lib (it has no `exports` map, so they import
 * by path) and take a packager, of which a stub below carries the few fields they read; if an
 * upgrade moves them, these tests fail loudly rather than check something else. A real
 * `electron-builder --dir` (docs/packaging.md) packed the same set when this was written.
 */
import { lstat, readFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

type Filter = (file: string, stat: Stats) => boolean;
interface FileMatcherLike {
  from: string;
  to: string;
  createFilter(): Filter;
}
interface FileSet {
  src: string;
  destination: string;
  files: string[];
  metadata: Map<string, Stats>;
}
type MacroExpander = (s: string) => string;
interface FileMatcherModule {
  getMainFileMatchers(appDir: string, destination: string, expand: MacroExpander, platformOptions: object, packager: object, outDir: string, isElectronCompile: boolean): FileMatcherLike[];
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: MacroExpander, platformOptions: object, packagerInfo: object): FileMatcherLike;
  getFileMatchers(config: object, name: string, destination: string, options: object): FileMatcherLike[] | null;
}
interface AppFileCopierModule {
  computeFileSets(matchers: FileMatcherLike[], transformer: null, packager: object, isElectronCompile: boolean): Promise<FileSet[]>;
  computeNodeModuleFileSets(packager: object, moduleMatcher: FileMatcherLike): Promise<FileSet[]>;
}

const matchers = require('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;
const copier = require('app-builder-lib/out/util/appFileCopier.js') as AppFileCopierModule;
const { TmpDir } = require('temp-file') as { TmpDir: new (label: string) => { cleanup(): Promise<void> } };

/** The part of electron-builder.yml these checks read. */
export interface BuilderConfig {
  directories?: { output?: string; buildResources?: string };
  files?: unknown;
  asarUnpack?: unknown;
  linux?: object;
  [key: string]: unknown;
}

export interface PackagedFileSet {
  /** Every file in the app (app.asar plus app.asar.unpacked), as a path relative to the app root, with `/`. */
  files: Set<string>;
  /** The subset asarUnpack puts beside the archive, where plain Node, a worker thread or exec can read it. */
  unpacked: Set<string>;
  /** Production packages electron-builder copies: name → path relative to the app root. */
  modules: Map<string, string>;
}

/** The app root inside the package, as electron-builder names it (any absolute path does). */
const APP = path.resolve('/app');
const identity: MacroExpander = (s) => s;
const posix = (p: string): string => p.split(path.sep).join('/');

/**
 * The files a Linux build of `config` would pack from the project at `projectDir`. `withModules:
 * false` leaves node_modules out (collecting them runs `npm ls`, which takes seconds).
 */
export async function packagedFileSet(projectDir: string, config: BuilderConfig, { withModules = true } = {}): Promise<PackagedFileSet> {
  const pkg = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as { name: string; type?: string };
  const outDir = path.resolve(projectDir, config.directories?.output ?? 'dist');
  const platformOptions = config.linux ?? {};
  const tmp = new TmpDir('baton-packaging-test');
  const info = {
    projectDir,
    appDir: projectDir,
    buildResourcesDir: path.resolve(projectDir, config.directories?.buildResources ?? 'build'),
    config,
    tempDirManager: tmp,
    isPrepackedAppAsar: false,
    areNodeModulesHandledExternally: !withModules,
    debugLogger: { isEnabled: false, add: () => undefined },
    appInfo: { type: pkg.type ?? 'commonjs' },
    originalMetadata: pkg,
    nodePackageName: pkg.name,
    getWorkspaceRoot: () => Promise.resolve(projectDir),
    getPackageManager: () => Promise.resolve('npm'),
  };
  // Any platform but Windows: getNodeModuleExcludedExts then also drops .dll and .exe, as a Linux build does.
  const platformPackager = { info, config, platform: { name: 'linux' } };
  let fileSets: FileSet[];
  try {
    const main = matchers.getMainFileMatchers(projectDir, APP, identity, platformOptions, platformPackager, outDir, false);
    fileSets = await copier.computeFileSets(main, null, platformPackager, false);
    if (withModules) {
      const moduleMatcher = matchers.getNodeModuleFileMatcher(projectDir, APP, identity, platformOptions, info);
      fileSets = fileSets.concat(await copier.computeNodeModuleFileSets(platformPackager, moduleMatcher));
    }
  } finally {
    await tmp.cleanup();
  }

  const unpackFilter = matchers.getFileMatchers(config, 'asarUnpack', APP, { macroExpander: identity, customBuildOptions: platformOptions, globalOutDir: outDir, defaultSrc: projectDir })?.[0]?.createFilter();
  const files = new Set<string>();
  const unpacked = new Set<string>();
  const modules = new Map<string, string>();
  for (const set of fileSets) {
    const dest = path.relative(APP, set.destination);
    if (set.src !== projectDir) modules.set(path.basename(path.dirname(set.src)).startsWith('@') ? `${path.basename(path.dirname(set.src))}/${path.basename(set.src)}` : path.basename(set.src), posix(dest));
    for (const file of set.files) {
      const stat = set.metadata.get(file) ?? (await lstat(file));
      if (stat.isDirectory()) continue;
      const packed = posix(path.join(dest, path.relative(set.src, file)));
      files.add(packed);
      // As AsarPackager asks it: the source path and its stats.
      if (unpackFilter?.(file, stat)) unpacked.add(packed);
    }
  }
  return { files, unpacked, modules };
}
