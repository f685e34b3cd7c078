import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processesInside } from './process-table.js';

const dirs: string[] = [];
const pids: number[] = [];
afterEach(async () => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-cwd-')));
  dirs.push(dir);
  return dir;
}

function sleeper(cwd: string): number {
  const child = spawn('sleep', ['60'], { cwd, stdio: 'ignore' });
  pids.push(child.pid!);
  return child.pid!;
}

describe('processesInside', () => {
  it('finds a process working in the directory or below it, and none elsewhere', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'sub'));
    const inSub = sleeper(path.join(dir, 'sub'));
    const other = await tempDir();
    const elsewhere = sleeper(other);
    const found = await processesInside(dir);
    expect(found).toContain(inSub);
    expect(found).not.toContain(elsewhere);
    expect(found).not.toContain(process.pid);
  });

  it('does not take a sibling with the same prefix for the directory', async () => {
    const dir = await tempDir();
    await mkdir(`${dir}-sibling`);
    dirs.push(`${dir}-sibling`);
    const sibling = sleeper(`${dir}-sibling`);
    expect(await processesInside(dir)).not.toContain(sibling);
  });

  it('finds nothing once the process is gone', async () => {
    const dir = await tempDir();
    const pid = sleeper(dir);
    expect(await processesInside(dir)).toContain(pid);
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => processesInside(dir)).not.toContain(pid);
  });
});
