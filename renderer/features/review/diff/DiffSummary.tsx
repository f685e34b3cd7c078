import type { TicketDiff } from '../../../../shared/api/review-schemas.js';

interface DiffSummaryProps {
  diff: TicketDiff;
  parseError: string | null;
}

/** Totals and base above the diff, plus notices about what is missing from it. */
export function DiffSummary({ diff, parseError }: DiffSummaryProps) {
  const count = diff.files.length;
  return (
    <>
      <div className="diff-summary" data-testid="diff-summary">
        <span>
          {count} {count === 1 ? 'file' : 'files'} changed
        </span>
        <span className="diff-counts">
          <span className="diff-add">+{diff.additions}</span> <span className="diff-del">−{diff.deletions}</span>
        </span>
        <span className="diff-muted">
          against {diff.base_ref} <code>{diff.base.slice(0, 8)}</code>
        </span>
        {diff.dirty && <span className="diff-dirty">includes uncommitted changes</span>}
      </div>
      {diff.truncated && (
        <div className="diff-notice" role="status" data-testid="diff-truncated">
          This diff is large: some files' changes were left out. Use “Load diff” on a file to see it.
        </div>
      )}
      {parseError !== null && (
        <div className="diff-notice diff-error" role="alert">
          The patch could not be read ({parseError}); files are listed without their changes.
        </div>
      )}
    </>
  );
}
