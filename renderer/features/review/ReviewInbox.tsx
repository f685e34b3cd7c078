import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import type { ReviewDecision } from '../../../shared/api/review-schemas.js';
import { parseRoute, replaceRoute } from '../../app/route.js';
import { useServices } from '../../app/services.js';
import type { ApiError } from '../../lib/api-client.js';
import { useFleet } from '../../stores/fleet-store.js';
import { AuditList } from './AuditList.js';
import { canRequestChanges, DecisionBar, type DecisionForm } from './DecisionBar.js';
import { buildFileTree, filesInTreeOrder } from './diff/file-tree.js';
import { DiffSection, type ViewType } from './DiffSection.js';
import { KeyboardHelp } from './KeyboardHelp.js';
import { ReviewDetail } from './ReviewDetail.js';
import { ReviewList } from './ReviewList.js';
import { EMPTY_DRAFT, useReviewDrafts } from './review-drafts.js';
import { decisionErrorText } from './review-errors.js';
import type { ReviewKeyAction } from './review-keys.js';
import { approveBlockedReason, decisionBody, decisionToast, neighbourAfterRemoval, sortReviews, stepSelection } from './review-model.js';
import { useLiveResource } from './use-live-resource.js';
import { useReviewKeys } from './use-review-keys.js';
import { useTicketDiff } from './use-ticket-diff.js';
import './review.css';

/** The review inbox: completed work, oldest first, cleared one decision at a time from the keyboard. */
export function ReviewInbox({ identifier }: { identifier: string | null }) {
  const { api } = useServices();
  const reviews = useLiveResource((client) => client.listReviews());
  const { drafts, addComment, removeComment, setSummary, discard } = useReviewDrafts();
  const connection = useFleet((s) => s.connection);
  const [selectedId, setSelectedId] = useState<string | null>(identifier);
  /** Decided tickets stay hidden until the engine's list no longer has them. */
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [viewType, setViewType] = useState<ViewType>('unified');
  const [form, setForm] = useState<DecisionForm>('none');
  const [help, setHelp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ id: string; error: ApiError } | null>(null);
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const busyRef = useRef(false);
  const lastIndex = useRef(0);

  const all = useMemo(() => sortReviews(reviews.data?.reviews ?? []), [reviews.data]);
  const items = useMemo(() => all.filter((i) => !decided.has(i.issue.identifier)), [all, decided]);
  const ids = items.map((i) => i.issue.identifier);
  // A ticket that left the list (decided elsewhere) hands the selection to the one that took its place.
  const selected = items.find((i) => i.issue.identifier === selectedId) ?? items[Math.min(lastIndex.current, items.length - 1)] ?? null;
  const current = selected?.issue.identifier ?? null;
  const draft = (current && drafts[current]) || EMPTY_DRAFT;
  const blockedReason = selected ? approveBlockedReason(selected) : null;
  const diff = useTicketDiff(selected);
  // n/p walk the files in the order the diff view shows them (its file tree's order).
  const files = useMemo(() => (diff.status === 'ok' ? filesInTreeOrder(buildFileTree(diff.diff.files)).map((f) => f.path) : []), [diff]);
  const currentRef = useRef(current);
  currentRef.current = current;

  useEffect(() => {
    const onHash = () => {
      const route = parseRoute(window.location.hash);
      if (route.view === 'review' && route.identifier) setSelectedId(route.identifier);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (identifier) setSelectedId(identifier);
  }, [identifier]);
  useEffect(() => {
    setDecided((prev) => (prev.size === 0 ? prev : new Set([...prev].filter((id) => all.some((i) => i.issue.identifier === id)))));
  }, [all]);
  useEffect(() => {
    if (current) lastIndex.current = Math.max(0, ids.indexOf(current));
    if (current && parseRoute(window.location.hash).view === 'review') replaceRoute({ view: 'review', identifier: current });
    setForm('none');
    setSelectedPath(null);
  }, [current]);

  const decide = async (decision: ReviewDecision) => {
    if (!selected || busyRef.current) return;
    const id = selected.issue.identifier;
    const ticketDraft = drafts[id] ?? EMPTY_DRAFT;
    if (decision === 'approve' && blockedReason) return setFailure({ id, error: { code: 'blocked_by_findings', message: blockedReason, status: null } });
    if (decision === 'request_changes' && !canRequestChanges(ticketDraft)) return setForm('request');
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    const res = await api.submitReview(id, decisionBody(decision, ticketDraft));
    busyRef.current = false;
    setBusy(false);
    if (!res.ok) {
      setFailure({ id, error: res.error });
      toast.error(`${id}: not ${decision === 'approve' ? 'approved' : 'sent'}`, { description: decisionErrorText(res.error.code, res.error.message) });
      return;
    }
    toast.success(decisionToast(id, decision, res.value.state));
    discard(id);
    if (currentRef.current === id) setSelectedId(neighbourAfterRemoval(ids, id));
    setDecided((s) => new Set(s).add(id));
    reviews.refetch();
  };

  useReviewKeys((action: ReviewKeyAction): boolean => {
    switch (action) {
      case 'next':
      case 'prev':
        setSelectedId(stepSelection(ids, current, action === 'next' ? 1 : -1));
        return true;
      case 'approve':
        void decide('approve');
        return selected !== null;
      case 'request-changes':
        setForm('request');
        return selected !== null;
      case 'restart':
        setForm('restart');
        return selected !== null;
      case 'confirm':
        if (form !== 'restart') return false;
        void decide('restart');
        return true;
      case 'toggle-view':
        setViewType((v) => (v === 'unified' ? 'split' : 'unified'));
        return true;
      case 'next-file':
      case 'prev-file':
        setSelectedPath(stepSelection(files, selectedPath, action === 'next-file' ? 1 : -1));
        return files.length > 0;
      case 'help':
        setHelp((h) => !h);
        return true;
      case 'escape':
        if (help) return (setHelp(false), true);
        if (form !== 'none') return (setForm('none'), true);
        return false;
    }
  });

  return (
    <section className="review-inbox" data-testid="review-inbox" aria-label="Review inbox">
      <aside className="review-sidebar">
        <h1 className="review-heading">
          Review <span className="queue-count" data-testid="review-count">{items.length}</span>
          <button type="button" className="inline-action" onClick={() => setHelp((h) => !h)} aria-expanded={help} title="Keyboard shortcuts (?)" data-testid="review-help-toggle">
            ?
          </button>
        </h1>
        {connection !== 'open' && (
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
        {reviews.data && items.length === 0 && (
          <p className="empty" data-testid="review-empty">
            Nothing to review{reviews.data.handoff_state ? ` in ${reviews.data.handoff_state}` : ''}.
          </p>
        )}
        <ReviewList items={items} selected={current} draftCount={(id) => drafts[id]?.comments.length ?? 0} onSelect={setSelectedId} />
        {reviews.data && <AuditList audits={reviews.data.audits} onChanged={reviews.refetch} />}
      </aside>
      <div className="review-main">
        {selected && current ? (
          <ReviewDetail
            key={current}
            item={selected}
            onChanged={reviews.refetch}
            decisionBar={
              <DecisionBar
                draft={draft}
                form={form}
                busy={busy}
                error={failure?.id === current ? failure.error : null}
                blockedReason={blockedReason}
                onForm={setForm}
                onSummary={(s) => setSummary(current, s)}
                onDecide={(d) => void decide(d)}
                onDiscard={() => discard(current)}
              />
            }
            diff={
              <DiffSection
                identifier={current}
                state={diff}
                viewType={viewType}
                onToggleView={() => setViewType((v) => (v === 'unified' ? 'split' : 'unified'))}
                comments={draft.comments}
                onAddComment={(c) => addComment(current, c)}
                onRemoveComment={(cid) => removeComment(current, cid)}
                selectedPath={selectedPath}
                onSelectPath={setSelectedPath}
              />
            }
          />
        ) : (
          reviews.data && <p className="empty review-none">Select a ticket on the left, or wait for agents to hand work over.</p>
        )}
      </div>
      {help && <KeyboardHelp onClose={() => setHelp(false)} />}
    </section>
  );
}
