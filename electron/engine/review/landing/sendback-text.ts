import type { CheckResult } from '../../../../shared/api/review-schemas.js';

/**
 * What the landing queue tells the agent (review feedback, source `landing`) and the tracker
 * (a comment) when it sends a ticket back: what went wrong and what to do about it.
 */

export interface Sendback {
  /** Feedback and comment text, for the agent. */
  summary: string;
  /** One line for the queue entry. */
  error: string;
}

export function conflictSendback(identifier: string, base: string, branch: string, operation: 'merge' | 'rebase', files: string[]): Sendback {
  const how = operation === 'rebase' ? `rebasing ${branch} onto the latest ${base}` : `merging the latest ${base} into ${branch}`;
  const todo =
    operation === 'rebase'
      ? `Rebase ${branch} onto ${base} (\`git rebase ${base}\`), resolve the conflicts in these files, and finish the rebase.`
      : `Merge ${base} into ${branch} (\`git merge ${base}\`), resolve the conflicts in these files, and commit the merge.`;
  return {
    summary: [
      `Landing ${identifier} stopped: ${how} conflicts in ${files.length === 1 ? 'this file' : `these ${files.length} files`}:`,
      ...files.map((f) => `- ${f}`),
      '',
      `${todo} Then make sure the work still does what the ticket asks and hand it back for review.`,
      `The ${operation} was aborted: the worktree is as you left it, and ${base} is unchanged.`,
    ].join('\n'),
    error: `conflict with ${base} in ${files.join(', ')}`,
  };
}

export function checkSendback(identifier: string, base: string, branch: string, check: CheckResult): Sendback {
  const how = check.exit_code !== null ? `exited with code ${check.exit_code}` : 'did not finish';
  return {
    summary: [
      `Landing ${identifier} stopped: the checks (\`${check.command}\`) ${how} on ${branch} brought up to date with the latest ${base}.`,
      `Fix what fails (run \`${check.command}\` yourself after merging ${base}), commit, and hand the ticket back for review. ${base} is unchanged.`,
      '',
      'Last lines of the output:',
      '```',
      check.output_tail,
      '```',
    ].join('\n'),
    error: `checks failed (${how}): ${lastLine(check.output_tail)}`,
  };
}

export function goneSendback(identifier: string, branch: string, worktree: string, what: 'branch' | 'worktree'): Sendback {
  const gone = what === 'branch' ? `the branch ${branch} no longer exists` : `the worktree ${worktree} no longer exists`;
  return {
    summary: [
      `Landing ${identifier} stopped: ${gone} (it was deleted outside Baton), so there is nothing to land.`,
      what === 'branch'
        ? `Any files left in the worktree were saved under refs/baton/snapshots/. The next run starts from a fresh worktree of the base branch: redo the work there.`
        : `The next run gets a fresh worktree (on ${branch}, with its commits, if the branch still exists): finish the work there.`,
    ].join('\n'),
    error: `${gone}; sent back to rework`,
  };
}

export function wrongBranchSendback(identifier: string, branch: string, worktree: string, current: string | null): Sendback {
  const on = current === null ? 'a detached HEAD' : `branch ${current}`;
  return {
    summary: `Landing ${identifier} stopped: the worktree ${worktree} is on ${on}, not on ${branch}, so Baton cannot tell what to land. Check out ${branch} again (\`git switch ${branch}\`), make sure it holds the work, and hand the ticket back for review.`,
    error: `the worktree is on ${on}, not ${branch}`,
  };
}

export function unfinishedSendback(identifier: string, worktree: string, operation: 'merge' | 'rebase'): Sendback {
  return {
    summary: `Landing ${identifier} stopped: the worktree ${worktree} has an unfinished ${operation}. Finish it (resolve, commit or \`git ${operation} --continue\`) or abort it (\`git ${operation} --abort\`), then hand the ticket back for review.`,
    error: `an unfinished ${operation} in the worktree`,
  };
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').at(-1) ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || '(no output)';
}
