// electron-builder's beforePack hook (electron-builder.yml): stops a build whose app would lack
// the native binaries the engine needs for the platform and architecture being packed.
//
// Why: node-pty and libsql are N-API modules, so no rebuild per Electron version is needed
// (`npmRebuild: false`), but their binaries are per platform and architecture, and only what npm
// installed gets packed. libsql's binary is an optional dependency per platform (@libsql/<target>),
// which npm installs for this machine only; node-pty ships prebuilds for macOS and Windows but is
// compiled on install for Linux, for this machine's architecture. Without this check, an x64
// build on an arm64 Mac, say, would produce an installer whose engine cannot open its database.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** libsql's binary package per platform and architecture (glibc on Linux: AppImage and deb are glibc). */
const LIBSQL_TARGETS = {
  darwin: { x64: 'darwin-x64', arm64: 'darwin-arm64' },
  win32: { x64: 'win32-x64-msvc' },
  linux: { x64: 'linux-x64-gnu', arm64: 'linux-arm64-gnu', armv7l: 'linux-arm-gnueabihf' },
};

/** The @libsql package holding the binary for `platform`/`arch`, or null when libsql publishes none. */
export function libsqlPackage(platform, arch) {
  const target = LIBSQL_TARGETS[platform === 'mas' ? 'darwin' : platform]?.[arch];
  return target ? `@libsql/${target}` : null;
}

/**
 * What the app for `platform`/`arch` would lack, built from `projectDir` on a `host` machine
 * ({platform, arch}); empty when nothing is missing. Each entry says what to do about it.
 */
export function missingNativeBinaries({ projectDir, platform, arch, host = { platform: process.platform, arch: process.arch } }) {
  const problems = [];
  const nodeModules = path.join(projectDir, 'node_modules');
  const os = platform === 'mas' ? 'darwin' : platform;
  const libsql = libsqlPackage(os, arch);
  if (!libsql) {
    problems.push(`libsql publishes no binary for ${os}-${arch}: Baton cannot be packaged for it (drop that arch from electron-builder.yml)`);
  } else if (!existsSync(path.join(nodeModules, libsql, 'index.node'))) {
    const version = readVersion(path.join(nodeModules, 'libsql', 'package.json'));
    problems.push(
      `${libsql} is not installed, so the ${os}-${arch} app could not open its database: ` +
        `build it on a ${os}-${arch} machine, or first run \`npm install --no-save --force ${libsql}@${version}\``,
    );
  }
  if (os === 'linux') {
    // No Linux prebuilds: the binary is the one node-gyp compiled on install, for the host.
    const built = path.join(nodeModules, 'node-pty', 'build', 'Release', 'pty.node');
    if (host.platform !== 'linux' || host.arch !== arch) {
      problems.push(`node-pty is compiled on install for the machine it is installed on (${host.platform}-${host.arch}): build linux-${arch} on a linux-${arch} machine`);
    } else if (!existsSync(built)) {
      problems.push('node-pty was not compiled on install (node_modules/node-pty/build/Release/pty.node is missing): run `npm rebuild node-pty`');
    }
  } else if (!existsSync(path.join(nodeModules, 'node-pty', 'prebuilds', `${os}-${arch}`, 'pty.node'))) {
    problems.push(`node-pty ships no prebuilt binary for ${os}-${arch}`);
  }
  return problems;
}

function readVersion(packageJson) {
  try {
    return createRequire(import.meta.url)(packageJson).version;
  } catch {
    return 'latest';
  }
}

/** The hook: electron-builder passes the platform being packed and its Arch enum value. */
export async function beforePack(context) {
  const { Arch } = createRequire(import.meta.url)('builder-util');
  const problems = missingNativeBinaries({
    projectDir: context.packager.projectDir,
    platform: context.electronPlatformName,
    arch: Arch[context.arch],
  });
  if (problems.length > 0) throw new Error(`Baton cannot be packaged for ${context.electronPlatformName}-${Arch[context.arch]}:\n- ${problems.join('\n- ')}`);
}
