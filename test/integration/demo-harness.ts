import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReviewFeedback } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import type { AgentEvent } from '../../electron/engine/agents/agent-events.js';
import { AppServerSession, type AppServerCodexSettings } from '../../electron/engine/agents/app-server/app-server-session.js';
import { BatonTrackerTool } from '../../electron/engine/agents/baton-tracker-tool.js';
import { OperatorQueue } from '../../electron/engine/agents/operator-queue.js';
import { execGit } from '../../electron/engine/lib/git/git-exec.js';
import { PromptRenderer } from '../../electron/engine/workflow/prompt.js';
import { parseWorkflowText } from '../../electron/engine/workflow/loader.js';
import { WorkflowParser } from '../../electron/engine/workflow/parser/workflow-parser.js';
import { createDemoRepo } from '../../electron/demo/demo-repo.js';
import { demoAgentCommand, demoChecksCommand } from '../../electron/demo/demo-workflow.js';
import { MemoryTrackerWriter } from '../fixtures/fake-codex/memory-tracker-writer.js';
import { git, tempDir } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_AGENT = path.join(ROOT, 'resources', 'demo-agent', 'demo-agent.mjs');
export const DEMO_AGENT_COMMAND = demoAgentCommand(process.execPath, DEMO_AGENT);
export const DEMO_COMMANDS = { agent: DEMO_AGENT_COMMAND, checks: demoChecksCommand(process.execPath) };
export const TAG = '[scripted demo agent]';
export const DEMO_STATES = ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'];

/**
 * The demo agent driven by the engine's real client (AppServerSession) in a worktree of a fresh
 * demo repository, with the baton_tracker tool over an in-memory tracker.
 */
export class DemoAgentHarness {
  readonly events: AgentEvent[] = [];
  readonly queue = new OperatorQueue();
  readonly writer = new MemoryTrackerWriter(DEMO_STATES);
  /** Review feedback the baton_tracker tool serves (what the engine's review store would hold). */
  readonly reviewFeedback: ReviewFeedback[] = [];
  session: AppServerSession | null = null;

  private constructor(
    readonly repo: string,
    readonly worktree: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  /** A demo repository with a worktree for `identifier` on `baton/<identifier>`. */
  static async create(identifier = 'DEMO-1'): Promise<DemoAgentHarness> {
    const { dir, cleanup } = await tempDir('demo-agent');
    const repo = path.join(dir, 'repo');
    const made = await createDemoRepo(repo, DEMO_COMMANDS, execGit);
    if (!made.ok) throw new Error(made.error.message);
    const worktree = path.join(dir, 'ws', identifier);
    await git(repo, 'worktree', 'add', '-q', '-b', `baton/${identifier}`, worktree);
    return new DemoAgentHarness(repo, worktree, cleanup);
  }

  /** Starts a session (one app-server process) for `issue`; `codex` overrides the settings. */
  open(issue: Issue, codex: Partial<AppServerCodexSettings> = {}, env: NodeJS.ProcessEnv = {}): AppServerSession {
    this.session = new AppServerSession({
      workspacePath: this.worktree,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PYENV_REHASH_TIMEOUT: '1', BATON_DEMO_AGENT_PACE_MS: '0', BATON_ISSUE_IDENTIFIER: issue.identifier, ...env },
      codex: {
        command: DEMO_AGENT_COMMAND,
        approval_policy: 'never',
        thread_sandbox: 'workspace-write',
        turn_sandbox_policy: null,
        turn_timeout_ms: 15_000,
        read_timeout_ms: 5_000,
        approval_timeout_ms: 5_000,
        ...codex,
      },
      issue: { id: issue.id, identifier: issue.identifier },
      operatorQueue: this.queue,
      tools: new BatonTrackerTool(this.writer, issue.identifier, { review: { feedback: () => this.reviewFeedback } }),
      onEvent: (event) => this.events.push(event),
    });
    return this.session;
  }

  /** The demo WORKFLOW.md's prompt, rendered for `issue`. */
  async prompt(issue: Issue, attempt: number | null = null): Promise<string> {
    const file = path.join(this.repo, 'WORKFLOW.md');
    const def = parseWorkflowText(await readFile(file, 'utf8'), file);
    if (!def.ok) throw new Error(def.error.message);
    const parser = new WorkflowParser();
    const text = await new PromptRenderer(parser).render(def.value.prompt_template, { issue, attempt, review: null, guidance: '' }).finally(() => parser.dispose());
    if (!text.ok) throw new Error(text.error.message);
    return text.value;
  }

  named(event: string): AgentEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  messages(): string[] {
    return this.named('agent_message').map((e) => String(e.data.text));
  }

  async dispose(): Promise<void> {
    await this.session?.stop();
    this.queue.dispose();
    await this.cleanup();
  }
}

export function demoIssue(identifier: string, title: string, fields: Partial<Issue> = {}): Issue {
  return {
    id: `id-${identifier}`, identifier, title, description: null, priority: null, state: 'In Progress', branch_name: null, url: null,
    labels: [], blocked_by: [], native_ref: null, assignee_id: null, dispatchable: true, created_at: null, updated_at: null, ...fields,
  };
}
