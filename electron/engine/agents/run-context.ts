import type { Issue } from '../../../shared/domain/issue.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { ProcessGuard } from '../lib/process-ledger.js';
import type { Result } from '../lib/result.js';
import type { Store } from '../store/store.js';
import type { TerminalRegistry } from '../terminals/terminal-registry.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { PromptRenderer } from '../workflow/prompt.js';
import type { WorkspaceManager } from '../workspace/workspace-manager.js';
import type { OperatorQueue } from './operator-queue.js';
import type { ReviewContext } from './review-context.js';
import type { RunRecorder } from './run-recorder.js';

/** What one run attempt works with; built by the AgentRunner for each launch. */
export interface RunContext {
  config: ServiceConfig;
  promptTemplate: string;
  issue: Issue;
  attempt: number | null;
  runId: string;
  workspacePath: string;
  env: NodeJS.ProcessEnv;
  secretValues: string[];
  recorder: RunRecorder;
  tracker: Tracker;
  store: Store;
  prompts: PromptRenderer;
  operatorQueue: OperatorQueue;
  /** Review feedback and guidance for the prompt and the baton_tracker tool. */
  review: ReviewContext;
  terminals: TerminalRegistry;
  workspaces: WorkspaceManager;
  promptDir: string;
  clock: Clock;
  logger: Logger;
  /** The engine's ledger of process groups: every process the run starts is recorded there. */
  processes: ProcessGuard;
  /** Set once the orchestrator asked the run to stop; the loop checks it between steps. */
  stopRequested: () => boolean;
  /** Registers how to stop the live agent session (whole process tree). */
  onStop: (stop: () => Promise<void>) => void;
  /** Registers the live session's activity clock for stall detection. */
  onActivity: (lastActivityAt: () => number | null) => void;
}

/** How an agent kind runs its part of an attempt: ok when the attempt ended normally. */
export type AgentDriver = (ctx: RunContext) => Promise<Result<void>>;
