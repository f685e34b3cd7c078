import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

const BANNER = /Baton listening on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)/;
/** A cold `baton serve` opens its stores and binds in about a second; 30 s means it is stuck. */
const START_TIMEOUT_MS = 30_000;

export interface BatonServer {
  baseUrl: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * A real `baton serve` (the compiled CLI serving the built renderer) on a free port. The agent is
 * the fake app-server on a long-running scenario, so a few cards show live, ticking runs.
 */
export async function startBaton(root: string, dir: string, maxAgents: number): Promise<BatonServer> {
  const fake = path.join(root, 'test', 'fixtures', 'fake-codex');
  const workflow = path.join(dir, 'WORKFLOW.md');
  await writeFile(
    workflow,
    [
      '---',
      'polling:',
      '  interval_ms: 5000',
      'workspace:',
      `  root: ${path.join(dir, 'workspaces')}`,
      'agent:',
      `  max_concurrent_agents: ${maxAgents}`,
      'codex:',
      `  command: ${JSON.stringify(`'${process.execPath}' '${path.join(fake, 'app-server.mjs')}'`)}`,
      '---',
      'Work on {{ issue.identifier }}: {{ issue.title }}',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [path.join(root, 'bin', 'baton.js'), 'serve', workflow, '--port', '0'], {
    env: { ...process.env, FAKE_CODEX_SCENARIO: path.join(fake, 'scenarios', 'long-running.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
  const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`baton serve did not start:\n${stderr}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = BANNER.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton serve exited with ${code}:\n${stderr}`));
    });
  });
  return { baseUrl: banner[1]!, token: banner[2]!, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
