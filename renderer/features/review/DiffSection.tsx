import { useCallback, useMemo } from 'react';
import type { LineComment, TicketDiff } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../lib/services.js';
import type { DraftComment } from './diff/draft-comment.js';
import { DiffPanel, type ViewType } from './DiffPanel.js';
import { diffErrorText } from './review-errors.js';
import type { DiffState } from './use-ticket-diff.js';
import { shortSha } from '../../lib/format.js';

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

/** The ticket's work under review, taking line comments. */
export function DiffSection({ identifier, state, comments, onAddComment, onRemoveComment, ...rest }: Props) {
  const { api } = useServices();
  const fetchFile = useCallback((path: string) => api.getDiff(identifier, path), [api, identifier]);
  const drafts = useMemo(() => ({ list: comments, add: onAddComment, remove: onRemoveComment }), [comments, onAddComment, onRemoveComment]);
  return (
    <DiffPanel
      {...rest}
      testId="diff-section"
      errorTestId="diff-error"
      title={<>Diff{state.status === 'ok' && <DiffBranch diff={state.diff} />}</>}
      loadingText="Loading the diff…"
      errorText={diffErrorText}
      state={state}
      fetchFile={fetchFile}
      comments={drafts}
    />
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
