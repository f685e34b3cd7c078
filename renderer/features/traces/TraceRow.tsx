import { memo } from 'react';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import { hasDetails, TraceDetails } from './TraceDetails.js';
import { categoryOf, isFailure, labelOf, terminalPosition } from './trace-kinds.js';

export interface TraceRowProps {
  event: TraceEvent;
  expanded: boolean;
  onToggle(seq: number): void;
  /** Present when the event's terminal can be shown: scrolls it to the event. */
  onShowInTerminal?: (event: TraceEvent) => void;
}

/** HH:MM:SS in local time: the trace is read beside a terminal, at the scale of seconds. */
function clockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { hour12: false });
}

/** One event: time, kind, summary, and (expanded) its details; runs and turns read as dividers. */
export const TraceRow = memo(function TraceRow({ event, expanded, onToggle, onShowInTerminal }: TraceRowProps) {
  const category = categoryOf(event.kind);
  const expandable = hasDetails(event);
  const divider = event.kind === 'run_started' || event.kind === 'turn_started';
  const className = ['trace-row', `cat-${category}`, divider ? 'trace-divider' : '', isFailure(event) ? 'failed' : ''].filter(Boolean).join(' ');
  return (
    <div className={className} data-testid={`trace-${event.seq}`} data-kind={event.kind}>
      <div className="trace-line">
        <button
          type="button"
          className="trace-toggle"
          aria-expanded={expandable ? expanded : undefined}
          aria-label={expanded ? 'Hide details' : 'Show details'}
          disabled={!expandable}
          onClick={() => onToggle(event.seq)}
        >
          {expandable ? (expanded ? '▾' : '▸') : '·'}
        </button>
        <time className="trace-time" dateTime={event.at}>
          {clockTime(event.at)}
        </time>
        <span className="trace-badge">{labelOf(event.kind)}</span>
        <span className="trace-summary" title={event.summary} onClick={() => expandable && onToggle(event.seq)}>
          {event.summary}
        </span>
        {onShowInTerminal && terminalPosition(event) && (
          <button type="button" className="trace-jump" aria-label="Show in terminal" title="Scroll the terminal to this event" onClick={() => onShowInTerminal(event)}>
            ⤓ terminal
          </button>
        )}
      </div>
      {expanded && <TraceDetails event={event} />}
    </div>
  );
});
