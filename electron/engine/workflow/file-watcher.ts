import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import { errorMessage } from '../lib/result.js';
import type { Logger } from '../lib/logger.js';

/**
 * Calls `onChange` once things settle after a file changes. It watches the file's directory, not
 * the file: editors save by writing a temp file and renaming it over the original, which replaces
 * the inode a file watch is bound to. Bursts (write + rename + chmod) collapse into one call.
 * Watching is best effort; callers should also poll (see WorkflowStore.reloadIfChanged).
 */
export class DebouncedFileWatcher implements Disposable {
  private watcher: FSWatcher | null = null;
  private timer: TimerHandle | null = null;
  private disposed = false;

  constructor(
    private readonly file: string,
    private readonly debounceMs: number,
    private readonly onChange: () => void,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    const name = path.basename(file);
    try {
      // Not persistent: a watcher must never be what keeps a shutting-down engine alive.
      this.watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
        // Some platforms omit the name; then any change in the directory might be ours.
        if (changed === null || changed.toString() === name) this.schedule();
      });
      this.watcher.on('error', (e) => this.stopWatching(e));
    } catch (e) {
      this.stopWatching(e);
    }
  }

  private stopWatching(e: unknown): void {
    this.deps.logger.warn({ path: this.file, error: errorMessage(e) }, 'cannot watch workflow file; changes are picked up before dispatch only');
    this.watcher?.close();
    this.watcher = null;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      if (!this.disposed) this.onChange();
    }, this.debounceMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }
}
