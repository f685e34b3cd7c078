import { useState } from 'react';
import type { Finding, ReviewItem } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../lib/services.js';
import { useFleet } from '../../stores/fleet-store.js';
import { Badge } from './Badge.js';
import { findingGuidanceText } from './review-model.js';
import { GuidanceForm } from './GuidanceForm.js';
import { formatWhen } from '../../lib/format.js';
import { reviewerBadge } from './review-badges.js';

interface Props {
  item: ReviewItem;
  /** Something changed on the engine: refetch the inbox. */
  onChanged: () => void;
}

/** The reviewer agent's P0 findings: each dismissed, reopened or promoted to guidance. */
export function FindingsPanel({ item, onChanged }: Props) {
  const { api } = useServices();
  const id = item.issue.identifier;
  const reviewer = item.reviewer;
  // Known to be off only once the workflow has arrived; until then offer the button (the engine answers).
  const notConfigured = useFleet((s) => s.workflow?.config.review?.reviewer === null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rerun = async () => {
    setBusy(true);
    setError(null);
    const res = await api.rerunReviewer(id);
    setBusy(false);
    if (!res.ok) return setError(res.error.code === 'reviewer_not_configured' ? 'No reviewer is configured: set review.reviewer in WORKFLOW.md.' : `Could not start the reviewer: ${res.error.message}`);
    onChanged();
  };
  return (
    <section className="review-section" data-testid="findings-panel" aria-labelledby="findings-title">
      <h2 id="findings-title">
        Reviewer <Badge badge={reviewerBadge(reviewer)} />
        {!notConfigured && (
          <button type="button" className="inline-action" onClick={() => void rerun()} disabled={busy || reviewer?.status === 'running'} data-testid="rerun-reviewer">
            {busy ? 'Starting…' : reviewer ? 'Re-run reviewer' : 'Run reviewer'}
          </button>
        )}
      </h2>
      {notConfigured && !reviewer && (
        <p className="muted" data-testid="reviewer-off">
          No reviewer agent: set <code>review.reviewer</code> in WORKFLOW.md to have a model look for P0 problems first.
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="reviewer-action-error">
          {error}
        </p>
      )}
      {reviewer && (
        <p className="muted">
          {reviewer.model} · {formatWhen(reviewer.at)}
          {reviewer.head && ` · at ${reviewer.head.slice(0, 8)}`}
        </p>
      )}
      {reviewer?.status === 'failed' && (
        <p className="error" data-testid="reviewer-error">
          The reviewer failed: {reviewer.error ?? 'no reason given'}
        </p>
      )}
      {reviewer?.status === 'done' && reviewer.findings.length === 0 && <p className="muted">No P0 findings.</p>}
      {reviewer && reviewer.findings.length > 0 && (
        <ul className="plain-list findings">
          {reviewer.findings.map((f) => (
            <FindingRow key={f.id} identifier={id} finding={f} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FindingRow({ identifier, finding, onChanged }: { identifier: string; finding: Finding; onChanged: () => void }) {
  const { api } = useServices();
  const [promoting, setPromoting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const setStatus = async (status: 'open' | 'dismissed') => {
    setBusy(true);
    setError(null);
    const res = await api.setFindingStatus(identifier, finding.id, status);
    setBusy(false);
    if (!res.ok) return setError(`${res.error.message} (${res.error.code})`);
    onChanged();
  };
  const where = finding.path ? `${finding.path}${finding.line !== null ? `:${finding.line}` : ''}` : 'the change as a whole';
  return (
    <li className={`finding status-${finding.status}`} data-testid={`finding-${finding.id}`} data-status={finding.status}>
      <div className="finding-head">
        <span className="finding-severity">{finding.severity}</span>
        <code className="finding-where">{where}</code>
        <strong className="finding-title">{finding.title}</strong>
        {finding.status !== 'open' && <span className="muted">({finding.status})</span>}
      </div>
      <p className="finding-body">{finding.body}</p>
      <span className="form-actions">
        {finding.status === 'open' && (
          <button type="button" onClick={() => void setStatus('dismissed')} disabled={busy} data-testid="finding-dismiss">
            Dismiss
          </button>
        )}
        {finding.status === 'dismissed' && (
          <button type="button" onClick={() => void setStatus('open')} disabled={busy} data-testid="finding-reopen">
            Reopen
          </button>
        )}
        {finding.status !== 'promoted' && !promoting && (
          <button type="button" onClick={() => setPromoting(true)} data-testid="finding-promote">
            Promote to guidance
          </button>
        )}
      </span>
      {error && (
        <p className="error" role="alert" data-testid="finding-error">
          {error}
        </p>
      )}
      {promoting && (
        <GuidanceForm
          initialText={findingGuidanceText(finding)}
          source={{ identifier, finding_id: finding.id }}
          onCancel={() => setPromoting(false)}
          onDone={() => {
            setPromoting(false);
            onChanged();
          }}
        />
      )}
    </li>
  );
}
