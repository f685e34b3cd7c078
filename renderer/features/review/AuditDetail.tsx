import { useState, type ReactNode } from 'react';
import type { AuditItem } from '../../../shared/api/review-schemas.js';
import { routeHref } from '../../lib/route.js';
import { useServices } from '../../lib/services.js';
import { GuidanceForm } from './GuidanceForm.js';
import { formatWhen, shortSha } from '../../lib/format.js';

interface Props {
  audit: AuditItem;
  /** The landed change (AuditDiffSection). */
  diff: ReactNode;
  /** The engine marked it read: the inbox hides it and moves on. */
  onRead: () => void;
  onChanged: () => void;
}

/** One sampled landing: which ticket, which commit, the actions, and the change itself. */
export function AuditDetail({ audit, diff, onRead, onChanged }: Props) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [promoting, setPromoting] = useState(false);
  const markRead = async () => {
    setBusy(true);
    setError(null);
    const res = await api.setAuditStatus(audit.id, 'done');
    setBusy(false);
    if (!res.ok) return setError(`Not marked read: ${res.error.message} (${res.error.code})`);
    onRead();
  };
  const full = `${audit.base_before}..${audit.landed_commit}`;
  return (
    <article className="review-detail audit-detail" data-testid="audit-detail" data-audit-id={audit.id} aria-labelledby="audit-detail-title">
      <header className="review-detail-head">
        <h1 id="audit-detail-title">
          <span className="muted">Audit</span>{' '}
          <a href={routeHref({ view: 'ticket', identifier: audit.identifier })} className="review-id" data-testid="audit-ticket-link">
            {audit.identifier}
          </a>{' '}
          {audit.title}
        </h1>
        <p className="muted">
          landed <code data-testid="audit-commit" title={audit.landed_commit}>{shortSha(audit.landed_commit)}</code> · {formatWhen(audit.created_at)} · range{' '}
          <code data-testid="audit-range" title={`git diff ${full}`}>
            {shortSha(audit.base_before)}..{shortSha(audit.landed_commit)}
          </code>
        </p>
      </header>
      <div className="decision-bar">
        <span className="decision-buttons">
          <button type="button" onClick={() => void markRead()} disabled={busy} data-testid="audit-mark-read">
            {busy ? 'Marking…' : 'Mark read'}
          </button>
          {!promoting && (
            <button type="button" onClick={() => setPromoting(true)} data-testid="audit-promote">
              Promote to guidance…
            </button>
          )}
        </span>
        {error && (
          <p className="error" role="alert" data-testid="audit-error">
            {error}
          </p>
        )}
        {promoting && (
          <GuidanceForm
            initialText=""
            source={{ identifier: audit.identifier }}
            onCancel={() => setPromoting(false)}
            onDone={() => {
              setPromoting(false);
              onChanged();
            }}
          />
        )}
      </div>
      {diff}
    </article>
  );
}
