import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../../electron/engine/engine.js';
import { silentLogger, type Logger } from '../../electron/engine/lib/logger.js';
import { fakeCodexCommand, scenarioFile } from '../fixtures/fake-codex/session-harness.js';
import { TEST_GIT_ENV, makeRepo, tempDir } from './workspace-helpers.js';

export interface EngineHarnessOptions {
  /** A scenario name under test/fixtures/fake-codex/scenarios, or an absolute path. */
  scenario?: string;
  /** Extra YAML lines appended to the front matter (top-level keys). */
  frontMatter?: string;
  /** Lines under `codex:` besides the command. */
  codex?: string;
  prompt?: string;
  logger?: Logger;
  /** Use a git repository (worktrees) rather than plain directories. */
  git?: boolean;
}

/**
 * A real engine on a real port, with a real local tracker, real worktrees of a temp repository
 * and the fake app-server as its agent.
 */
export class EngineHarness {
  private constructor(
    readonly engine: Engine,
    readonly baseUrl: string,
    readonly token: string,
    readonly dir: string,
    readonly repo: string | null,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
    const { dir, cleanup } = await tempDir('baton-engine-');
    const repo = options.git === false ? null : await makeRepo(path.join(dir, 'repo'));
    const workflowPath = path.join(dir, 'WORKFLOW.md');
    const lines = [
      '---',
      'tracker:',
      '  kind: local',
      'polling:',
      '  interval_ms: 100',
      'workspace:',
      `  root: ${path.join(dir, 'workspaces')}`,
      ...(repo ? [`  repo: ${repo}`] : []),
      'codex:',
      `  command: ${JSON.stringify(fakeCodexCommand())}`,
      ...(options.codex ?? '').split('\n').filter(Boolean).map((l) => `  ${l}`),
      ...(options.frontMatter ?? '').split('\n').filter(Boolean),
      '---',
      options.prompt ?? 'Work on {{ issue.identifier }}: {{ issue.title }}{% if attempt %} (attempt {{ attempt }}){% endif %}',
    ];
    await writeFile(workflowPath, lines.join('\n') + '\n');
    const scenario = options.scenario ? (path.isAbsolute(options.scenario) ? options.scenario : scenarioFile(options.scenario)) : undefined;
    const env = { ...process.env, ...TEST_GIT_ENV, ...(scenario ? { FAKE_CODEX_SCENARIO: scenario } : {}) };
    const created = await Engine.create({ workflowPath, env, logger: options.logger ?? silentLogger() });
    if (!created.ok) throw new Error(`engine did not start: ${created.error.code}: ${created.error.message}`);
    const started = await created.value.start({ host: '127.0.0.1', port: 0 });
    if (!started.ok) throw new Error(`engine did not listen: ${started.error.message}`);
    return new EngineHarness(created.value, started.value.url, started.value.token, dir, repo, async () => {
      await created.value.dispose();
      await cleanup();
    });
  }

  async api<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  }

  async dispose(): Promise<void> {
    await this.cleanup();
  }
}
