import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import type { Logger } from '../lib/logger.js';
import { err, errorMessage, ok, type BatonError, type Result } from '../lib/result.js';
import { buildServiceConfig } from './config.js';
import type { EffectiveWorkflow } from './config-types.js';
import { DebouncedFileWatcher } from './file-watcher.js';
import { parseWorkflowText } from './loader.js';

export interface WorkflowStoreOptions {
  logger: Logger;
  /** Quiet time after the last file event before re-reading; editors emit several events per save. */
  debounceMs?: number;
  clock?: Clock;
}

export type WorkflowChangeListener = (workflow: EffectiveWorkflow) => void;

/** 200 ms: long enough to span an editor's write-rename-chmod burst, short enough to feel immediate. */
const DEFAULT_DEBOUNCE_MS = 200;

interface Snapshot {
  text: string;
  /** mtime + size + inode: cheap to compare before every dispatch (SPEC §6.2). */
  signature: string;
}

/**
 * The live WORKFLOW.md (SPEC §6.2): the last good EffectiveWorkflow, re-read when the file changes.
 * A bad edit (unreadable file, broken YAML, invalid config) never replaces a good version: it is
 * logged and kept in `lastError()` until an edit loads again. Dispatch checks (validate.ts) are not
 * applied here; the orchestrator runs them every tick against `current()`.
 */
export class WorkflowStore implements Disposable {
  private workflow: EffectiveWorkflow;
  private error: BatonError | null = null;
  private signature: string | null;
  private seenText: string | null;
  private readonly listeners = new Set<WorkflowChangeListener>();
  private readonly statusListeners = new Set<() => void>();
  private readonly watcher: DebouncedFileWatcher;
  private readonly logger: Logger;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  /** Fails (missing file, bad YAML, invalid config) so the CLI can refuse to start. */
  static async open(file: string, env: NodeJS.ProcessEnv, options: WorkflowStoreOptions): Promise<Result<WorkflowStore>> {
    const absolute = path.resolve(file);
    const clock = options.clock ?? systemClock;
    const snapshot = await readSnapshot(absolute);
    if (!snapshot.ok) return snapshot;
    const loaded = evaluate(snapshot.value.text, absolute, env, clock);
    if (!loaded.ok) return loaded;
    return ok(new WorkflowStore(absolute, env, options, clock, snapshot.value, loaded.value));
  }

  private constructor(
    readonly path: string,
    private readonly env: NodeJS.ProcessEnv,
    options: WorkflowStoreOptions,
    private readonly clock: Clock,
    snapshot: Snapshot,
    initial: EffectiveWorkflow,
  ) {
    this.logger = options.logger.child({ workflow_path: path });
    this.workflow = initial;
    this.signature = snapshot.signature;
    this.seenText = snapshot.text;
    this.watcher = new DebouncedFileWatcher(path, options.debounceMs ?? DEFAULT_DEBOUNCE_MS, () => void this.reload(), {
      clock,
      logger: this.logger,
    });
  }

  /** The last good workflow; never replaced by an invalid edit. */
  current(): EffectiveWorkflow {
    return this.workflow;
  }

  /** Why the latest edit was not applied, or null when the file on disk is what `current()` reflects. */
  lastError(): BatonError | null {
    return this.error;
  }

  /** Fires after a changed file loads successfully. Returns the unsubscribe function. */
  onChange(listener: WorkflowChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Fires whenever what the store reports changed: a good reload or a new error. Observers (the
   * API's workflow push) re-read `current()` and `lastError()`.
   */
  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Defensive check before dispatch in case a watch event was missed: re-reads only if the file's stat changed. */
  async reloadIfChanged(): Promise<void> {
    if (this.disposed) return;
    const current = await statSignature(this.path);
    if (current !== this.signature) await this.reload();
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
    if (snapshot.value.text === this.seenText) return;
    this.seenText = snapshot.value.text;
    const loaded = evaluate(snapshot.value.text, this.path, this.env, this.clock);
    if (!loaded.ok) return this.fail(loaded.error);
    this.workflow = loaded.value;
    if (this.error) this.logger.info('workflow file is valid again');
    this.error = null;
    this.logger.info('workflow reloaded');
    for (const listener of [...this.listeners]) {
      try {
        listener(loaded.value);
      } catch (e) {
        this.logger.error({ error: errorMessage(e) }, 'workflow change listener failed');
      }
    }
    this.emitStatus();
  }

  private emitStatus(): void {
    for (const listener of [...this.statusListeners]) {
      try {
        listener();
      } catch (e) {
        this.logger.error({ error: errorMessage(e) }, 'workflow status listener failed');
      }
    }
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
    this.listeners.clear();
    this.statusListeners.clear();
  }
}

function evaluate(text: string, file: string, env: NodeJS.ProcessEnv, clock: Clock): Result<EffectiveWorkflow> {
  const definition = parseWorkflowText(text, file);
  if (!definition.ok) return definition;
  const config = buildServiceConfig(definition.value, env);
  if (!config.ok) return config;
  return ok({ definition: definition.value, config: config.value, loaded_at: clock.now() });
}

async function statSignature(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return null;
  }
}

async function readSnapshot(file: string): Promise<Result<Snapshot>> {
  // Stat before reading: if the file changes in between, the newer signature triggers another read.
  const signature = await statSignature(file);
  try {
    const text = await readFile(file, 'utf8');
    return ok({ text, signature: signature ?? '' });
  } catch (e) {
    return err('missing_workflow_file', `cannot read workflow file ${file}: ${errorMessage(e)}`, { path: file });
  }
}
