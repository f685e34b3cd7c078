import { execFile } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Pids of processes whose working directory is `dir` or inside it: git chdirs to the top of the
 * worktree it works on, so a git still running there (and an agent, a shell, a dev server) shows
 * up. Linux reads /proc; macOS asks `lsof` for every process's cwd. Processes of other users may
 * be invisible; callers treat "none found" as "none of ours".
 */
export async function processesInside(dir: string): Promise<number[]> {
  const root = path.resolve(dir);
  const inside = (cwd: string) => cwd === root || cwd.startsWith(`${root}${path.sep}`);
  const cwds = process.platform === 'linux' ? await cwdsFromProc() : await cwdsFromLsof();
  return cwds.filter(([pid, cwd]) => pid !== process.pid && inside(cwd)).map(([pid]) => pid);
}

async function cwdsFromProc(): Promise<Array<[number, string]>> {
  const names = (await readdir('/proc').catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  const found = await Promise.all(
    names.map(async (name): Promise<[number, string] | null> => {
      // A deleted directory reads as "<path> (deleted)": nothing can be running in it any more.
      const cwd = await readlink(`/proc/${name}/cwd`).catch(() => null);
      return cwd === null || cwd.endsWith(' (deleted)') ? null : [Number(name), cwd];
    }),
  );
  return found.filter((p): p is [number, string] => p !== null);
}

/** `lsof -d cwd -F pn`: a `p<pid>` line, then an `n<path>` line, per process. */
function cwdsFromLsof(): Promise<Array<[number, string]>> {
  return new Promise((resolve) => {
    execFile('lsof', ['-w', '-n', '-P', '-d', 'cwd', '-F', 'pn'], { maxBuffer: 32 * 1024 * 1024 }, (_error, stdout) => {
      // lsof exits 1 when some process could not be read; what it printed is still right.
      const found: Array<[number, string]> = [];
      let pid = 0;
      for (const line of String(stdout ?? '').split('\n')) {
        if (line.startsWith('p')) pid = Number(line.slice(1));
        else if (line.startsWith('n') && pid > 0) found.push([pid, line.slice(1)]);
      }
      resolve(found);
    });
  });
}
