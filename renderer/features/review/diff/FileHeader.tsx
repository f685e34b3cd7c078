import type { DiffFile } from '../../../../shared/api/review-schemas.js';
import { STATUS_LETTERS } from './diff-model.js';

interface FileHeaderProps {
  file: DiffFile;
  expanded: boolean;
  commentCount: number;
  /** Why the file is trusted configuration (landing it needs an explicit confirmation), or null. */
  trusted?: string | null;
  onToggle(): void;
}

/** A file section's header: status, path (`old → new` for a rename), counts and the collapse toggle. */
export function FileHeader({ file, expanded, commentCount, trusted = null, onToggle }: FileHeaderProps) {
  const letter = STATUS_LETTERS[file.status];
  return (
    <header className="diff-file-header">
      <button
        type="button"
        className="diff-file-toggle"
        data-testid="diff-file-toggle"
        aria-expanded={expanded}
        aria-label={`${expanded ? 'Collapse' : 'Expand'} ${file.path}`}
        onClick={onToggle}
      >
        {expanded ? '▾' : '▸'}
      </button>
      <span className={`diff-status diff-status-${letter}`} title={file.status}>{letter}</span>
      <span className="diff-file-path" data-testid="diff-file-path">
        {file.old_path !== null && file.old_path !== file.path ? `${file.old_path} → ${file.path}` : file.path}
      </span>
      {file.binary && <span className="diff-binary-badge">binary</span>}
      {trusted !== null && (
        <span className="diff-config-badge" title={trusted} data-testid="diff-config-badge">
          trusted config
        </span>
      )}
      {commentCount > 0 && (
        <span className="diff-comment-count" title="Draft comments on this file">
          {commentCount} {commentCount === 1 ? 'comment' : 'comments'}
        </span>
      )}
      <span className="diff-counts">
        <span className="diff-add">+{file.additions}</span> <span className="diff-del">−{file.deletions}</span>
      </span>
    </header>
  );
}
