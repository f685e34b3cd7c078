import { useFleet } from '../../stores/fleet-store.js';
import { CardOverlap } from './CardOverlap.js';
import { RunStatus } from './RunStatus.js';

const PRIORITY_NAMES: Record<number, string> = { 1: 'urgent', 2: 'high', 3: 'medium', 4: 'low' };

/** What a card shows; shared by the card in its column and the copy that follows the pointer. */
export function CardBody({ identifier }: { identifier: string }) {
  const ticket = useFleet((s) => s.tickets[identifier]);
  if (!ticket) return null;
  const priority = ticket.priority !== null && ticket.priority !== 0 ? ticket.priority : null;
  return (
    <>
      <header className="card-head">
        <span className="card-id">{ticket.identifier}</span>
        {priority !== null && (
          <span className={`priority p${priority}`} title={`priority ${priority}${PRIORITY_NAMES[priority] ? ` (${PRIORITY_NAMES[priority]})` : ''}`}>
            P{priority}
          </span>
        )}
      </header>
      <div className="card-title">{ticket.title}</div>
      {ticket.labels.length > 0 && (
        <div className="card-labels">
          {ticket.labels.map((l) => (
            <span key={l} className="label">
              {l}
            </span>
          ))}
        </div>
      )}
      <RunStatus identifier={identifier} />
      <CardOverlap identifier={identifier} />
    </>
  );
}
