import { useMemo } from 'react';
import { TICKET_STATUSES, emptyFilters, hasFilters, type TicketStatus } from './board-filters.js';
import { boardStore, setFilters, useBoard } from './board-store.js';
import { useFleet } from '../../stores/fleet-store.js';

/** Id of the search box: `/` focuses it from anywhere on the board. */
export const BOARD_SEARCH_ID = 'board-search';

export interface FilterBarProps {
  shown: number;
  total: number;
  onCreate: () => void;
}

/** Search, label and status filters over the whole board; they persist across reloads. */
export function FilterBar({ shown, total, onCreate }: FilterBarProps) {
  const filters = useBoard((s) => s.filters);
  const tickets = useFleet((s) => s.tickets);
  const labels = useMemo(() => {
    const set = new Set<string>();
    for (const t of Object.values(tickets)) for (const l of t.labels) set.add(l);
    if (filters.label) set.add(filters.label);
    return [...set].sort();
  }, [tickets, filters.label]);
  const store = boardStore();
  const toggle = (status: TicketStatus) => {
    const on = filters.statuses.includes(status);
    setFilters(store, { statuses: on ? filters.statuses.filter((s) => s !== status) : [...filters.statuses, status] });
  };
  return (
    <div className="filter-bar" role="search" aria-label="Filter the board">
      <input
        id={BOARD_SEARCH_ID}
        className="filter-search"
        type="search"
        placeholder="Search identifier, title, description  ( / )"
        aria-label="Search tickets"
        data-testid="board-search"
        value={filters.text}
        onChange={(e) => setFilters(store, { text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
        }}
      />
      <label className="filter-label">
        <span>Label</span>
        <select value={filters.label ?? ''} onChange={(e) => setFilters(store, { label: e.target.value || null })} data-testid="filter-label">
          <option value="">any</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <div className="filter-statuses" role="group" aria-label="Status">
        {TICKET_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`filter-chip status-${status}`}
            aria-pressed={filters.statuses.includes(status)}
            data-testid={`filter-status-${status}`}
            onClick={() => toggle(status)}
          >
            {status}
          </button>
        ))}
      </div>
      {hasFilters(filters) && (
        <button type="button" className="filter-clear" data-testid="filter-clear" onClick={() => setFilters(store, emptyFilters)}>
          Clear
        </button>
      )}
      <span className="filter-count" data-testid="filter-count" aria-live="polite">
        {hasFilters(filters) ? `${shown} of ${total} tickets` : `${total} tickets`}
      </span>
      <button type="button" className="create-button" data-testid="create-ticket" onClick={onCreate} title="New ticket (c)">
        New ticket
      </button>
    </div>
  );
}
