import { render } from '@testing-library/react';
import { useState } from 'react';
import { vi } from 'vitest';
import type { LineComment, TicketDiff } from '../../../../shared/api/review-schemas.js';
import { DiffView, type DiffViewProps } from './DiffView.js';
import type { DraftComment } from './draft-comment.js';

type Overrides = Partial<Omit<DiffViewProps, 'diff'>>;

/** DiffView with spy callbacks; comments are kept in state like the inbox does. */
export function renderDiffView(diff: TicketDiff, overrides: Overrides = {}) {
  const onAddComment = vi.fn<(c: LineComment) => void>();
  const onRemoveComment = vi.fn<(id: string) => void>();
  const loadFilePatch = vi.fn<(path: string) => Promise<TicketDiff>>(async () => {
    throw new Error('no patch in this test');
  });
  const onSelectPath = vi.fn<(path: string) => void>();
  let nextId = 1;
  function Harness({ viewType }: { viewType: 'unified' | 'split' }) {
    const [comments, setComments] = useState<DraftComment[]>(overrides.comments ?? []);
    return (
      <DiffView
        diff={diff}
        viewType={viewType}
        loadFilePatch={loadFilePatch}
        onSelectPath={onSelectPath}
        {...overrides}
        comments={comments}
        onAddComment={(c) => {
          onAddComment(c);
          setComments((list) => [...list, { ...c, id: `new-${nextId++}` }]);
        }}
        onRemoveComment={(id) => {
          onRemoveComment(id);
          setComments((list) => list.filter((c) => c.id !== id));
        }}
      />
    );
  }
  const view = render(<Harness viewType={overrides.viewType ?? 'unified'} />);
  return {
    ...view,
    onAddComment,
    onRemoveComment,
    loadFilePatch,
    onSelectPath,
    setViewType: (viewType: 'unified' | 'split') => view.rerender(<Harness viewType={viewType} />),
  };
}
