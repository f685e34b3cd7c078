import { useCallback, useEffect, useState } from 'react';
import type { LineComment } from '../../../shared/api/review-schemas.js';
import type { DraftComment } from './diff/draft-comment.js';

/** What a reviewer has written on one ticket and not sent yet. */
export interface Draft {
  summary: string;
  comments: DraftComment[];
}

export const EMPTY_DRAFT: Draft = Object.freeze({ summary: '', comments: [] }) as Draft;

/** sessionStorage key: drafts outlive leaving the view and a reload of the tab, not the tab itself. */
export const DRAFTS_STORAGE_KEY = 'baton.review-drafts.v1';

export type Drafts = Readonly<Record<string, Draft>>;

export function isEmptyDraft(d: Draft): boolean {
  return d.summary.trim() === '' && d.comments.length === 0;
}

export function loadDrafts(storage: Storage | null): Drafts {
  try {
    const raw = storage?.getItem(DRAFTS_STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, Draft> = {};
    for (const [id, d] of Object.entries(parsed as Record<string, Partial<Draft>>)) {
      if (typeof d?.summary === 'string' && Array.isArray(d.comments)) out[id] = { summary: d.summary, comments: d.comments.filter(isDraftComment) };
    }
    return out;
  } catch {
    // A corrupt or unavailable storage loses old drafts, never the view.
    return {};
  }
}

function saveDrafts(storage: Storage | null, drafts: Drafts): void {
  try {
    const kept = Object.fromEntries(Object.entries(drafts).filter(([, d]) => !isEmptyDraft(d)));
    storage?.setItem(DRAFTS_STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Quota or privacy mode: the drafts stay in memory for this view.
  }
}

function commentId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function isDraftComment(c: unknown): c is DraftComment {
  const x = c as Partial<DraftComment> | null;
  return typeof x?.id === 'string' && typeof x.path === 'string' && typeof x.line === 'number' && typeof x.body === 'string';
}

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Drafts per ticket, kept across ticket switches and view changes until sent or discarded. */
export function useReviewDrafts(storage: Storage | null = sessionStore()) {
  const [drafts, setDrafts] = useState<Drafts>(() => loadDrafts(storage));
  useEffect(() => saveDrafts(storage, drafts), [storage, drafts]);
  const update = useCallback((id: string, change: (d: Draft) => Draft) => setDrafts((all) => ({ ...all, [id]: change(all[id] ?? EMPTY_DRAFT) })), []);
  return {
    drafts,
    addComment: useCallback((id: string, c: LineComment) => update(id, (d) => ({ ...d, comments: [...d.comments, { ...c, id: commentId() }] })), [update]),
    removeComment: useCallback((id: string, commentIdToRemove: string) => update(id, (d) => ({ ...d, comments: d.comments.filter((c) => c.id !== commentIdToRemove) })), [update]),
    setSummary: useCallback((id: string, summary: string) => update(id, (d) => ({ ...d, summary })), [update]),
    discard: useCallback((id: string) => setDrafts(({ [id]: _gone, ...rest }) => rest), []),
  };
}
