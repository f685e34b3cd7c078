/**
 * An async mutex per key: `run(key, fn)` starts `fn` only after every earlier `run` with the same key
 * has settled, while different keys proceed in parallel. Used around git operations that write a
 * repository's shared state (`.git/worktrees/`, `.git/config`, refs): eight concurrent
 * `git worktree add` on one repository fail without it (performance-and-reliability.md §5.2).
 */
export class KeyedMutex {
  /** Tail of each key's queue; removed when the last holder finishes so the map does not grow. */
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  isLocked(key: string): boolean {
    return this.tails.has(key);
  }

  /** Number of keys currently held or waited for. */
  get size(): number {
    return this.tails.size;
  }
}
