import { AuditDetail } from './AuditDetail.js';
import { AuditDiffSection } from './AuditDiffSection.js';
import { AuditList } from './AuditList.js';
import { DecisionBar } from './DecisionBar.js';
import { DiffSection } from './DiffSection.js';
import { KeyboardHelp } from './KeyboardHelp.js';
import { ReviewDetail } from './ReviewDetail.js';
import { ReviewList } from './ReviewList.js';
import { useReviewInbox } from './use-review-inbox.js';
import './review.css';

/**
 * The review inbox: completed work, oldest first, cleared one decision at a time from the keyboard;
 * below it the audits, sampled landings read after the fact. `audit` selects one of those instead.
 * What it shows and does is the model's (use-review-inbox); this is how it looks.
 */
export function ReviewInbox({ identifier, audit: auditParam = null }: { identifier: string | null; audit?: number | null }) {
  const m = useReviewInbox(identifier, auditParam);
  const { reviews, items, waiting, audits, audit, selected, current, draft, failure } = m;
  const { drafts, addComment, removeComment, setSummary, discard } = m.drafts;

  return (
    <section className="review-inbox" data-testid="review-inbox" aria-label="Review inbox">
      <aside className="review-sidebar">
        <h1 className="review-heading">
          Review <span className="queue-count" data-testid="review-count">{items.length + waiting.length}</span>
          <button type="button" className="inline-action" onClick={m.toggleHelp} aria-expanded={m.help} title="Keyboard shortcuts (?)" data-testid="review-help-toggle">
            ?
          </button>
        </h1>
        {m.connection !== 'open' && (
          <p className="warn-text" role="status">
            Not connected to the engine: the list may be out of date.
          </p>
        )}
        {reviews.error && (
          <p className="error" role="alert" data-testid="reviews-error">
            Could not load the inbox: {reviews.error.message} ({reviews.error.code})
          </p>
        )}
        {reviews.loading && !reviews.data && <p className="muted">Loading…</p>}
        {reviews.data && items.length === 0 && waiting.length === 0 && (
          <p className="empty" data-testid="review-empty">
            Nothing to review{reviews.data.handoff_state ? ` in ${reviews.data.handoff_state}` : ''}.
          </p>
        )}
        <ReviewList items={items} waiting={waiting} selected={current} draftCount={(id) => drafts[id]?.comments.length ?? 0} onSelect={m.selectTicket} />
        {reviews.data && <AuditList audits={audits.open} selected={audit?.id ?? null} onSelect={audits.select} />}
      </aside>
      <div className="review-main">
        {audit ? (
          <AuditDetail
            key={audit.id}
            audit={audit}
            onRead={() => (audits.markedRead(audit.id), reviews.refetch())}
            onChanged={reviews.refetch}
            diff={
              <AuditDiffSection
                auditId={audit.id}
                state={m.auditDiff}
                viewType={m.viewType}
                onToggleView={m.toggleView}
                selectedPath={m.selectedPath}
                onSelectPath={m.setSelectedPath}
              />
            }
          />
        ) : selected && current ? (
          <ReviewDetail
            key={current}
            item={selected}
            onChanged={reviews.refetch}
            decisionBar={
              <DecisionBar
                draft={draft}
                form={m.form}
                busy={m.busy}
                error={failure?.id === current ? failure.error : null}
                blockedReason={m.blockedReason}
                configFiles={selected.config_change?.files ?? (failure?.id === current && failure.error.code === 'config_confirmation_required' ? [] : null)}
                onForm={m.setForm}
                onSummary={(s) => setSummary(current, s)}
                onDecide={m.decide}
                onDiscard={() => discard(current)}
              />
            }
            diff={
              <DiffSection
                identifier={current}
                state={m.ticketDiff}
                viewType={m.viewType}
                onToggleView={m.toggleView}
                comments={draft.comments}
                onAddComment={(c) => addComment(current, c)}
                onRemoveComment={(cid) => removeComment(current, cid)}
                selectedPath={m.selectedPath}
                onSelectPath={m.setSelectedPath}
              />
            }
          />
        ) : (
          reviews.data && <p className="empty review-none">Select a ticket on the left, or wait for agents to hand work over.</p>
        )}
      </div>
      {m.help && <KeyboardHelp onClose={m.closeHelp} />}
    </section>
  );
}
