import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ConfigFile, ReviewDecision } from '../../../shared/api/review-schemas.js';
import type { ApiError } from '../../lib/api-client.js';
import { decisionErrorText } from './review-errors.js';
import { isEmptyDraft, type Draft } from './review-drafts.js';

/** `approve-config`: the second step of approving work that changes trusted configuration. */
export type DecisionForm = 'none' | 'request' | 'restart' | 'approve-config';

export const RESTART_WARNING =
  'Restart throws this attempt away — saved under refs/baton/snapshots — and starts fresh from the base branch.';

interface Props {
  draft: Draft;
  form: DecisionForm;
  busy: boolean;
  error: ApiError | null;
  /** Why Approve is refused right now (gate with open findings), else null. */
  blockedReason: string | null;
  /** Trusted configuration the work changes: approving it takes an explicit confirmation. */
  configFiles: readonly ConfigFile[] | null;
  onForm: (form: DecisionForm) => void;
  onSummary: (summary: string) => void;
  /** `confirmConfig`: the person confirmed the configuration change (the second step). */
  onDecide: (decision: ReviewDecision, confirmConfig?: boolean) => void;
  onDiscard: () => void;
}

export function canRequestChanges(draft: Draft): boolean {
  return draft.summary.trim() !== '' || draft.comments.length > 0;
}

/** Approve, request changes (summary + the draft comments) or restart: one decision per ticket. */
export function DecisionBar({ draft, form, busy, error, blockedReason, configFiles, onForm, onSummary, onDecide, onDiscard }: Props) {
  const summaryRef = useRef<HTMLTextAreaElement>(null);
  const restartRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (form === 'request') summaryRef.current?.focus();
    if (form === 'restart') restartRef.current?.focus();
    if (form === 'approve-config') confirmRef.current?.focus();
  }, [form]);
  const comments = draft.comments.length;
  return (
    <section className="decision-bar" data-testid="decision-bar" aria-label="Decision">
      <div className="decision-buttons">
        <button
          type="button"
          className="decide-approve"
          onClick={() => (configFiles ? onForm(form === 'approve-config' ? 'none' : 'approve-config') : onDecide('approve'))}
          disabled={busy || blockedReason !== null}
          aria-expanded={configFiles ? form === 'approve-config' : undefined}
          data-testid="decide-approve"
          title="a"
        >
          {configFiles ? 'Approve…' : 'Approve'}
        </button>
        <button type="button" className="decide-request" onClick={() => onForm(form === 'request' ? 'none' : 'request')} disabled={busy} aria-expanded={form === 'request'} data-testid="decide-request" title="r">
          Request changes{comments > 0 ? ` (${comments})` : ''}
        </button>
        <button type="button" className="decide-restart" onClick={() => onForm(form === 'restart' ? 'none' : 'restart')} disabled={busy} aria-expanded={form === 'restart'} data-testid="decide-restart" title="Shift+R">
          Restart…
        </button>
        {!isEmptyDraft(draft) && (
          <span className="draft-note muted" data-testid="draft-note">
            {comments} draft comment{comments === 1 ? '' : 's'}
            {draft.summary.trim() !== '' && ' and a summary'} ·{' '}
            <button type="button" className="link-button" onClick={onDiscard} data-testid="discard-drafts">
              discard
            </button>
          </span>
        )}
        {busy && <span className="muted">Sending…</span>}
      </div>
      {blockedReason && (
        <p className="warn-text" data-testid="approve-blocked">
          {blockedReason}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="decision-error" data-code={error.code}>
          {decisionErrorText(error.code, error.message)}
        </p>
      )}
      {form === 'request' && (
        <form
          className="decision-form"
          data-testid="request-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (canRequestChanges(draft)) onDecide('request_changes');
          }}
        >
          <label>
            <span className="muted">What should the agent change? {comments === 0 ? 'No line comments yet: add them on the diff.' : `Your ${comments} line comment${comments === 1 ? '' : 's'} go along.`}</span>
            <textarea ref={summaryRef} rows={4} value={draft.summary} onChange={(e) => onSummary(e.target.value)} data-testid="summary-input" onKeyDown={(e) => submitOnCtrlEnter(e, () => canRequestChanges(draft) && onDecide('request_changes'))} />
          </label>
          <span className="form-actions">
            <button type="submit" disabled={busy || !canRequestChanges(draft)} data-testid="send-request">
              Send to the agent (Ctrl+Enter)
            </button>
            <button type="button" onClick={() => onForm('none')}>
              Cancel
            </button>
          </span>
        </form>
      )}
      {form === 'approve-config' && (
        <div className="decision-form approve-config-confirm" ref={confirmRef} tabIndex={-1} role="group" aria-label="Confirm the configuration change" data-testid="approve-config-confirm">
          <p className="warn-text">
            Approve a change to trusted configuration? It lands with this ticket
            {configFiles && configFiles.length > 0 ? `: ${configFiles.map((f) => f.path).join(', ')}` : ' (its files could not be listed: read the diff)'}. Confirm only if you
            have read {configFiles && configFiles.length === 1 ? 'it' : 'them'}.
          </p>
          <span className="form-actions">
            <button type="button" className="decide-approve" onClick={() => onDecide('approve', true)} disabled={busy || blockedReason !== null} data-testid="confirm-config-approve">
              Approve configuration change (Enter)
            </button>
            <button type="button" onClick={() => onForm('none')}>
              Cancel (Esc)
            </button>
          </span>
        </div>
      )}
      {form === 'restart' && (
        <div className="decision-form restart-confirm" ref={restartRef} tabIndex={-1} role="group" aria-label="Confirm restart" data-testid="restart-confirm">
          <p className="warn-text">{RESTART_WARNING}</p>
          <label>
            <span className="muted">Why (optional, the agent reads it on the fresh start)</span>
            <textarea rows={2} value={draft.summary} onChange={(e) => onSummary(e.target.value)} data-testid="restart-summary" onKeyDown={(e) => submitOnCtrlEnter(e, () => onDecide('restart'))} />
          </label>
          <span className="form-actions">
            <button type="button" className="decide-restart" onClick={() => onDecide('restart')} disabled={busy} data-testid="confirm-restart">
              Restart (Enter)
            </button>
            <button type="button" onClick={() => onForm('none')}>
              Cancel
            </button>
          </span>
        </div>
      )}
    </section>
  );
}

function submitOnCtrlEnter(e: KeyboardEvent, submit: () => void): void {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    submit();
  }
}
