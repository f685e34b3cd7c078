import { useFleet } from '../../stores/fleet-store.js';
import { QueueItem } from './QueueItem.js';
import { WorkflowChangeCard } from './WorkflowChangeCard.js';
import './queue.css';

/**
 * Approvals and questions from every session, soonest to expire first, answered before they time
 * out; above them a WORKFLOW.md change that waits for confirmation.
 */
export function OperatorQueue() {
  const approvals = useFleet((s) => s.approvals);
  const pending = useFleet((s) => s.workflow?.pending_change ?? null);
  const workflowPath = useFleet((s) => s.workflow?.path ?? 'WORKFLOW.md');
  const connection = useFleet((s) => s.connection);
  const sorted = [...approvals].sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at));
  return (
    <section className="operator-queue" data-testid="operator-queue" aria-labelledby="queue-title">
      <h1 id="queue-title">
        Waiting for an answer <span className="queue-count">{approvals.length + (pending ? 1 : 0)}</span>
      </h1>
      {connection !== 'open' && (
        <p className="queue-offline" role="status">
          Not connected to the engine: the list may be out of date and answers cannot be sent.
        </p>
      )}
      {pending && <WorkflowChangeCard key={pending.id} change={pending} path={workflowPath} />}
      {approvals.length === 0 && !pending && <p className="empty">Nothing is waiting.</p>}
      {sorted.map((a) => (
        <QueueItem key={a.id} request={a} />
      ))}
    </section>
  );
}
