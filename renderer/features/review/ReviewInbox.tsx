import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import type { ReviewDecision } from '../../../shared/api/review-schemas.js';
import { parseRoute, replaceRoute } from '../../lib/route.js';
import { useServices } from '../../lib/services.js';
import type { ApiError } from '../../lib/api-client.js';
import { fleetStore, useFleet } from '../../stores/fleet-store.js';
import { applyDecidedState, inReviewTickets } from '../../stores/in-review.js';
import { AuditDetail } from './AuditDetail.js';
import { AuditDiffSection } from './AuditDiffSection.js';
import { AuditList } from './AuditList.js';
import { canRequestChanges, DecisionBar, type DecisionForm } from './DecisionBar.js';
import { buildFileTree, filesInTreeOrder } from './diff/file-tree.js';
import type { ViewType } from './DiffPanel.js';
import { DiffSection } from './DiffSection.js';
import { KeyboardHelp } from './KeyboardHelp.js';
import { ReviewDetail } from './ReviewDetail.js';
import { ReviewList } from './ReviewList.js';
import { EMPTY_DRAFT, useReviewDrafts } from './review-drafts.js';
import { decisionErrorText } from './review-errors.js';
import type { ReviewKeyAction } from './review-keys.js';
import { approveBlockedReason, decisionBody, decisionToast, inboxRows, neighbourAfterRemoval, sortReviews, stepSelection } from './review-model.js';
import { useAuditDiff } from './use-audit-diff.js';
import { useAuditSelection } from './use-audit-selection.js';
import { useLiveResource } from './use-live-resource.js';
import { useReviewKeys } from './use-review-keys.js';
import { useTicketDiff } from './use-ticket-diff.js';
import './review.css';

/** An audit in the j/k order (tickets first, then audits): no ticket identifier holds a NUL. */
const auditKey = (id: number) => `\0audit:${id}`;

/**
 * The review inbox: completed work, oldest first, cleared one decision at a time from the keyboard;
 * below it the audits, sampled landings read after the fact. `audit` selects one of those instead.
 */
export function ReviewInbox({ identifier, audit: auditParam = null }: { identifier: string | null; audit?: number | null }) {
  const { api } = useServices();
  const reviews = useLiveResource((client) => client.listReviews());
  const { drafts, addComment, removeComment, setSummary, discard } = useReviewDrafts();
  const connection = useFleet((s) => s.connection);
  const [selectedId, setSelectedId] = useState<string | null>(identifier);
  // Which tickets are in review comes from the live ticket list, as everywhere else; the engine's
  // inbox answer (slower: it diffs every ticket) supplies the details of each.
  const inReview = useFleet(useShallow(inReviewTickets));
  const [viewType, setViewType] = useState<ViewType>('unified');
  // The open decision form belongs to one ticket: selecting another closes it. Kept as (ticket, form)
  // rather than reset by an effect, which could run after — and undo — a key press that opened it.
  const [formOf, setFormOf] = useState<{ id: string | null; form: DecisionForm }>({ id: null, form: 'none' });
  const [help, setHelp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ id: string; error: ApiError } | null>(null);
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const busyRef = useRef(false);
  const lastIndex = useRef(0);

  const all = useMemo(() => sortReviews(reviews.data?.reviews ?? []), [reviews.data]);
  const { items, waiting } = useMemo(() => inboxRows(all, inReview), [all, inReview]);
  const ids = items.map((i) => i.issue.identifier);
  const audits = useAuditSelection(reviews.data?.audits, auditParam);
  const audit = audits.selected;
  // A ticket that left the list (decided elsewhere) hands the selection to the one that took its place.
  const ticket = items.find((i) => i.issue.identifier === selectedId) ?? items[Math.min(lastIndex.current, items.length - 1)] ?? null;
  // While an audit is shown no ticket is selected: a decision key must never act on a ticket out of sight.
  const selected = audit ? null : ticket;
  const current = selected?.issue.identifier ?? null;
  const draft = (current && drafts[current]) || EMPTY_DRAFT;
  const form: DecisionForm = formOf.id === current ? formOf.form : 'none';
  const setForm = (next: DecisionForm) => setFormOf({ id: current, form: next });
  const blockedReason = selected ? approveBlockedReason(selected) : null;
  const ticketDiff = useTicketDiff(selected);
  const auditDiff = useAuditDiff(audit?.id ?? null);
  const diff = audit ? auditDiff : ticketDiff;
  // n/p walk the files in the order the diff view shows them (its file tree's order).
  const files = useMemo(() => (diff.status === 'ok' ? filesInTreeOrder(buildFileTree(diff.diff.files)).map((f) => f.path) : []), [diff]);
  const order = [...ids, ...audits.open.map((a) => auditKey(a.id))];
  const selectTicket = (id: string | null) => {
    setSelectedId(id);
    audits.select(null);
  };
  const selectKey = (key: string | null) => {
    const found = audits.open.find((a) => auditKey(a.id) === key);
    if (found) audits.select(found.id);
    else selectTicket(key);
  };
  const currentRef = useRef(current);
  currentRef.current = current;

  useEffect(() => {
    const onHash = () => {
      const route = parseRoute(window.location.hash);
      if (route.view !== 'review') return;
      if (route.audit !== undefined) audits.select(route.audit);
      else if (route.identifier) selectTicket(route.identifier);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (identifier) setSelectedId(identifier);
  }, [identifier]);
  useEffect(() => {
    if (auditParam !== null) audits.select(auditParam);
  }, [auditParam]);
  const shownAudit = audit?.id ?? null;
  useEffect(() => {
    if (current) lastIndex.current = Math.max(0, ids.indexOf(current));
  }, [current]);
  useEffect(() => {
    setSelectedPath(null);
    if (parseRoute(window.location.hash).view !== 'review') return;
    if (shownAudit !== null) replaceRoute({ view: 'review', identifier: null, audit: shownAudit });
    else if (current) replaceRoute({ view: 'review', identifier: current });
  }, [current, shownAudit]);

  const decide = async (decision: ReviewDecision, confirmConfig = false) => {
    if (!selected || busyRef.current) return;
    const id = selected.issue.identifier;
    const ticketDraft = drafts[id] ?? EMPTY_DRAFT;
    if (decision === 'approve' && blockedReason) return setFailure({ id, error: { code: 'blocked_by_findings', message: blockedReason, status: null } });
    // Trusted configuration never lands on one key press: the first asks, Enter (or the button) confirms.
    if (decision === 'approve' && selected.config_change && !confirmConfig) return setForm('approve-config');
    if (decision === 'request_changes' && !canRequestChanges(ticketDraft)) return setForm('request');
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    const res = await api.submitReview(id, decisionBody(decision, ticketDraft, confirmConfig));
    busyRef.current = false;
    setBusy(false);
    if (!res.ok) {
      setFailure({ id, error: res.error });
      // The engine found trusted configuration the list did not show yet (or could not list the work): ask.
      if (res.error.code === 'config_confirmation_required' && !confirmConfig && currentRef.current === id) setForm('approve-config');
      toast.error(`${id}: not ${decision === 'approve' ? 'approved' : 'sent'}`, { description: decisionErrorText(res.error.code, res.error.message) });
      return;
    }
    toast.success(decisionToast(id, decision, res.value.state));
    discard(id);
    if (currentRef.current === id) setSelectedId(neighbourAfterRemoval(ids, id));
    // The engine moved the ticket: it leaves the inbox and every count at once.
    fleetStore().setState((s) => applyDecidedState(s, id, res.value.state), true);
    reviews.refetch();
  };

  useReviewKeys((action: ReviewKeyAction): boolean => {
    switch (action) {
      case 'next':
      case 'prev':
        selectKey(stepSelection(order, audit ? auditKey(audit.id) : current, action === 'next' ? 1 : -1));
        return true;
      case 'approve':
        void decide('approve');
        return selected !== null;
      case 'request-changes':
        if (!selected) return false;
        setForm('request');
        return true;
      case 'restart':
        if (!selected) return false;
        setForm('restart');
        return true;
      case 'confirm':
        if (form === 'approve-config') {
          void decide('approve', true);
          return true;
        }
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
          Review <span className="queue-count" data-testid="review-count">{items.length + waiting.length}</span>
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
        {reviews.data && items.length === 0 && waiting.length === 0 && (
          <p className="empty" data-testid="review-empty">
            Nothing to review{reviews.data.handoff_state ? ` in ${reviews.data.handoff_state}` : ''}.
          </p>
        )}
        <ReviewList items={items} waiting={waiting} selected={current} draftCount={(id) => drafts[id]?.comments.length ?? 0} onSelect={selectTicket} />
        {reviews.data && <AuditList audits={audits.open} selected={shownAudit} onSelect={audits.select} />}
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
                state={auditDiff}
                viewType={viewType}
                onToggleView={() => setViewType((v) => (v === 'unified' ? 'split' : 'unified'))}
                selectedPath={selectedPath}
                onSelectPath={setSelectedPath}
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
                form={form}
                busy={busy}
                error={failure?.id === current ? failure.error : null}
                blockedReason={blockedReason}
                configFiles={selected.config_change?.files ?? (failure?.id === current && failure.error.code === 'config_confirmation_required' ? [] : null)}
                onForm={setForm}
                onSummary={(s) => setSummary(current, s)}
                onDecide={(d, confirmConfig) => void decide(d, confirmConfig)}
                onDiscard={() => discard(current)}
              />
            }
            diff={
              <DiffSection
                identifier={current}
                state={ticketDiff}
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
