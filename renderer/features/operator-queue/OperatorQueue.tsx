import { useState } from 'react';
import type { Approval } from '../../../shared/api/schemas.js';
import { useServices } from '../../app/services.js';
import { useFleet } from '../../stores/fleet-store.js';

/** Approvals and questions from every session, answered here before they time out. */
export function OperatorQueue() {
  const approvals = useFleet((s) => s.approvals);
  return (
    <section className="operator-queue" data-testid="operator-queue">
      <h1>Waiting for an answer</h1>
      {approvals.length === 0 && <p className="empty">Nothing is waiting.</p>}
      {approvals.map((a) => (
        <QueueItem key={a.id} request={a} />
      ))}
    </section>
  );
}

function QueueItem({ request }: { request: Approval }) {
  const { api } = useServices();
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: string) => {
    const res = await api.answerApproval(request.id, { decision } as never);
    if (!res.ok) setError(res.error.message);
  };
  return (
    <article className="queue-item" data-testid={`request-${request.id}`}>
      <header>
        <strong>{request.issue_identifier}</strong> · {request.kind} · expires {new Date(request.expires_at).toLocaleTimeString()}
      </header>
      <p>{request.summary}</p>
      {request.kind === 'approval' && (
        <div className="actions">
          {(request.options as string[]).map((o) => (
            <button key={o} onClick={() => void decide(o)}>
              {o}
            </button>
          ))}
        </div>
      )}
      {error && <div className="error">{error}</div>}
    </article>
  );
}
