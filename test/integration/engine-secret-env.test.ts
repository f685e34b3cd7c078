import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineHarness } from './engine-harness.js';
import { startReviewEngine, ticketInReview, WAIT } from './engine-review-kit.js';
import { tempDir } from './workspace-helpers.js';

/**
 * M3: the reviewer's model key reached agents, hooks and shells while docs/workflow.md said it
 * never did. Now it is stripped from every process Baton starts, like the tracker key, unless
 * `agent.env` passes it to the agent on purpose. A real engine: the hook, the agent (the fake runs a
 * real `env`) and the review check each write their environment to a file outside the worktree.
 */
const KEY = 'sk-reviewer-secret-123';

let h: EngineHarness | null = null;
/** Where the processes write their environment: absolute, so it does not matter where each one runs. */
let out = '';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  for (const c of cleanups.splice(0)) await c();
});

async function start(agentEnv: string | null): Promise<EngineHarness> {
  const scratch = await tempDir('secret-env');
  cleanups.push(scratch.cleanup);
  out = scratch.dir;
  const scenario = path.join(out, 'env.json');
  await writeFile(scenario, JSON.stringify({ threadId: 'thr_env', turns: [[{ command: `env > ${out}/agent-env.txt`, run: true, output: '', exitCode: 0 }, { message: 'done' }]] }));
  const harness = await startReviewEngine({
    scenario,
    parkRework: true,
    env: { REVIEW_KEY: KEY, KEY_COPY: KEY },
    review: [
      `checks: env > ${out}/check-env.txt`,
      'reviewer:',
      '  model: test-model',
      '  api_key: $REVIEW_KEY',
      // Nothing listens there: the reviewer fails fast, which is all this test needs of it.
      '  base_url: http://127.0.0.1:9/v1',
    ].join('\n'),
    frontMatter: ['hooks:', `  before_run: env > ${out}/hook-env.txt`, ...(agentEnv ? ['agent:', `  env: ${agentEnv}`] : [])].join('\n'),
  });
  return harness;
}

async function envFile(name: string): Promise<string> {
  const file = path.join(out, name);
  await expect.poll(async () => readFile(file, 'utf8').catch(() => ''), WAIT).toContain('PATH=');
  return readFile(file, 'utf8');
}

describe('the reviewer key stays out of what Baton starts', { timeout: 90_000 }, () => {
  it('is not passed to the agent, the hooks or the checks by default', async () => {
    h = await start(null);
    await ticketInReview(h, 'Print the environment');
    for (const name of ['hook-env.txt', 'agent-env.txt', 'check-env.txt']) {
      const text = await envFile(name);
      expect(text, name).not.toContain(KEY);
      expect(text, name).not.toMatch(/^REVIEW_KEY=/m);
    }
  });

  it('reaches the agent, and only the agent, when agent.env passes it', async () => {
    h = await start('{ OPENAI_API_KEY: $REVIEW_KEY }');
    await ticketInReview(h, 'Print the environment');
    expect(await envFile('agent-env.txt')).toMatch(new RegExp(`^OPENAI_API_KEY=${KEY}$`, 'm'));
    for (const name of ['hook-env.txt', 'check-env.txt']) expect(await envFile(name), name).not.toContain(KEY);
    // GET /api/v1/workflow shows the reference, never a value.
    const workflow = await h.api<{ config: { agent: { env: Record<string, string> } } }>('GET', '/api/v1/workflow');
    expect(workflow.json.config.agent.env).toEqual({ OPENAI_API_KEY: '$REVIEW_KEY' });
  });
});
