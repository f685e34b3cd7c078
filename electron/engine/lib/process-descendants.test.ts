import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from './process-tree.js';
import { killPids, listDescendants } from './process-descendants.js';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** bash → (sleep, setsid sleep): returns the pids bash printed. */
async function tree(): Promise<{ root: number; inGroup: number; escaped: number }> {
  const child = spawn('bash', ['-c', 'sleep 1000 & echo $!; setsid sleep 1001 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pids = await new Promise<number[]>((resolve) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.trim().split('\n');
      if (lines.length >= 2) resolve(lines.map(Number));
    });
  });
  const [inGroup = 0, escaped = 0] = pids;
  started.push(child.pid as number, inGroup, escaped);
  return { root: child.pid as number, inGroup, escaped };
}

describe('process descendants', () => {
  it('finds children and grandchildren, including ones in another session', async () => {
    const { root, inGroup, escaped } = await tree();
    const found = await listDescendants(root);
    expect(found).toEqual(expect.arrayContaining([inGroup, escaped]));
    expect(found).not.toContain(root);
    expect(found).not.toContain(process.pid);
  });

  it('returns nothing for a process without children', async () => {
    expect(await listDescendants(2 ** 22 + 7)).toEqual([]);
  });

  it('killPids terminates the given processes', async () => {
    const { inGroup, escaped } = await tree();
    await killPids([inGroup, escaped], 1_000);
    await expect.poll(() => isAlive(inGroup) || isAlive(escaped), { timeout: 2_000 }).toBe(false);
  });

  it('killPids escalates to SIGKILL for a process that ignores SIGTERM', async () => {
    const stubborn = spawn('bash', ['-c', "trap '' TERM; while true; do sleep 0.05; done"], { stdio: 'ignore' });
    started.push(stubborn.pid as number);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => stubborn.once('exit', (_code, signal) => resolve(signal)));
    await killPids([stubborn.pid as number], 200);
    expect(await exited).toBe('SIGKILL');
  });
});
