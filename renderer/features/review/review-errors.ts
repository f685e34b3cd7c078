/** What to do about a diff the engine cannot produce, in words an engineer can act on. */
export function diffErrorText(code: string, message: string): string {
  switch (code) {
    case 'branch_not_found':
      return `The ticket's branch or worktree is gone (deleted by hand?): ${message}. Restart the ticket to start again from the base branch, or move it back to Todo.`;
    case 'workspace_not_found':
      return `The ticket has no workspace on disk: ${message}. It is created when the ticket first runs; Restart starts it afresh.`;
    case 'no_repository':
      return `No git repository is configured: set workspace.repo in WORKFLOW.md to review diffs (${message}).`;
    case 'network_error':
      return `Could not load the diff: ${message}.`;
    default:
      return `Could not load the diff: ${message} (${code}).`;
  }
}

/** The engine's refusal of a decision, with what it means for the person deciding. */
export function decisionErrorText(code: string, message: string): string {
  switch (code) {
    case 'not_in_review':
      return `Not in review any more — ${message}`;
    case 'already_approved':
      return `Already approved and in the landing queue — ${message}`;
    case 'blocked_by_findings':
      return `Blocked by open reviewer findings — ${message}`;
    case 'config_confirmation_required':
      return `This changes trusted configuration and needs your explicit confirmation — ${message}`;
    case 'network_error':
      return `Not sent: ${message}. Your draft is kept.`;
    default:
      return message;
  }
}

/** Why the change an audit points at cannot be shown. */
export function auditDiffErrorText(code: string, message: string): string {
  switch (code) {
    case 'commit_not_found':
      return `The landed change is no longer in the repository (was the history rewritten?): ${message}. Mark the audit read to clear it.`;
    case 'audit_not_found':
      return `This audit no longer exists: ${message}.`;
    default:
      return diffErrorText(code, message);
  }
}
