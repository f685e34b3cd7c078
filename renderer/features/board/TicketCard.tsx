import { memo } from 'react';
import { navigate } from '../../app/route.js';
import { useFleet } from '../../stores/fleet-store.js';
import { RunStatus } from './RunStatus.js';

/** A card selects only its own ticket and run rows, so other agents' chatter never re-renders it. */
export const TicketCard = memo(function TicketCard({ identifier }: { identifier: string }) {
  const ticket = useFleet((s) => s.tickets[identifier]);
  if (!ticket) return null;
  return (
    <article
      className="ticket-card"
      data-testid={`card-${identifier}`}
      tabIndex={0}
      onClick={() => navigate({ view: 'ticket', identifier })}
      onKeyDown={(e) => e.key === 'Enter' && navigate({ view: 'ticket', identifier })}
    >
      <header className="card-head">
        <span className="card-id">{ticket.identifier}</span>
        {ticket.priority !== null && <span className={`priority p${ticket.priority}`}>P{ticket.priority}</span>}
      </header>
      <div className="card-title">{ticket.title}</div>
      {ticket.labels.length > 0 && (
        <div className="card-labels">
          {ticket.labels.map((l) => (
            <span key={l} className="label">{l}</span>
          ))}
        </div>
      )}
      <RunStatus identifier={identifier} />
    </article>
  );
});
