import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import { ev } from './trace-fixtures.test-util.js';
import { FilteredIndex, TraceFeed } from './trace-feed.js';

describe('TraceFeed', () => {
  it('keeps events ordered by seq without duplicates, and notifies once per batch', () => {
    const feed = new TraceFeed();
    let notified = 0;
    feed.subscribe(() => notified++);
    expect(feed.add([ev(1), ev(3), ev(5)])).toBe(3);
    expect(feed.add([ev(3), ev(5)])).toBe(0);
    expect(feed.add([ev(4), ev(2), ev(6)])).toBe(3);
    expect(Array.from({ length: feed.length }, (_, i) => feed.at(i)!.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([feed.lastSeq, notified, feed.version]).toEqual([6, 2, 2]);
  });

  it('appends 100,000 paged events at the end, never inserting', () => {
    const feed = new TraceFeed();
    for (let page = 0; page < 100; page++) feed.add(Array.from({ length: 1000 }, (_, i) => ev(page * 1000 + i + 1)));
    expect([feed.length, feed.lastSeq, feed.insertionCount, feed.version]).toEqual([100_000, 100_000, 0, 100]);
  });
});

describe('FilteredIndex', () => {
  const commands = (e: TraceEvent) => e.kind === 'command';

  it('appends only the new matches, and rebuilds after an insertion or a new filter', () => {
    const feed = new TraceFeed();
    const index = new FilteredIndex();
    feed.add([ev(1, 'command'), ev(2), ev(4, 'command')]);
    expect([...index.update(feed, commands)]).toEqual([0, 2]);
    feed.add([ev(5, 'command')]);
    expect([...index.update(feed, commands)]).toEqual([0, 2, 3]);
    feed.add([ev(3, 'command')]); // lands before 4 and 5: positions shift
    expect([...index.update(feed, commands)]).toEqual([0, 2, 3, 4]);
    const all = () => true;
    expect(index.update(feed, all)).toHaveLength(5);
  });
});
