import { useCallback, useState } from 'react';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import { routeHref } from '../../lib/route.js';
import { useServices } from '../../lib/services.js';
import { useLiveQuery } from '../../lib/use-live-query.js';
import { useFleet } from '../../stores/fleet-store.js';
import { terminalPosition } from '../traces/trace-kinds.js';
import { TraceTimeline } from '../traces/TraceTimeline.js';
import { AttemptHistory } from './AttemptHistory.js';
import { RunPanel } from './RunPanel.js';
import { TicketHeader } from './TicketHeader.js';
import { TicketTerminals, type RevealRequest } from './TicketTerminals.js';
import { useTicketPresence } from './use-ticket-presence.js';
import { WorkspaceInfo } from './WorkspaceInfo.js';
import './ticket.css';

/**
 * One ticket: what it asks for, its current run and attempt history, its workspace, its live
 * terminals and its trace. Stays useful when the ticket disappears from the tracker while open:
 * it says so and keeps showing what Baton recorded.
 */
export function TicketView({ identifier }: { identifier: string }) {
  const { api, socket } = useServices();
  const fromStore = useFleet((s) => s.tickets[identifier]);
  const loaded = useFleet((s) => s.loaded);
  const run = useFleet((s) => s.runs[identifier]);
  const lastError = useFleet((s) => s.retries[identifier]?.error ?? null);
  const { presence, lastKnown, error: presenceError } = useTicketPresence(identifier, fromStore, loaded, run ? run.session_id : 'idle', api, socket);
  const canonical = lastKnown?.identifier ?? identifier;

  const runKey = `${run?.session_id ?? ''}|${run?.turn_count ?? ''}|${run ? 'running' : 'idle'}`;
  // Fetched again when its run starts, ends or takes a turn; the last answer stays up meanwhile.
  const detail = useLiveQuery((client) => client.getIssueDetail(canonical), { key: canonical, version: runKey }).data;
  const runsQuery = useLiveQuery((client) => client.listRuns(canonical), { key: canonical, version: runKey });
  // A ticket that never ran and is gone answers 404: that is "no runs", not a failure to show.
  const gone = runsQuery.error?.code === 'issue_not_found';
  const runs = { list: runsQuery.data ?? (gone ? [] : null), error: gone ? null : runsQuery.error };

  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const showInTerminal = useCallback((event: TraceEvent) => {
    const position = terminalPosition(event);
    if (position) setReveal((prev) => ({ terminalId: position.terminalId, offset: position.offset, nonce: (prev?.nonce ?? 0) + 1 }));
  }, []);

  if (!lastKnown) {
    const message =
      presence === 'gone'
        ? `Ticket ${identifier} is not in the tracker: it was deleted or moved out of it.`
        : loaded && presenceError
          ? `Ticket ${identifier} could not be loaded: ${presenceError}`
          : 'Loading…';
    return (
      <div className="ticket-view ticket-missing" data-testid="ticket-missing" role={message === 'Loading…' ? undefined : 'alert'}>
        {message}{' '}
        <a href={routeHref({ view: 'board' })}>Back to the board</a>
      </div>
    );
  }

  const workspacePath = detail?.workspace?.path ?? runs.list?.find((r) => r.workspace_path)?.workspace_path ?? null;
  const branch = detail?.workspace?.branch ?? runs.list?.find((r) => r.branch)?.branch ?? null;
  return (
    <div className="ticket-view ticket-layout" data-testid="ticket-view">
      <TicketHeader ticket={lastKnown} />
      {presence === 'gone' && (
        <div className="ticket-gone" role="alert" data-testid="ticket-gone">
          This ticket was deleted or moved out of the tracker while it was open. What Baton recorded about it is still shown below.
        </div>
      )}
      <div className="ticket-body">
        <aside className="ticket-side">
          <RunPanel identifier={canonical} />
          {(detail?.last_error ?? lastError) && <div className="ticket-panel error">Last error: {detail?.last_error ?? lastError}</div>}
          <WorkspaceInfo path={workspacePath} branch={branch} />
          {lastKnown.description && (
            <section className="ticket-panel">
              <h2>Description</h2>
              <pre className="ticket-description">{lastKnown.description}</pre>
            </section>
          )}
          <AttemptHistory runs={runs.list} error={runs.error} />
        </aside>
        <div className="ticket-main">
          <TicketTerminals identifier={canonical} runs={runs.list} reveal={reveal} />
          <TraceTimeline identifier={canonical} onShowInTerminal={showInTerminal} />
        </div>
      </div>
    </div>
  );
}
