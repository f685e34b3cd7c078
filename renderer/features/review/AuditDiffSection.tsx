import { useCallback } from 'react';
import { useServices } from '../../lib/services.js';
import { DiffPanel, type ViewType } from './DiffPanel.js';
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

/** The change a sampled landing put on the base branch: read, not reviewed, so no line comments. */
export function AuditDiffSection({ auditId, ...rest }: Props) {
  const { api } = useServices();
  const fetchFile = useCallback((path: string) => api.getAuditDiff(auditId, path), [api, auditId]);
  return (
    <DiffPanel
      {...rest}
      testId="audit-diff"
      errorTestId="audit-diff-error"
      title="What landed"
      loadingText="Loading the landed change…"
      errorText={auditDiffErrorText}
      fetchFile={fetchFile}
    />
  );
}
