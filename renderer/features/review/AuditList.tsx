import { useState } from 'react';
import type { AuditItem } from '../../../shared/api/review-schemas.js';
import { routeHref } from '../../app/route.js';
import { useServices } from '../../app/services.js';
import { formatWhen } from '../ticket/format.js';
import { GuidanceForm } from './GuidanceForm.js';
import { shortSha } from './review-format.js';

/** Landings sampled for a read after the fact (`review.sample_rate` with `auto_land`). */
export function AuditList({ audits, onChanged }: { audits: readonly AuditItem[]; onChanged: () => void }) {
  const [read, setRead] = useState<ReadonlySet<number>>(new Set());
  const open = audits.filter((a) => a.status === 'open' && !read.has(a.id));
  return (
    <section className="review-audits" data-testid="audits" aria-labelledby="audits-title">
      <h2 id="audits-title">
        Audits <span className="queue-count">{open.length}</span>
      </h2>
      {open.length === 0 ? (
        <p className="muted">No sampled landings to read.</p>
      ) : (
        <ol className="plain-list">
          {open.map((a) => (
            <AuditRow key={a.id} audit={a} onRead={() => (setRead((s) => new Set(s).add(a.id)), onChanged())} onChanged={onChanged} />
          ))}
        </ol>
      )}
    </section>
  );
}

function AuditRow({ audit, onRead, onChanged }: { audit: AuditItem; onRead: () => void; onChanged: () => void }) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [promoting, setPromoting] = useState(false);
  const markRead = async () => {
    setBusy(true);
    setError(null);
    const res = await api.setAuditStatus(audit.id, 'done');
    setBusy(false);
    if (!res.ok) return setError(`${res.error.message} (${res.error.code})`);
    onRead();
  };
  const range = `${shortSha(audit.base_before)}..${shortSha(audit.landed_commit)}`;
  return (
    <li className="audit-row" data-testid={`audit-${audit.id}`}>
      <div>
        <a className="review-id" href={routeHref({ view: 'ticket', identifier: audit.identifier })}>
          {audit.identifier}
        </a>{' '}
        {audit.title}
      </div>
      <div className="muted">
        landed <code data-testid="audit-commit">{shortSha(audit.landed_commit)}</code> · {formatWhen(audit.created_at)}
      </div>
      <div className="muted">
        read it with <code title={`git diff ${audit.base_before}..${audit.landed_commit}`}>git diff {range}</code>
      </div>
      <span className="form-actions">
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
    </li>
  );
}
