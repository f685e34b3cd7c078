import { useCallback, type ReactNode } from 'react';
import type { LineComment, TicketDiff } from '../../../shared/api/review-schemas.js';
import type { ApiResult } from '../../lib/api-client.js';
import { DiffView } from './diff/DiffView.js';
import type { DraftComment } from './diff/draft-comment.js';
import type { DiffState } from './use-ticket-diff.js';

export type ViewType = 'unified' | 'split';

export interface DiffComments {
  list: DraftComment[];
  add: (c: LineComment) => void;
  remove: (id: string) => void;
}

interface Props {
  /** Test id of the section; its heading's id is `<testId>-title`. */
  testId: string;
  errorTestId: string;
  title: ReactNode;
  loadingText: string;
  errorText: (code: string, message: string) => string;
  state: DiffState;
  viewType: ViewType;
  onToggleView: () => void;
  selectedPath: string | null;
  onSelectPath: (path: string) => void;
  /** One file's whole patch (`?path=`), for files the diff left out; keep it stable (useCallback). */
  fetchFile: (path: string) => Promise<ApiResult<TicketDiff>>;
  /** Draft line comments; without them the diff is read-only. */
  comments?: DiffComments;
}

const NO_COMMENTS: DraftComment[] = [];
const ignore = () => undefined;

/** A diff with its loading and error states and the unified/split toggle: a ticket's or a landed change. */
export function DiffPanel({ testId, errorTestId, title, loadingText, errorText, state, viewType, onToggleView, selectedPath, onSelectPath, fetchFile, comments }: Props) {
  const loadFilePatch = useCallback(
    async (path: string): Promise<TicketDiff> => {
      const res = await fetchFile(path);
      if (!res.ok) throw new Error(errorText(res.error.code, res.error.message));
      return res.value;
    },
    [fetchFile, errorText],
  );
  return (
    <section className="review-section review-diff" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <h2 id={`${testId}-title`}>
        {title}
        <button type="button" className="inline-action" onClick={onToggleView} title="v" data-testid="toggle-view">
          {viewType === 'unified' ? 'Split view' : 'Unified view'}
        </button>
      </h2>
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="diff-loading">
          {loadingText}
        </p>
      )}
      {state.status === 'error' && (
        <p className="error" role="alert" data-testid={errorTestId} data-code={state.error.code}>
          {errorText(state.error.code, state.error.message)}
        </p>
      )}
      {state.status === 'ok' && (
        <DiffView
          diff={state.diff}
          viewType={viewType}
          comments={comments?.list ?? NO_COMMENTS}
          onAddComment={comments?.add ?? ignore}
          onRemoveComment={comments?.remove ?? ignore}
          loadFilePatch={loadFilePatch}
          selectedPath={selectedPath}
          onSelectPath={onSelectPath}
          readOnly={comments === undefined}
        />
      )}
    </section>
  );
}
