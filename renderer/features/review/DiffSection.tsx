import { useCallback } from 'react';
import type { LineComment, TicketDiff } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../app/services.js';
import { DiffView, type DraftComment } from './diff/DiffView.js';
import { diffErrorText } from './review-errors.js';
import { shortSha } from './review-format.js';
import type { DiffState } from './use-ticket-diff.js';

export type ViewType = 'unified' | 'split';

interface Props {
  identifier: string;
  state: DiffState;
  viewType: ViewType;
  onToggleView: () => void;
  comments: DraftComment[];
  onAddComment: (c: LineComment) => void;
  onRemoveComment: (id: string) => void;
  selectedPath: string | null;
  onSelectPath: (path: string) => void;
}

export function DiffSection({ identifier, state, viewType, onToggleView, comments, onAddComment, onRemoveComment, selectedPath, onSelectPath }: Props) {
  const { api } = useServices();
  const loadFilePatch = useCallback(
    async (path: string): Promise<TicketDiff> => {
      const res = await api.getDiff(identifier, path);
      if (!res.ok) throw new Error(diffErrorText(res.error.code, res.error.message));
      return res.value;
    },
    [api, identifier],
  );
  return (
    <section className="review-section review-diff" data-testid="diff-section" aria-labelledby="diff-title">
      <h2 id="diff-title">
        Diff
        {state.status === 'ok' && <DiffBranch diff={state.diff} />}
        <button type="button" className="inline-action" onClick={onToggleView} title="v" data-testid="toggle-view">
          {viewType === 'unified' ? 'Split view' : 'Unified view'}
        </button>
      </h2>
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="diff-loading">
          Loading the diff…
        </p>
      )}
      {state.status === 'error' && (
        <p className="error" role="alert" data-testid="diff-error" data-code={state.error.code}>
          {diffErrorText(state.error.code, state.error.message)}
        </p>
      )}
      {state.status === 'ok' && (
        <DiffView
          diff={state.diff}
          viewType={viewType}
          comments={comments}
          onAddComment={onAddComment}
          onRemoveComment={onRemoveComment}
          loadFilePatch={loadFilePatch}
          selectedPath={selectedPath}
          onSelectPath={onSelectPath}
        />
      )}
    </section>
  );
}

/** The branch and commit under review (the diff view shows the base, totals and notices). */
function DiffBranch({ diff }: { diff: TicketDiff }) {
  return (
    <span className="diff-branch muted" data-testid="diff-branch">
      {diff.head_ref ?? 'detached HEAD'} at {shortSha(diff.head)}
    </span>
  );
}
