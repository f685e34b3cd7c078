import type { EngineEvents } from '../engine-events.js';
import { childEnvironment, childEnvSecrets, resolvePassedEnv } from '../lib/child-env.js';
import { isoTime, type Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { UNRECORDED, type ProcessGuard } from '../lib/process-ledger.js';
import type { LaunchRequest, StopReason, WorkerHandle, WorkerLauncher, WorkerSink } from '../orchestrator/worker.js';
import type { Store } from '../store/store.js';
import type { TerminalRegistry } from '../terminals/terminal-registry.js';
import type { Tracker } from '../tracker/tracker.js';
import type { EffectiveWorkflow } from '../workflow/config-types.js';
import type { PromptRenderer } from '../workflow/prompt.js';
import type { WorkspaceManager } from '../workspace/workspace-manager.js';
import type { OperatorQueue } from './operator-queue.js';
import type { ReviewContext } from './review-context.js';
import { runAttempt } from './run-attempt.js';
import { RunRecorder } from './run-recorder.js';

export interface AgentRunnerDeps {
  workflow: { current(): EffectiveWorkflow };
  tracker: Tracker;
  workspaces: WorkspaceManager;
  prompts: PromptRenderer;
  operatorQueue: OperatorQueue;
  /** Review feedback and guidance (NO_REVIEW_CONTEXT when the review loop is not wired). */
  review: ReviewContext;
  terminals: TerminalRegistry;
  store: Store;
  events: EngineEvents;
  clock: Clock;
  logger: Logger;
  promptDir: string;
  /** The engine's environment, before secrets are stripped for agents. */
  baseEnv: NodeJS.ProcessEnv;
  /** Names of variables holding secrets (`tracker.provider.api_key` and `review.reviewer.api_key` as `$VAR`). */
  secretVarNames: () => string[];
  /** Values that must never reach an agent (tracker key, API token). */
  secretValues: () => string[];
  /** The engine's ledger of process groups (default: none recorded). */
  processes?: ProcessGuard;
}

/**
 * The orchestrator's worker launcher: each launch runs one attempt (SPEC §16.5) in the background
 * and reports back through the sink. Stop requests reach the live agent session, and `stop()`
 * resolves only after the attempt has finished its cleanup (after_run, run record).
 */
export class AgentRunner implements WorkerLauncher {
  constructor(private readonly deps: AgentRunnerDeps) {}

  launch(request: LaunchRequest, sink: WorkerSink): WorkerHandle {
    const { deps } = this;
    const { config, definition } = deps.workflow.current();
    const logger = deps.logger.child({ issue_id: request.issue.id, issue_identifier: request.issue.identifier, run_id: request.run_id });
    const recorder = new RunRecorder({ store: deps.store, events: deps.events, sink, clock: deps.clock, logger, terminals: deps.terminals }, request.issue, request.run_id);
    const started = deps.store.runs.startRun({
      run_id: request.run_id,
      issue_id: request.issue.id,
      issue_identifier: request.issue.identifier,
      attempt: request.attempt,
      started_at: isoTime(deps.clock.now()),
      agent_kind: config.agent.kind,
    });
    if (!started.ok) logger.error({ code: started.error.code }, `could not record the run: ${started.error.message}`);

    let stopReason: StopReason | null = null;
    let stopSession: (() => Promise<void>) | null = null;
    let activity: (() => number | null) | null = null;
    const secretValues = deps.secretValues();
    const done = runAttempt(
      {
        config,
        promptTemplate: definition.prompt_template,
        issue: request.issue,
        attempt: request.attempt,
        runId: request.run_id,
        workspacePath: null,
        env: childEnvironment(deps.baseEnv, childEnvSecrets(config, deps.secretVarNames(), secretValues), {
          extra: { BATON_ISSUE_IDENTIFIER: request.issue.identifier, BATON_RUN_ID: request.run_id },
          passed: resolvePassedEnv(config.agent.env, deps.baseEnv),
        }),
        secretValues,
        recorder,
        tracker: deps.tracker,
        store: deps.store,
        prompts: deps.prompts,
        operatorQueue: deps.operatorQueue,
        review: deps.review,
        terminals: deps.terminals,
        workspaces: deps.workspaces,
        promptDir: deps.promptDir,
        clock: deps.clock,
        logger,
        processes: deps.processes ?? UNRECORDED,
        stopRequested: () => stopReason !== null,
        onStop: (stop) => {
          stopSession = stop;
        },
        onActivity: (fn) => {
          activity = fn;
        },
      },
      () => stopReason,
    ).then((outcome) => {
      // A stopped run's exit is not news to the orchestrator (it already moved on).
      if (stopReason === null) sink.exit(outcome);
    });

    return {
      stop: async (reason) => {
        if (stopReason === null) {
          stopReason = reason;
          logger.info({ reason }, 'stopping run');
          await (stopSession as (() => Promise<void>) | null)?.();
        }
        await done;
      },
      lastActivityAt: () => (activity as (() => number | null) | null)?.() ?? null,
    };
  }
}
