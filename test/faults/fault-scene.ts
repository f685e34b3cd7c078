import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fakeCodexCommand, scenarioFile } from '../fixtures/fake-codex/session-harness.js';
import { git, makeRepo, TEST_GIT_ENV, tempDir } from '../integration/workspace-helpers.js';
import { BATON_BIN, BatonProcess } from './baton-process.js';
import { GitStopper, type GitStop } from './git-stopper.js';
import { killAll, processesTagged, type Leftover } from './leftovers.js';
import { until } from './wait.js';

/** The variable that marks every process of one scene (see leftovers.ts). */
const TAG_VAR = 'BATON_FAULT_SCENE';

export interface SceneOptions {
  /** YAML lines appended to the front matter (top-level keys: `hooks:`, `review:`, …). */
  frontMatter?: string;
  /** Lines under `codex:` besides the command. */
  codex?: string;
  /** Lines under `workspace:` besides the root and the repository. */
  workspace?: string;
  /** Lines under `tracker:` besides `kind: local`. */
  tracker?: string;
  /**
   * The fake codex's scenario: a name under test/fixtures/fake-codex/scenarios, or the steps of its
   * one turn, given the scene's `file()` for the marker files the steps write and wait for.
   */
  agent?: string | ((file: (name: string) => string) => Array<Record<string, unknown>>);
  /** Files of the repository's first commit (default: a README). */
  files?: Record<string, string>;
}

export interface LaunchOptions {
  /** Stop git at one step (git-stopper.ts). */
  gitStop?: GitStop | null;
  /** `ulimit -f` for the engine, in KiB. */
  fileSizeLimitKb?: number;
  env?: Record<string, string>;
}

/**
 * One fault scenario's world: a temp directory with a real git repository, a WORKFLOW.md using the
 * local tracker and the fake codex app-server, and the `baton serve` processes started on it (a
 * first one, and the restart after the fault). `dispose()` kills whatever the scene left running,
 * so a failing test does not leak processes into the next one.
 */
export class FaultScene {
  readonly tag = randomUUID();
  private readonly engines: BatonProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly repo: string,
    readonly gitStopper: GitStopper,
    private readonly removeDir: () => Promise<void>,
  ) {}

  static async create(options: SceneOptions = {}): Promise<FaultScene> {
    if (!existsSync(path.join(path.dirname(BATON_BIN), '..', 'dist', 'electron', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
    const { dir, cleanup } = await tempDir('faults');
    const repo = await makeRepo(path.join(dir, 'repo'), options.files);
    const scene = new FaultScene(dir, repo, await GitStopper.create(dir), cleanup);
    await scene.writeWorkflow(options);
    return scene;
  }

  get workflowPath(): string {
    return path.join(this.dir, 'WORKFLOW.md');
  }

  get workspaceRoot(): string {
    return path.join(this.dir, 'workspaces');
  }

  workspace(identifier: string): string {
    return path.join(this.workspaceRoot, identifier);
  }

  /** A path in the scene's directory, for marker files hooks and checks write. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Starts `baton serve` on the scene (again, after a fault: the same workflow, state and repository). */
  async launch(options: LaunchOptions = {}): Promise<BatonProcess> {
    const base: NodeJS.ProcessEnv = { ...process.env, ...TEST_GIT_ENV, [TAG_VAR]: this.tag, ...options.env };
    const engine = await BatonProcess.start({
      workflowPath: this.workflowPath,
      env: this.gitStopper.env(base, options.gitStop ?? null),
      fileSizeLimitKb: options.fileSizeLimitKb,
    });
    this.engines.push(engine);
    return engine;
  }

  /** Processes of this scene still running, engines excluded. */
  async leftovers(): Promise<Leftover[]> {
    const engines = new Set(this.engines.filter((e) => e.running).map((e) => e.pid));
    return (await processesTagged(TAG_VAR, this.tag)).filter((p) => !engines.has(p.pid));
  }

  /**
   * Processes of this scene still running once things settled: a git the engine started a moment
   * ago (a prune after a removal) may still be finishing, so this waits a little for them to end.
   */
  async settledLeftovers(timeoutMs = 10_000): Promise<Leftover[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = await this.leftovers();
      if (left.length === 0 || Date.now() > deadline) return left;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** `until` (wait.ts) that, when it gives up, adds the tail of the engine's log to the error. */
  async until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs?: number): Promise<T> {
    try {
      return await until(what, fn, timeoutMs);
    } catch (e) {
      const log = await readFile(path.join(this.dir, '.baton', 'logs', 'engine.log'), 'utf8').catch(() => '');
      const tail = log.split('\n').slice(-40).join('\n');
      throw new Error(`${(e as Error).message}\n--- engine.log, last lines ---\n${tail}`, { cause: e });
    }
  }

  /** `git` in the repository, as a person would look at it. */
  git(...args: string[]): Promise<string> {
    return git(this.repo, ...args);
  }

  async dispose(): Promise<void> {
    for (const engine of this.engines) if (engine.running) await engine.stop();
    killAll((await processesTagged(TAG_VAR, this.tag)).map((p) => p.pid));
    await this.removeDir();
  }

  private async writeWorkflow(options: SceneOptions): Promise<void> {
    let scenario: string | null = null;
    if (typeof options.agent === 'string') scenario = scenarioFile(options.agent);
    else if (options.agent) {
      scenario = path.join(this.dir, 'agent-scenario.json');
      await writeFile(scenario, JSON.stringify({ description: 'fault scene', turns: [options.agent((name) => this.file(name))] }));
    }
    const indent = (text: string | undefined) => (text ?? '').split('\n').filter(Boolean).map((l) => `  ${l}`);
    const lines = [
      '---',
      'tracker:',
      '  kind: local',
      ...indent(options.tracker),
      'polling:',
      '  interval_ms: 200',
      'workspace:',
      `  root: ${this.workspaceRoot}`,
      `  repo: ${this.repo}`,
      ...indent(options.workspace),
      'codex:',
      // The scenario travels in the command, so every engine of the scene runs the same agent.
      `  command: ${JSON.stringify(scenario ? `FAKE_CODEX_SCENARIO=${shellQuote(scenario)} ${fakeCodexCommand()}` : fakeCodexCommand())}`,
      // Starting node can take seconds on a loaded 2-core machine.
      '  read_timeout_ms: 30000',
      ...indent(options.codex),
      ...(options.frontMatter ?? '').split('\n').filter(Boolean),
      '---',
      'Work on {{ issue.identifier }}: {{ issue.title }}',
    ];
    await writeFile(this.workflowPath, lines.join('\n') + '\n');
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
