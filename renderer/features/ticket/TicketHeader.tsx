import type { Issue } from '../../../shared/domain/issue.js';
import { routeHref } from '../../lib/route.js';

/** Identifier, title, state, priority, labels and the tracker link. */
export function TicketHeader({ ticket }: { ticket: Issue }) {
  return (
    <header className="ticket-header">
      <a className="ticket-back" href={routeHref({ view: 'board' })}>
        ← Board
      </a>
      <h1>
        <span className="ticket-id">{ticket.identifier}</span> {ticket.title}
      </h1>
      <div className="ticket-tags">
        <span className="ticket-state" data-testid="ticket-state">
          {ticket.state}
        </span>
        {ticket.priority !== null && <span className={`priority p${ticket.priority}`}>P{ticket.priority}</span>}
        {ticket.labels.map((label) => (
          <span key={label} className="label">
            {label}
          </span>
        ))}
        {ticket.url && /^https?:\/\//.test(ticket.url) && (
          <a href={ticket.url} target="_blank" rel="noopener noreferrer">
            open in tracker
          </a>
        )}
      </div>
    </header>
  );
}
