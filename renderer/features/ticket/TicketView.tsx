import { useEffect, useState } from 'react';
import type { IssueDetail } from '../../../shared/api/schemas.js';
import { useServices } from '../../app/services.js';
import { routeHref } from '../../app/route.js';
import { useFleet } from '../../stores/fleet-store.js';
import { RunStatus } from '../board/RunStatus.js';

/** One ticket: description, current run and its runtime detail. */
export function TicketView({ identifier }: { identifier: string }) {
  const { api } = useServices();
  const ticket = useFleet((s) => s.tickets[identifier]);
  const loaded = useFleet((s) => s.loaded);
  const run = useFleet((s) => s.runs[identifier]);
  const [detail, setDetail] = useState<IssueDetail | null>(null);

  useEffect(() => {
    let live = true;
    void api.getIssueDetail(identifier).then((r) => live && setDetail(r.ok ? r.value : null));
    return () => {
      live = false;
    };
  }, [api, identifier, run?.session_id, run?.turn_count]);

  if (!ticket) {
    return (
      <div className="ticket-view missing" data-testid="ticket-missing">
        {loaded ? `Ticket ${identifier} no longer exists.` : 'Loading…'} <a href={routeHref({ view: 'board' })}>Back to the board</a>
      </div>
    );
  }
  return (
    <div className="ticket-view" data-testid="ticket-view">
      <a href={routeHref({ view: 'board' })}>← Board</a>
      <h1>
        {ticket.identifier}: {ticket.title}
      </h1>
      <div className="ticket-meta">
        <span className="state">{ticket.state}</span>
        {detail?.workspace && (
          <span className="workspace" data-testid="workspace-path">
            {detail.workspace.path}
            {detail.workspace.branch && ` · ${detail.workspace.branch}`}
          </span>
        )}
      </div>
      <RunStatus identifier={identifier} />
      {ticket.description && <pre className="description">{ticket.description}</pre>}
      {detail?.last_error && <div className="last-error">Last error: {detail.last_error}</div>}
    </div>
  );
}
