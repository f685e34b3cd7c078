import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import { useServices } from '../../lib/services.js';
import { TraceRow } from './TraceRow.js';
import { FilteredIndex, TraceFeed } from './trace-feed.js';
import { categoryOf, TRACE_CATEGORIES, type TraceCategory } from './trace-kinds.js';
import { TraceLoader, type TraceLoadState } from './trace-loader.js';
import './traces.css';

/** A collapsed row's height (px) before it is measured: one line of 12 px text with padding. */
const ROW_ESTIMATE_PX = 26;
/** Rows rendered beyond the visible ones on each side, so fast scrolling does not show blanks. */
const OVERSCAN_ROWS = 12;
/** How close to the bottom (px) still counts as "at the end" for following new events. */
const FOLLOW_SLACK_PX = 40;

const IDLE: TraceLoadState = { loading: true, complete: false, error: null };
const noop = () => () => {};

export interface TraceTimelineProps {
  identifier: string;
  /** Scrolls the event's terminal to it; absent rows get no "show in terminal" button. */
  onShowInTerminal?: (event: TraceEvent) => void;
}

/**
 * The run history of a ticket as a virtualized timeline: all its trace events (paged in, then live),
 * filterable by category, with details per kind. Only the rows on screen are in the DOM, so a trace
 * of 100,000 events scrolls like one of 100.
 */
export function TraceTimeline({ identifier, onShowInTerminal }: TraceTimelineProps) {
  const { api, socket } = useServices();
  // One feed, and its filtered index, per ticket: another ticket starts empty without remounting
  // the timeline (derived during render, as React recommends for state that follows a prop).
  const [trace, setTrace] = useState(() => ({ identifier, feed: new TraceFeed(), index: new FilteredIndex() }));
  let current = trace;
  if (trace.identifier !== identifier) {
    current = { identifier, feed: new TraceFeed(), index: new FilteredIndex() };
    setTrace(current);
  }
  const { feed, index } = current;
  const [loader, setLoader] = useState<TraceLoader | null>(null);
  useEffect(() => {
    const next = new TraceLoader(identifier, feed, api, socket);
    next.start();
    setLoader(next);
    return () => next.dispose();
  }, [identifier, feed, api, socket]);

  // Changes (and re-renders) when the feed grows; the rows are read from the feed itself.
  const version = useSyncExternalStore(useCallback((cb: () => void) => feed.subscribe(cb), [feed]), () => feed.version);
  const load = useSyncExternalStore(useCallback((cb: () => void) => loader?.onState(cb) ?? noop(), [loader]), () => loader?.state ?? IDLE);

  const [hidden, setHidden] = useState<ReadonlySet<TraceCategory>>(new Set());
  const predicate = useMemo(() => (e: TraceEvent) => !hidden.has(categoryOf(e.kind)), [hidden]);
  // Brought up to date on every render: the index appends only what is new, so a render caused
  // by anything but the feed costs a comparison.
  const indices = index.update(feed, predicate);
  const count = indices.length;

  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = useCallback((seq: number) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: OVERSCAN_ROWS,
    getItemKey: (i) => feed.at(indices[i]!)?.seq ?? i,
  });

  const [follow, setFollow] = useState(true);
  useEffect(() => {
    if (follow && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [follow, count, version, virtualizer]);
  const onScroll = () => {
    const el = scrollRef.current;
    if (el) setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - FOLLOW_SLACK_PX);
  };

  const toggleCategory = (id: TraceCategory) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section className="trace-timeline" data-testid="trace-timeline" aria-label="Trace">
      <header className="trace-header">
        <h2>Trace</h2>
        <span className="trace-count" data-testid="trace-count">
          {count === feed.length ? `${feed.length} events` : `${count} of ${feed.length} events`}
          {load.loading && ' · loading…'}
        </span>
        <button type="button" className="trace-follow" aria-pressed={follow} onClick={() => setFollow((f) => !f)}>
          {follow ? 'Following' : 'Follow'}
        </button>
      </header>
      <div className="trace-filters" role="group" aria-label="Show kinds">
        {TRACE_CATEGORIES.map((c) => (
          <button key={c.id} type="button" className="trace-filter" aria-pressed={!hidden.has(c.id)} onClick={() => toggleCategory(c.id)}>
            {c.label}
          </button>
        ))}
      </div>
      {load.error && (
        <div className="trace-error" role="alert">
          Could not load the trace: {load.error.message}{' '}
          <button type="button" onClick={() => loader?.retry()}>
            Retry
          </button>
        </div>
      )}
      <div className="trace-scroll" ref={scrollRef} onScroll={onScroll} data-testid="trace-scroll">
        {count === 0 && !load.loading && <div className="trace-empty">{feed.length === 0 ? 'No events yet.' : 'No events of the selected kinds.'}</div>}
        <div className="trace-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const event = feed.at(indices[item.index]!);
            if (!event) return null;
            return (
              <div key={item.key} className="trace-slot" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
                <TraceRow event={event} expanded={expanded.has(event.seq)} onToggle={toggle} onShowInTerminal={onShowInTerminal} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
