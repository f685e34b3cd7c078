import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BANNER = /Baton listening on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)/;

export interface Served {
  baseUrl: string;
  token: string;
  /** CPU time the engine process has used so far (s), from /proc; null where that does not exist. */
  cpuSeconds(): Promise<number | null>;
  api<T = unknown>(method: string, route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A real `baton serve` (the compiled CLI with the built renderer) whose agents are the benchmark's
 * stamp agent in ptys. Everything lives in `dir`; `stop()` ends the engine, which kills its agents.
 */
export async function serve(root: string, dir: string, agentScript: string, env: Record<string, string>): Promise<Served> {
  const workflow = path.join(dir, 'WORKFLOW.md');
  await writeFile(
    workflow,
    [
      '---',
      'polling:',
      '  interval_ms: 200',
      'workspace:',
      `  root: ${path.join(dir, 'workspaces')}`,
      'agent:',
      '  kind: pty',
      '  max_concurrent_agents: 12',
      'pty:',
      `  command: ${JSON.stringify(`'${process.execPath}' '${agentScript}'`)}`,
      '---',
      'Task: {{ issue.title }}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin', 'baton.js'), 'serve', workflow, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`baton serve did not start:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = BANNER.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`baton serve exited with ${code}:\n${stderr}`)));
  });
  const [, baseUrl, token] = match as unknown as [string, string, string];
  return {
    baseUrl,
    token,
    async cpuSeconds(): Promise<number | null> {
      const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => null);
      // Fields after the parenthesised command: state is field 3, utime 14, stime 15 (clock ticks, 100/s on Linux).
      const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : null;
    },
    async api<T>(method: string, route: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
