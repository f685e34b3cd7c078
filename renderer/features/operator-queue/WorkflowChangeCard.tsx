import { useState } from 'react';
import type { PendingWorkflowChangeView, WorkflowChangeDecisionBody } from '../../../shared/api/schemas.js';
import { useServices } from '../../lib/services.js';
import type { ApiError } from '../../lib/api-client.js';
import { fleetStore } from '../../stores/fleet-store.js';

type Decision = WorkflowChangeDecisionBody['decision'];

/**
 * A WORKFLOW.md version that changes what runs outside any sandbox (hooks, commands, sandboxes, …)
 * waits here until a person applies or rejects it; the engine runs the previous version meanwhile.
 * Shown as the list of changed keys, before and after, guarded ones first.
 */
export function WorkflowChangeCard({ change, path }: { change: PendingWorkflowChangeView; path: string }) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const guarded = change.changes.filter((c) => c.guarded !== null);
  const others = change.changes.filter((c) => c.guarded === null);
  const decide = async (decision: Decision) => {
    setBusy(true);
    setError(null);
    const res = await api.decideWorkflowChange(change.id, decision);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    // The push follows; showing the answer now keeps the card from lingering after a click.
    fleetStore().setState({ workflow: res.value });
  };
  return (
    <article className="queue-item kind-workflow" data-testid="workflow-change" data-change-id={change.id} aria-labelledby="workflow-change-title">
      <header className="queue-item-head">
        <span className="queue-ticket" id="workflow-change-title">
          WORKFLOW.md changed
        </span>
        <span className="queue-kind">configuration</span>
        <span className="queue-session" title={path}>{path}</span>
      </header>
      <p className="queue-summary warn-text">
        This version changes what Baton runs outside any sandbox. The engine keeps running the previous version until you apply it.
        Read every change: an agent may have written it.
      </p>
      <ChangeTable title="Needs your confirmation" changes={guarded} testId="workflow-change-guarded" />
      {others.length > 0 && <ChangeTable title="Also changed (applies with it)" changes={others} testId="workflow-change-other" />}
      <div className="actions" role="group" aria-label="Workflow change">
        <button type="button" className="decision decision-accept" disabled={busy} onClick={() => void decide('apply')} data-testid="workflow-change-apply">
          Apply these changes
        </button>
        <button type="button" className="decision decision-cancel" disabled={busy} onClick={() => void decide('reject')} data-testid="workflow-change-reject">
          Reject (keep running the current version)
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="workflow-change-error" data-code={error.code}>
          {error.code === 'workflow_change_not_found' ? `The file changed again: read the newer version — ${error.message}` : error.message}
        </p>
      )}
    </article>
  );
}

function ChangeTable({ title, changes, testId }: { title: string; changes: PendingWorkflowChangeView['changes']; testId: string }) {
  return (
    <section className="workflow-changes" data-testid={testId}>
      <h2>{title}</h2>
      <dl className="request-details">
        {changes.map((c) => (
          <div className="detail-row workflow-change-row" key={c.key} data-key={c.key}>
            <dt>
              <code>{c.key}</code>
              {c.guarded && <span className="muted workflow-change-why">{c.guarded}</span>}
            </dt>
            <dd>
              <pre className="workflow-change-value before" aria-label={`${c.key} before`}>{c.before ?? '(not set)'}</pre>
              <pre className="workflow-change-value after" aria-label={`${c.key} after`}>{c.after ?? '(not set)'}</pre>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
