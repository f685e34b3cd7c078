import { useState, type KeyboardEvent } from 'react';

/** lineCommentSchema's body limit: longer text would be refused by the engine. */
const MAX_BODY_CHARS = 20_000;

interface CommentFormProps {
  path: string;
  line: number;
  onSubmit(body: string): void;
  onCancel(): void;
}

/** The form under a line: Ctrl/Cmd+Enter adds, Escape cancels (both stay inside the form). */
export function CommentForm({ path, line, onSubmit, onCancel }: CommentFormProps) {
  const [body, setBody] = useState('');
  const empty = body.trim() === '';
  const submit = () => {
    if (!empty) onSubmit(body.trim());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      submit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <form
      className="diff-comment-form"
      data-testid="diff-comment-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        autoFocus
        value={body}
        maxLength={MAX_BODY_CHARS}
        rows={3}
        aria-label={`Comment on ${path} line ${line}`}
        placeholder={`Comment on line ${line} (Ctrl+Enter to add, Escape to cancel)`}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="diff-comment-actions">
        <button type="submit" disabled={empty}>Add comment</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
