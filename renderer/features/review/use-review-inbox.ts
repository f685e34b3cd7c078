import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import type { ReviewDecision } from '../../../shared/api/review-schemas.js';
import type { ApiError } from '../../lib/api-client.js';
import { parseRoute, replaceRoute } from '../../lib/route.js';
import { useServices } from '../../lib/services.js';
import { useLiveQuery } from '../../lib/use-live-query.js';
import { fleetStore, useFleet } from '../../stores/fleet-store.js';
import { applyDecidedState, inReviewTickets } from '../../stores/in-review.js';
import { canRequestChanges, type DecisionForm } from './DecisionBar.js';
import { buildFileTree, filesInTreeOrder } from './diff/file-tree.js';
import type { ViewType } from './DiffPanel.js';
import { EMPTY_DRAFT, useReviewDrafts } from './review-drafts.js';
import { decisionErrorText } from './review-errors.js';
import { reviewsInvalidated } from './review-invalidation.js';
import type { ReviewKeyAction } from './review-keys.js';
import { approveBlockedReason, decisionBody, decisionToast, inboxRows, neighbourAfterRemoval, sortReviews, stepSelection } from './review-model.js';
import { useAuditDiff } from './use-audit-diff.js';
import { useAuditSelection } from './use-audit-selection.js';
import { useReviewKeys } from './use-review-keys.js';
import { useTicketDiff } from './use-ticket-diff.js';

/** An audit in the j/k order (tickets first, then audits): no ticket identifier holds a NUL. */
const auditKey = (id: number) => `\0audit:${id}`;

/**
 * Everything the review inbox shows and does, apart from how it looks: the inbox and its audits
 * fetched live, the selection (kept in the URL), the drafts, the open decision form, and the
 * decisions themselves, bound to the inbox's keys. ReviewInbox renders what this returns.
 */
export function useReviewInbox(identifier: string | null, auditParam: number | null) {
  const { api } = useServices();
  const reviews = useLiveQuery((client) => client.listReviews(), { invalidatedBy: reviewsInvalidated });
  const drafts = useReviewDrafts();
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
  const selectAudit = audits.select;
  const audit = audits.selected;
  // A ticket that left the list (decided elsewhere) hands the selection to the one that took its place.
  const ticket = items.find((i) => i.issue.identifier === selectedId) ?? items[Math.min(lastIndex.current, items.length - 1)] ?? null;
  // While an audit is shown no ticket is selected: a decision key must never act on a ticket out of sight.
  const selected = audit ? null : ticket;
  const current = selected?.issue.identifier ?? null;
  const draft = (current && drafts.drafts[current]) || EMPTY_DRAFT;
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
    selectAudit(null);
  };
  const selectKey = (key: string | null) => {
    const found = audits.open.find((a) => auditKey(a.id) === key);
    if (found) selectAudit(found.id);
    else selectTicket(key);
  };
  const currentRef = useRef(current);
  currentRef.current = current;

  // A link to another ticket or audit while the inbox is open changes the hash, not the props.
  const followHash = useEffectEvent(() => {
    const route = parseRoute(window.location.hash);
    if (route.view !== 'review') return;
    if (route.audit !== undefined) selectAudit(route.audit);
    else if (route.identifier) selectTicket(route.identifier);
  });
  useEffect(() => {
    const onHash = () => followHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    if (identifier) setSelectedId(identifier);
  }, [identifier]);
  useEffect(() => {
    if (auditParam !== null) selectAudit(auditParam);
  }, [auditParam, selectAudit]);
  const shownAudit = audit?.id ?? null;
  // Where the selection was when it last moved: the list changing around it must not move it back.
  const rememberIndex = useEffectEvent((id: string) => {
    lastIndex.current = Math.max(0, ids.indexOf(id));
  });
  useEffect(() => {
    if (current) rememberIndex(current);
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
    const ticketDraft = drafts.drafts[id] ?? EMPTY_DRAFT;
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
    drafts.discard(id);
    if (currentRef.current === id) setSelectedId(neighbourAfterRemoval(ids, id));
    // The engine moved the ticket: it leaves the inbox and every count at once.
    fleetStore().setState((s) => applyDecidedState(s, id, res.value.state), true);
    reviews.refetch();
  };
  const toggleView = () => setViewType((v) => (v === 'unified' ? 'split' : 'unified'));
  const toggleHelp = () => setHelp((h) => !h);

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
        toggleView();
        return true;
      case 'next-file':
      case 'prev-file':
        setSelectedPath(stepSelection(files, selectedPath, action === 'next-file' ? 1 : -1));
        return files.length > 0;
      case 'help':
        toggleHelp();
        return true;
      case 'escape':
        if (help) return (setHelp(false), true);
        if (form !== 'none') return (setForm('none'), true);
        return false;
    }
  });

  return {
    reviews,
    connection,
    drafts,
    items,
    waiting,
    audits,
    audit,
    selected,
    current,
    draft,
    form,
    setForm,
    blockedReason,
    busy,
    failure,
    ticketDiff,
    auditDiff,
    viewType,
    toggleView,
    help,
    toggleHelp,
    closeHelp: () => setHelp(false),
    selectedPath,
    setSelectedPath,
    selectTicket,
    decide: (decision: ReviewDecision, confirmConfig?: boolean) => void decide(decision, confirmConfig),
  };
}

