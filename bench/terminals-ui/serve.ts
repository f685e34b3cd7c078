import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startBatonServe } from '../lib/baton-serve.js';

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
  const { child, baseUrl, token, stop } = await startBatonServe(root, workflow, env);
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
    stop,
  };
}
