import { chmodSync, closeSync, openSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The engine's state (databases of tickets and history, raw terminal logs, rendered prompts, the
 * engine log) holds code, agent output and tracker data: it is the owner's alone. Plain POSIX modes,
 * the same on macOS and Linux. A mode given to mkdir or open is masked by the umask, which can only
 * take bits away, so what these create is never looser than asked.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Bits for the group and everyone else: what tightening removes. */
const GROUP_AND_OTHER = 0o077;

/** `mkdir -p` whose new directories are 0700, and `dir` itself 0700 even when it existed before. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates `file` empty with mode 0600 if it does not exist, and takes the group's and others' bits
 * off it if it does (a file from an older version, or one SQLite made beside it). Best effort on a
 * file someone else owns: that is not ours to change, and opening it will say what is wrong.
 */
export function ensurePrivateFileSync(file: string, create = true): void {
  try {
    if (create) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    chmodSync(file, PRIVATE_FILE_MODE);
  } catch (e) {
    if (!isIgnorable(e)) throw e;
  }
}

/**
 * Takes the group's and others' bits off `dir` and everything under it (existing installs made
 * before state was private). Symbolic links are neither followed nor changed. Returns the paths it
 * could not change, with why; a missing `dir` is nothing to do.
 */
export async function tightenTree(dir: string): Promise<string[]> {
  const failures: string[] = [];
  const visit = async (entry: string, top = false): Promise<void> => {
    let info;
    try {
      // The top directory itself may be a link the user made (`.baton` elsewhere): follow that one.
      info = top ? await stat(entry) : await lstat(entry);
    } catch (e) {
      if (!isIgnorable(e)) failures.push(`${entry}: ${(e as Error).message}`);
      return;
    }
    if (info.isSymbolicLink() || !(info.isDirectory() || info.isFile())) return;
    if ((info.mode & GROUP_AND_OTHER) !== 0) {
      try {
        await chmod(entry, info.mode & 0o7700);
      } catch (e) {
        failures.push(`${entry}: ${(e as Error).message}`);
      }
    }
    if (!info.isDirectory()) return;
    const names = await readdir(entry).catch(() => [] as string[]);
    await Promise.all(names.map((name) => visit(path.join(entry, name))));
  };
  await visit(dir, true);
  return failures;
}

function isIgnorable(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EPERM';
}
