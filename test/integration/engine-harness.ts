import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StateSnapshot } from '../../shared/api/schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { Engine } from '../../electron/engine/engine.js';
import { silentLogger, type Logger } from '../../electron/engine/lib/logger.js';
import { fakeCodexCommand, scenarioFile } from '../fixtures/fake-codex/session-harness.js';
import { TEST_GIT_ENV, git, makeRepo, tempDir } from './workspace-helpers.js';

/** Agent handshake timeout for tests (ms): generous, since nothing in these tests waits on it. */
const READ_TIMEOUT_MS = 30_000;

export interface EngineHarnessOptions {
  /** A scenario name under test/fixtures/fake-codex/scenarios, or an absolute path. */
  scenario?: string;
  /** Extra YAML lines appended to the front matter (top-level keys). */
  frontMatter?: string;
  /** Lines under `tracker:` besides `kind: local` (e.g. `active_states: [Todo]`). */
  tracker?: string;
  /** Lines under `codex:` besides the command. */
  codex?: string;
  prompt?: string;
  logger?: Logger;
  /** Use a git repository (worktrees) rather than plain directories. */
  git?: boolean;
  /** Extra variables in the engine's environment (agents inherit them, e.g. the fake pty agent's controls). */
  env?: Record<string, string>;
  /**
   * Keep WORKFLOW.md in the repository, committed on main (the template's recommended place), with
   * `.baton/` ignored. Then an agent's worktree has its own copy of the workflow it could edit.
   */
  workflowInRepo?: boolean;
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
    private readonly launchEnv: NodeJS.ProcessEnv,
    private readonly logger: Logger,
    readonly workflowPath: string,
  ) {}

  static async start(options: EngineHarnessOptions = {}): Promise<EngineHarness> {
    const { dir, cleanup } = await tempDir('baton-engine-');
    const repo = options.git === false ? null : await makeRepo(path.join(dir, 'repo'));
    const workflowPath = options.workflowInRepo && repo ? path.join(repo, 'WORKFLOW.md') : path.join(dir, 'WORKFLOW.md');
    const lines = [
      '---',
      'tracker:',
      '  kind: local',
      ...(options.tracker ?? '').split('\n').filter(Boolean).map((l) => `  ${l}`),
      'polling:',
      '  interval_ms: 100',
      'workspace:',
      `  root: ${path.join(dir, 'workspaces')}`,
      ...(repo ? [`  repo: ${repo}`] : []),
      'codex:',
      `  command: ${JSON.stringify(fakeCodexCommand())}`,
      ...(options.codex ?? '').split('\n').filter(Boolean).map((l) => `  ${l}`),
      // Starting node can take seconds on a loaded 2-core CI machine; the 5 s default made tests flaky.
      ...(options.codex?.includes('read_timeout_ms') ? [] : [`  read_timeout_ms: ${READ_TIMEOUT_MS}`]),
      ...(options.frontMatter ?? '').split('\n').filter(Boolean),
      '---',
      options.prompt ?? 'Work on {{ issue.identifier }}: {{ issue.title }}{% if attempt %} (attempt {{ attempt }}){% endif %}',
    ];
    await writeFile(workflowPath, lines.join('\n') + '\n');
    if (options.workflowInRepo && repo) {
      await writeFile(path.join(repo, '.gitignore'), '.baton/\n');
      await git(repo, 'add', 'WORKFLOW.md', '.gitignore');
      await git(repo, 'commit', '-qm', 'Add the workflow');
    }
    const scenario = options.scenario ? (path.isAbsolute(options.scenario) ? options.scenario : scenarioFile(options.scenario)) : undefined;
    const env = { ...process.env, ...TEST_GIT_ENV, ...(scenario ? { FAKE_CODEX_SCENARIO: scenario } : {}), ...options.env };
    const logger = options.logger ?? silentLogger();
    const { engine, url, token } = await launch(workflowPath, env, logger).catch(async (e: unknown) => {
      await cleanup();
      throw e;
    });
    const owned = async () => {
      await engine.dispose();
      await cleanup();
    };
    return new EngineHarness(engine, url, token, dir, repo, owned, env, logger, workflowPath);
  }

  /**
   * A second engine on the same WORKFLOW.md and state directory (a restart). Dispose this harness's
   * engine first; the returned harness disposes only its own engine, so dispose it before this one,
   * which still owns the temp directory.
   */
  async reopen(env: Record<string, string> = {}): Promise<EngineHarness> {
    const merged = { ...this.launchEnv, ...env };
    const { engine, url, token } = await launch(this.workflowPath, merged, this.logger);
    return new EngineHarness(engine, url, token, this.dir, this.repo, () => engine.dispose(), merged, this.logger, this.workflowPath);
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

  async ticket(identifier: string): Promise<Issue> {
    const { json } = await this.api<{ tickets: Issue[] }>('GET', '/api/v1/tickets');
    const found = json.tickets.find((t) => t.identifier === identifier);
    if (!found) throw new Error(`no ticket ${identifier}`);
    return found;
  }

  async state(): Promise<StateSnapshot> {
    return (await this.api<StateSnapshot>('GET', '/api/v1/state')).json;
  }

  /** Every trace event of a ticket, oldest first. */
  async events(identifier: string): Promise<TraceEvent[]> {
    const all: TraceEvent[] = [];
    for (let after = 0; ; ) {
      const { json } = await this.api<{ events: TraceEvent[]; next_after: number }>('GET', `/api/v1/tickets/${identifier}/events?after=${after}&limit=1000`);
      all.push(...json.events);
      if (json.events.length < 1000) return all;
      after = json.next_after;
    }
  }

  /**
   * How many runs of a ticket have ended (their `run_ended` event is stored). A run leaves the
   * state's running list as soon as the orchestrator releases it, before its record is closed.
   */
  async runsEnded(identifier: string): Promise<number> {
    return (await this.events(identifier)).filter((e) => e.data.event === 'run_ended').length;
  }

  async dispose(): Promise<void> {
    await this.cleanup();
  }
}

async function launch(workflowPath: string, env: NodeJS.ProcessEnv, logger: Logger): Promise<{ engine: Engine; url: string; token: string }> {
  const created = await Engine.create({ workflowPath, env, logger });
  if (!created.ok) throw new Error(`engine did not start: ${created.error.code}: ${created.error.message}`);
  const started = await created.value.start({ host: '127.0.0.1', port: 0 });
  if (!started.ok) {
    await created.value.dispose();
    throw new Error(`engine did not listen: ${started.error.message}`);
  }
  return { engine: created.value, url: started.value.url, token: started.value.token };
}
