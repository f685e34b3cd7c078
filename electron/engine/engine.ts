import { AgentRunner } from './agents/agent-runner.js';
import { OperatorQueue } from './agents/operator-queue.js';
import { EngineEvents } from './engine-events.js';
import { EngineFacade, localDay } from './engine-facade.js';
import { childEnvironment, childEnvSecrets, secretVarNamesOf } from './lib/child-env.js';
import { isoTime, systemClock, type Clock } from './lib/clock.js';
import { DisposableStore } from './lib/disposable.js';
import { newRunId } from './lib/ids.js';
import { KeyedMutex } from './lib/keyed-mutex.js';
import { ProcessLedger } from './lib/process-ledger.js';
import type { Logger } from './lib/logger.js';
import { MetricsHistory } from './metrics-history.js';
import { err, errorMessage, ok, type Result } from './lib/result.js';
import { Orchestrator } from './orchestrator/orchestrator.js';
import { ReviewLoop } from './review/review-loop.js';
import { ApiServer } from './server/http-server.js';
import { preparePrivateState, statePaths, type StatePaths } from './state-paths.js';
import { Store } from './store/store.js';
import { ShellTerminals } from './terminals/shell-terminals.js';
import { TerminalRegistry } from './terminals/terminal-registry.js';
import { createTracker } from './tracker/create-tracker.js';
import type { Tracker } from './tracker/tracker.js';
import { WorkflowParser } from './workflow/parser/workflow-parser.js';
import { PromptRenderer } from './workflow/prompt.js';
import { trackerSecretValues } from './workflow/tracker-provider.js';
import { validateDispatchConfig } from './workflow/validate.js';
import { WorkflowStore } from './workflow/workflow-store.js';
import { HookRunner } from './workspace/hooks.js';
import { recordRemoval, type RemovedWorkspace } from './workspace/removal-record.js';
import { WorkspaceManager } from './workspace/workspace-manager.js';

export interface EngineOptions {
  workflowPath: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock?: Clock;
  /** The renderer's build directory, served at `/`. */
  staticDir?: string | null;
}

export interface ListenResult {
  url: string;
  port: number;
  token: string;
}

/**
 * The composition root: builds every service once, wires them, and owns their lifetimes. The
 * only place that knows how the parts fit; everything else receives its dependencies.
 */
export class Engine {
  private readonly disposables = new DisposableStore();
  private disposed = false;

  private constructor(
    readonly workflow: WorkflowStore,
    readonly paths: StatePaths,
    readonly store: Store,
    readonly tracker: Tracker,
    readonly orchestrator: Orchestrator,
    readonly terminals: TerminalRegistry,
    readonly operatorQueue: OperatorQueue,
    readonly server: ApiServer,
    private readonly logger: Logger,
    readonly metrics: MetricsHistory,
    readonly review: ReviewLoop,
    private readonly processes: ProcessLedger,
    private readonly clock: Clock,
  ) {}

  /** Loads the workflow and builds the engine; nothing runs until `start()`. */
  static async create(options: EngineOptions): Promise<Result<Engine>> {
    const clock = options.clock ?? systemClock;
    const { logger } = options;
    const owned = new DisposableStore();
    const fail = async <T>(result: Result<T>): Promise<Result<Engine>> => {
      await owned.dispose().catch(() => undefined);
      return result as Result<Engine>;
    };

    // YAML and Liquid run on this worker thread, never on the event loop (issue 7 M1); disposed last.
    const parser = owned.add(new WorkflowParser({ clock }));
    const opened = await WorkflowStore.open(options.workflowPath, options.env, { logger, clock, parser });
    if (!opened.ok) return fail(opened);
    const workflow = owned.add(opened.value);
    const config = () => workflow.current().config;

    const paths = statePaths(workflow.path);
    try {
      const loose = await preparePrivateState(paths);
      if (loose.length > 0) logger.warn({ entries: loose.slice(0, 20) }, 'could not make every file under .baton owner-only');
    } catch (e) {
      return fail(err('state_dir_unavailable', `cannot create ${paths.dir}: ${errorMessage(e)}`));
    }
    const storeOpened = Store.open({ path: paths.database, clock, logger });
    if (!storeOpened.ok) return fail(storeOpened);
    const store = owned.add(storeOpened.value);
    store.runs.markInterruptedRuns(new Date(clock.now()).toISOString());

    const trackerMade = createTracker(config(), { clock, logger, currentConfig: config });
    if (!trackerMade.ok) return fail(trackerMade);
    const tracker = owned.add(trackerMade.value);

    const events = owned.add(new EngineEvents());
    owned.add(tracker.onIssueChanged((issue) => events.ticket.emit(issue)));

    // Neither the tracker key nor the reviewer's model key reaches an agent, hook, check or shell;
    // `agent.env` can pass the reviewer's key to agents on purpose (docs/trust-and-safety.md).
    const secretVarNames = () => secretVarNamesOf(workflow.current().definition.config);
    // The API token is known once the server exists (below); no child may hold it either.
    let token = '';
    const secretValues = () => [...trackerSecretValues(config().tracker), token].filter((v) => v !== '');
    // Every process group the engine starts is in this ledger until it is gone; start() reaps what a
    // killed predecessor left in it before anything new runs.
    const processes = new ProcessLedger({ store: store.processes, clock, logger });
    const hooks = owned.add(new HookRunner({ logger, clock, processes }));
    // One lock per repository for every writer of git's shared state: worktrees and the landing queue.
    const repoMutex = new KeyedMutex();
    // Removals go into the ticket's trace, with the snapshot ref that holds its unsaved work.
    const onRemoved = (identifier: string, removed: RemovedWorkspace) => recordRemoval({ store, events, clock }, identifier, removed);
    const workspaces = owned.add(new WorkspaceManager({ config, hooks, logger, secretVarNames, secretValues, repoMutex, onRemoved }));
    const operatorQueue = owned.add(new OperatorQueue({ clock }));
    const terminals = owned.add(new TerminalRegistry({ rawLogDir: paths.sessions, clock, logger }));
    // Operator shells ("Open shell here") die with the engine, before the registry that shows them.
    const shells = owned.add(
      new ShellTerminals({
        terminals,
        workspacePath: (identifier) => workspaces.pathFor(identifier),
        env: () => childEnvironment(options.env, childEnvSecrets(config(), secretVarNames(), secretValues())),
        size: () => ({ cols: config().pty.cols, rows: config().pty.rows }),
        logger,
        processes,
      }),
    );

    // Disposed before the terminals, workspaces and store it uses (owned disposes in reverse order).
    const review = owned.add(
      new ReviewLoop({ config, tracker, store, workspaces, terminals, repoMutex, events, clock, logger, baseEnv: options.env, workflowPath: workflow.path, secretVarNames, secretValues, processes }),
    );
    const runner = new AgentRunner({
      workflow,
      tracker,
      workspaces,
      prompts: new PromptRenderer(parser),
      operatorQueue,
      review: review.prompts,
      terminals,
      store,
      events,
      clock,
      logger,
      promptDir: paths.prompts,
      baseEnv: options.env,
      secretVarNames,
      secretValues,
      processes,
    });
    const orchestrator = new Orchestrator({
      workflow,
      validate: validateDispatchConfig,
      tracker,
      launcher: runner,
      workspaces,
      clock,
      logger,
      newRunId,
      landingActive: (identifier) => review.isLanding(identifier),
      onTokens: (delta) => {
        const recorded = store.tokens.recordTokens(localDay(clock.now()), delta);
        if (!recorded.ok) logger.warn({ code: recorded.error.code }, `token totals not saved: ${recorded.error.message}`);
      },
    });
    // Stopping the orchestrator stops every agent; it must run before the parts they use close.
    owned.defer(() => orchestrator.stop());

    // The header chart's history: in-memory counters only, so a sample costs nothing. Token totals
    // are the orchestrator's since-start count (what the store's daily totals are fed from), which
    // never drops at midnight, so the rate between two samples is a plain difference.
    const metrics = owned.add(
      new MetricsHistory({
        clock,
        logger,
        read: () => {
          const snap = orchestrator.snapshot();
          return { running: snap.counts.running, retrying: snap.counts.retrying, waiting: operatorQueue.list().length, tokens_total: snap.codex_totals.total_tokens };
        },
      }),
    );
    const facade = new EngineFacade({ orchestrator, tracker, store, workflow, operatorQueue, terminals, events, clock, rawLogDir: paths.sessions, metrics, shells, review: review.api, guardMove: (id, state) => review.api.guardMove(id, state) });
    const server = new ApiServer({ engine: facade, logger, clock, staticDir: options.staticDir ?? null });
    token = server.token;
    owned.defer(() => server.close());

    workflow.onChange((next) => {
      const before = config();
      if (next.config.tracker.kind !== before.tracker.kind || next.config.tracker.provider.path !== before.tracker.provider.path) {
        logger.warn('tracker.kind and tracker.provider.path changes take effect after a restart');
      }
    });

    const engine = new Engine(workflow, paths, store, tracker, orchestrator, terminals, operatorQueue, server, logger, metrics, review, processes, clock);
    engine.disposables.add(owned);
    return ok(engine);
  }

  /** Startup validation and cleanup (SPEC §16.1), then the API server. */
  async start(listen: { host: string; port: number }): Promise<Result<ListenResult>> {
    await this.reapLeftovers();
    const started = await this.orchestrator.start();
    if (!started.ok) return started;
    this.metrics.start();
    await this.review.start();
    try {
      const { url, port } = await this.server.listen(listen);
      return ok({ url, port, token: this.server.token });
    } catch (e) {
      return err('listen_failed', `cannot listen on ${listen.host}:${listen.port}: ${errorMessage(e)}`);
    }
  }

  /**
   * Stops what a killed engine left running (agents, hooks, checks, shells and their children) and
   * says so in the trace of each run it belonged to, so the ticket view shows it.
   */
  private async reapLeftovers(): Promise<void> {
    const reaped = await this.processes.reapLeftovers();
    for (const { group, processes } of reaped) {
      if (group.run_id === null || group.issue_id === null || group.issue_identifier === null) continue;
      const list = processes.map((p) => `${p.command} (pid ${p.pid})`).join(', ');
      this.store.traces.append({
        issue_id: group.issue_id,
        issue_identifier: group.issue_identifier,
        run_id: group.run_id,
        session_id: null,
        at: isoTime(this.clock.now()),
        kind: 'error',
        summary: `the engine stopped without ending this run; at the next start ${processes.length === 1 ? 'its process' : `${processes.length} of its processes`} still ran and ${processes.length === 1 ? 'was' : 'were'} stopped: ${list}`,
        data: { code: 'orphans_reaped', kind: group.kind, label: group.label, pids: processes.map((p) => p.pid) },
      });
    }
  }

  /** Stops every agent as a whole process tree, closes the server, flushes and closes the store. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.logger.info('engine stopping');
    await this.disposables.dispose();
  }
}
