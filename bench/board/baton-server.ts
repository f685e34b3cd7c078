import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startBatonServe } from '../lib/baton-serve.js';

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
  const served = await startBatonServe(root, workflow, { FAKE_CODEX_SCENARIO: path.join(fake, 'scenarios', 'long-running.json') });
  return { baseUrl: served.baseUrl, token: served.token, stop: served.stop };
}
