import type { ReactNode } from 'react';
import type { DraftComment } from './draft-comment.js';

interface LineCommentsProps {
  comments: readonly DraftComment[];
  onRemove(comment: DraftComment): void;
}

/** Draft comments, each with its line and a Remove button. */
export function LineComments({ comments, onRemove }: LineCommentsProps) {
  return (
    <>
      {comments.map((comment) => (
        <div key={comment.id} className="diff-comment" data-testid="diff-comment" data-comment-id={comment.id}>
          <div className="diff-comment-head">
            <span className="diff-comment-line">Line {comment.line}</span>
            <button type="button" aria-label={`Remove comment on line ${comment.line}`} onClick={() => onRemove(comment)}>
              Remove
            </button>
          </div>
          <div className="diff-comment-body">{comment.body}</div>
        </div>
      ))}
    </>
  );
}

/** What shows under one diff row: its comments, then the open form. */
export function LineWidget({ children }: { children: ReactNode }) {
  return <div className="diff-line-widget">{children}</div>;
}
