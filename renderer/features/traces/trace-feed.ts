import type { TraceEvent } from '../../../shared/domain/trace.js';

/**
 * One ticket's trace events, ordered by `seq` and free of duplicates, whichever way they came (HTTP
 * pages, live pushes, catch-ups after a reconnect). Lives outside React: views read it through
 * `version` and re-render once per batch added, not per event.
 */
export class TraceFeed {
  private events: TraceEvent[] = [];
  private readonly seqs = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private revision = 0;
  private insertions = 0;

  /** Adds what is new; returns how many events that was. */
  add(batch: readonly TraceEvent[]): number {
    let added = 0;
    for (const event of batch) {
      if (this.seqs.has(event.seq)) continue;
      this.seqs.add(event.seq);
      added++;
      const last = this.events.at(-1);
      if (!last || event.seq > last.seq) {
        this.events.push(event);
      } else {
        // Out of order (a page overlapping live pushes): rare, so a splice is fine.
        this.events.splice(this.insertionPoint(event.seq), 0, event);
        this.insertions++;
      }
    }
    if (added > 0) {
      this.revision++;
      for (const listener of [...this.listeners]) listener();
    }
    return added;
  }

  get length(): number {
    return this.events.length;
  }

  at(index: number): TraceEvent | undefined {
    return this.events[index];
  }

  /** Highest seq held (0 when empty). */
  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? 0;
  }

  /** Changes on every batch that added something (for useSyncExternalStore). */
  get version(): number {
    return this.revision;
  }

  /** Changes whenever an event was inserted before the end (derived indexes must be rebuilt). */
  get insertionCount(): number {
    return this.insertions;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private insertionPoint(seq: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Positions in a feed of the events that pass a filter, kept up to date incrementally: appending
 * events costs only the new ones, so a 100,000-event trace with live pushes stays cheap. A changed
 * filter or an out-of-order insertion rebuilds it once.
 */
export class FilteredIndex {
  private indices: number[] = [];
  private scanned = 0;
  private insertions = -1;
  private predicate: ((event: TraceEvent) => boolean) | null = null;

  update(feed: TraceFeed, predicate: (event: TraceEvent) => boolean): readonly number[] {
    if (predicate !== this.predicate || feed.insertionCount !== this.insertions || feed.length < this.scanned) {
      this.predicate = predicate;
      this.insertions = feed.insertionCount;
      this.indices = [];
      this.scanned = 0;
    }
    // Appended in place: readers re-render on the feed's version, not on this array's identity.
    for (; this.scanned < feed.length; this.scanned++) {
      if (predicate(feed.at(this.scanned)!)) this.indices.push(this.scanned);
    }
    return this.indices;
  }
}
