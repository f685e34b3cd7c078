import { open as openFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isoTime, systemClock, type Clock } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import { Emitter, type EventSubscription } from '../lib/emitter.js';
import type { Logger } from '../lib/logger.js';
import { err, errorMessage, ok, type BatonError, type Result } from '../lib/result.js';
import { changesGuardedKeys, configChanges, type ConfigChange } from './config-changes.js';
import type { EffectiveWorkflow } from './config-types.js';
import { evaluateWorkflow, tooLarge, WORKFLOW_MAX_BYTES } from './evaluate-workflow.js';
import { DebouncedFileWatcher } from './file-watcher.js';
import { WorkflowParser } from './parser/workflow-parser.js';

export interface WorkflowStoreOptions {
  logger: Logger;
  /** Quiet time after the last file event before re-reading; editors emit several events per save. */
  debounceMs?: number;
  clock?: Clock;
  /** The parse worker; without one the store starts (and disposes) its own. */
  parser?: WorkflowParser;
}

export type WorkflowChangeListener = (workflow: EffectiveWorkflow) => void;

/**
 * A loaded version that changes guarded keys (hooks, commands, sandboxes, …: guarded-keys.ts) and
 * waits for a person before it applies; the engine runs on `current()` meanwhile.
 */
export interface PendingWorkflowChange {
  /** Names this version: applying or rejecting a newer one by an old id is refused. */
  id: string;
  /** Epoch ms the version was read. */
  detected_at: number;
  workflow: EffectiveWorkflow;
  /** Every key that differs from `current()`; guarded ones say why. */
  changes: ConfigChange[];
}

/** 200 ms: long enough to span an editor's write-rename-chmod burst, short enough to feel immediate. */
const DEFAULT_DEBOUNCE_MS = 200;

interface Snapshot {
  /** Null when the file is over the size limit: it is not read at all. */
  text: string | null;
  /** mtime + size + inode: cheap to compare before every dispatch (SPEC §6.2). */
  signature: string;
  bytes: number;
}

/**
 * The live WORKFLOW.md (SPEC §6.2): the last good EffectiveWorkflow, re-read when the file changes.
 * A bad edit (unreadable or oversized file, broken YAML, invalid config, a template that does not
 * parse) never replaces a good version: it is logged and kept in `lastError()` until an edit loads
 * again. A good edit that changes guarded keys waits in `pendingChange()` until a person applies
 * it (issue 7 H2); the version the engine started with counts as confirmed by starting it.
 * Dispatch checks (validate.ts) are not applied here; the orchestrator runs them every tick.
 */
export class WorkflowStore implements Disposable {
  private workflow: EffectiveWorkflow;
  private error: BatonError | null = null;
  private pending: PendingWorkflowChange | null = null;
  private pendingSeq = 0;
  private signature: string | null;
  private seenText: string | null;
  private readonly changes = new Emitter<EffectiveWorkflow>((e) => this.logger.error({ error: errorMessage(e) }, 'workflow change listener failed'));
  private readonly statuses = new Emitter((e) => this.logger.error({ error: errorMessage(e) }, 'workflow status listener failed'));
  private readonly watcher: DebouncedFileWatcher;
  private readonly logger: Logger;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  /** Fails (missing, oversized or invalid file) so the CLI can refuse to start. */
  static async open(file: string, env: NodeJS.ProcessEnv, options: WorkflowStoreOptions): Promise<Result<WorkflowStore>> {
    const absolute = path.resolve(file);
    const clock = options.clock ?? systemClock;
    const ownParser = options.parser ? null : new WorkflowParser({ clock });
    const parser = options.parser ?? ownParser!;
    const snapshot = await readSnapshot(absolute);
    const loaded = await evaluateSnapshot(snapshot, absolute, { env, clock, parser });
    if (!snapshot.ok || !loaded.ok) {
      ownParser?.dispose();
      return snapshot.ok ? (loaded as Result<never>) : snapshot;
    }
    return ok(new WorkflowStore(absolute, env, options, clock, parser, ownParser, snapshot.value, loaded.value));
  }

  private constructor(
    readonly path: string,
    private readonly env: NodeJS.ProcessEnv,
    options: WorkflowStoreOptions,
    private readonly clock: Clock,
    private readonly parser: WorkflowParser,
    private readonly ownParser: WorkflowParser | null,
    snapshot: Snapshot,
    initial: EffectiveWorkflow,
  ) {
    this.logger = options.logger.child({ workflow_path: path });
    this.workflow = initial;
    this.warnDeprecated(initial);
    this.signature = snapshot.signature;
    this.seenText = snapshot.text;
    this.watcher = new DebouncedFileWatcher(path, options.debounceMs ?? DEFAULT_DEBOUNCE_MS, () => void this.reload(), {
      clock,
      logger: this.logger,
    });
  }

  /** The last good, confirmed workflow; never replaced by an invalid edit or an unconfirmed one. */
  current(): EffectiveWorkflow {
    return this.workflow;
  }

  /** Why the latest edit was not applied, or null when the file on disk is what `current()` reflects. */
  lastError(): BatonError | null {
    return this.error;
  }

  /** A loaded version that waits for a person because it changes guarded keys, or null. */
  pendingChange(): PendingWorkflowChange | null {
    return this.pending;
  }

  /** Fires after a new version is applied. */
  onChange(listener: WorkflowChangeListener): EventSubscription {
    return this.changes.on(listener);
  }

  /**
   * Fires whenever what the store reports changed: a version applied, a new error, a change that
   * waits or no longer does. Observers (the API's workflow push) re-read the getters.
   */
  onStatus(listener: () => void): EventSubscription {
    return this.statuses.on(listener);
  }

  /** A person confirms the waiting version: it applies now. `workflow_change_not_found` for a stale id. */
  applyPending(id: string): Result<EffectiveWorkflow> {
    const pending = this.pending;
    if (!pending || pending.id !== id) return notPending(id, pending);
    this.pending = null;
    this.logger.warn({ keys: pending.changes.filter((c) => c.guarded).map((c) => c.key) }, 'workflow change applied by a person');
    this.apply(pending.workflow);
    return ok(pending.workflow);
  }

  /**
   * A person refuses the waiting version: the engine stays on `current()`, and `lastError()` says
   * the file on disk is not what runs, until the file changes again (or Baton restarts on it).
   */
  rejectPending(id: string): Result<void> {
    const pending = this.pending;
    if (!pending || pending.id !== id) return notPending(id, pending);
    this.pending = null;
    const keys = pending.changes.filter((c) => c.guarded).map((c) => c.key);
    this.logger.warn({ keys }, 'workflow change rejected by a person');
    this.fail({
      code: 'workflow_change_rejected',
      message: `the change to ${this.path} (${keys.join(', ')}) was rejected: Baton keeps running the version loaded at ${isoTime(this.workflow.loaded_at)} until the file changes again`,
    });
    return ok(undefined);
  }

  /** Defensive check before dispatch in case a watch event was missed: re-reads only if the file's stat changed. */
  async reloadIfChanged(): Promise<void> {
    if (this.disposed) return;
    const current = await statSignature(this.path);
    if (current?.signature !== this.signature) await this.reload();
  }

  /** Re-reads the file now. Reloads are serialized so a slow read never overwrites a newer one. */
  reload(): Promise<void> {
    this.queue = this.queue.then(() => this.reloadNow());
    return this.queue;
  }

  private async reloadNow(): Promise<void> {
    if (this.disposed) return;
    const snapshot = await readSnapshot(this.path);
    if (this.disposed) return;
    if (!snapshot.ok) {
      // Forget what was seen, so the file's return (even unchanged) loads again and clears the error.
      this.signature = null;
      this.seenText = null;
      return this.fail(snapshot.error);
    }
    this.signature = snapshot.value.signature;
    const text = snapshot.value.text;
    if (text === null) {
      this.seenText = null;
      return this.fail(tooLarge(this.path, snapshot.value.bytes).error);
    }
    if (text === this.seenText) return;
    this.seenText = text;
    const loaded = await evaluateWorkflow(text, this.path, { env: this.env, clock: this.clock, parser: this.parser });
    if (this.disposed) return;
    if (!loaded.ok) return this.fail(loaded.error);
    this.warnDeprecated(loaded.value);
    if (this.error) this.logger.info('workflow file is valid again');
    this.error = null;
    if (changesGuardedKeys(this.workflow.config, loaded.value.config)) return this.hold(loaded.value);
    this.pending = null;
    this.apply(loaded.value);
  }

  /** Deprecated spellings (Linear's flat `tracker.api_key`, …) still load; each read says so once. */
  private warnDeprecated(workflow: EffectiveWorkflow): void {
    for (const warning of workflow.config.warnings) this.logger.warn({ warning }, `WORKFLOW.md: ${warning}`);
  }

  private hold(next: EffectiveWorkflow): void {
    this.pendingSeq += 1;
    const changes = configChanges(this.workflow, next);
    this.pending = { id: String(this.pendingSeq), detected_at: this.clock.now(), workflow: next, changes };
    this.logger.warn(
      { keys: changes.filter((c) => c.guarded).map((c) => c.key) },
      'workflow change waits for a person: it changes what runs outside any sandbox (apply or reject it in the operator queue)',
    );
    this.emitStatus();
  }

  private apply(next: EffectiveWorkflow): void {
    this.workflow = next;
    this.logger.info('workflow reloaded');
    this.changes.emit(next);
    this.emitStatus();
  }

  private emitStatus(): void {
    this.statuses.emit();
  }

  private fail(error: BatonError): void {
    // Log once per distinct problem: reloadIfChanged may hit the same missing file every tick.
    const changed = this.error?.code !== error.code || this.error.message !== error.message;
    if (changed) this.logger.error({ code: error.code, error: error.message }, 'workflow reload failed; keeping the last good workflow');
    this.error = error;
    if (changed) this.emitStatus();
  }

  dispose(): void {
    this.disposed = true;
    this.watcher.dispose();
    this.changes.dispose();
    this.statuses.dispose();
    this.ownParser?.dispose();
  }
}

function evaluateSnapshot(snapshot: Result<Snapshot>, file: string, deps: Parameters<typeof evaluateWorkflow>[2]): Promise<Result<EffectiveWorkflow>> {
  if (!snapshot.ok) return Promise.resolve(snapshot);
  if (snapshot.value.text === null) return Promise.resolve(tooLarge(file, snapshot.value.bytes));
  return evaluateWorkflow(snapshot.value.text, file, deps);
}

function notPending(id: string, pending: PendingWorkflowChange | null): Result<never> {
  const now = pending ? `the change waiting now is ${pending.id}` : 'no change is waiting';
  return err('workflow_change_not_found', `no waiting workflow change ${id}: ${now}`);
}

async function statSignature(file: string): Promise<{ signature: string; bytes: number } | null> {
  try {
    const s = await stat(file);
    return { signature: `${s.mtimeMs}:${s.size}:${s.ino}`, bytes: s.size };
  } catch {
    return null;
  }
}

/**
 * Stat, then read at most the size limit plus one byte: a file over the limit is refused without
 * reading it whole (a 20 MB WORKFLOW.md once kept the engine busy for minutes).
 */
async function readSnapshot(file: string): Promise<Result<Snapshot>> {
  // Stat before reading: if the file changes in between, the newer signature triggers another read.
  const stats = await statSignature(file);
  if (stats && stats.bytes > WORKFLOW_MAX_BYTES) return ok({ text: null, signature: stats.signature, bytes: stats.bytes });
  try {
    const handle = await openFile(file, 'r');
    try {
      const buffer = Buffer.alloc(WORKFLOW_MAX_BYTES + 1);
      let bytesRead = 0;
      for (;;) {
        const { bytesRead: n } = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead);
        bytesRead += n;
        if (n === 0 || bytesRead === buffer.length) break;
      }
      // It grew past the limit after the stat: the same refusal.
      if (bytesRead > WORKFLOW_MAX_BYTES) return ok({ text: null, signature: stats?.signature ?? '', bytes: bytesRead });
      return ok({ text: buffer.subarray(0, bytesRead).toString('utf8'), signature: stats?.signature ?? '', bytes: bytesRead });
    } finally {
      await handle.close();
    }
  } catch (e) {
    return err('missing_workflow_file', `cannot read workflow file ${file}: ${errorMessage(e)}`, { path: file });
  }
}
