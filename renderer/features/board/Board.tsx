import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import { useShallow } from 'zustand/react/shallow';
import { boardColumns } from '../../stores/board-columns.js';
import { useFleet } from '../../stores/fleet-store.js';
import { TicketCard } from './TicketCard.js';

/** One column per tracker state, in workflow order, with counts. */
export function Board() {
  const workflow = useFleet((s) => s.workflow);
  const tickets = useFleet(useShallow((s) => Object.values(s.tickets)));
  const columns = boardColumns(workflow, tickets.map((t) => t.state));
  const byState = new Map<string, Issue[]>();
  for (const t of tickets) {
    const key = normalizeState(t.state);
    byState.set(key, [...(byState.get(key) ?? []), t]);
  }
  return (
    <div className="board" data-testid="board">
      {columns.map((state) => {
        const cards = byState.get(normalizeState(state)) ?? [];
        return (
          <section key={state} className="board-column" data-testid={`column-${state}`} aria-label={state}>
            <h2 className="column-title">
              {state} <span className="column-count">{cards.length}</span>
            </h2>
            <div className="column-cards">
              {cards.map((t) => (
                <TicketCard key={t.identifier} identifier={t.identifier} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
