import { useCallback } from 'react';
import type { TicketDiff } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../app/services.js';
import { DiffView, type DraftComment } from './diff/DiffView.js';
import type { ViewType } from './DiffSection.js';
import { auditDiffErrorText } from './review-errors.js';
import type { DiffState } from './use-ticket-diff.js';

interface Props {
  auditId: number;
  state: DiffState;
  viewType: ViewType;
  onToggleView: () => void;
  selectedPath: string | null;
  onSelectPath: (path: string) => void;
}

/** An audit is read, not reviewed: the change has landed, so it takes no line comments. */
const NO_COMMENTS: DraftComment[] = [];
const ignore = () => undefined;

/** The change a sampled landing put on the base branch, read-only. */
export function AuditDiffSection({ auditId, state, viewType, onToggleView, selectedPath, onSelectPath }: Props) {
  const { api } = useServices();
  const loadFilePatch = useCallback(
    async (path: string): Promise<TicketDiff> => {
      const res = await api.getAuditDiff(auditId, path);
      if (!res.ok) throw new Error(auditDiffErrorText(res.error.code, res.error.message));
      return res.value;
    },
    [api, auditId],
  );
  return (
    <section className="review-section review-diff" data-testid="audit-diff" aria-labelledby="audit-diff-title">
      <h2 id="audit-diff-title">
        What landed
        <button type="button" className="inline-action" onClick={onToggleView} title="v" data-testid="toggle-view">
          {viewType === 'unified' ? 'Split view' : 'Unified view'}
        </button>
      </h2>
      {state.status === 'loading' && (
        <p className="muted" role="status" data-testid="diff-loading">
          Loading the landed change…
        </p>
      )}
      {state.status === 'error' && (
        <p className="error" role="alert" data-testid="audit-diff-error" data-code={state.error.code}>
          {auditDiffErrorText(state.error.code, state.error.message)}
        </p>
      )}
      {state.status === 'ok' && (
        <DiffView
          diff={state.diff}
          viewType={viewType}
          comments={NO_COMMENTS}
          onAddComment={ignore}
          onRemoveComment={ignore}
          loadFilePatch={loadFilePatch}
          selectedPath={selectedPath}
          onSelectPath={onSelectPath}
          readOnly
        />
      )}
    </section>
  );
}
