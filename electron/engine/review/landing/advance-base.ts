import type { LandStrategy } from '../../workflow/config-types.js';
import { err, ok, type Result } from '../../lib/result.js';
import { lockFileOf } from '../../lib/git/git-exec.js';
import { gitFailure, LANDING_GIT_TIMEOUT_MS, type LandingGit } from './landing-git.js';

export type AdvanceOutcome =
  | { kind: 'advanced' }
  /** The base branch is no longer `expected`: update the branch again and retest. */
  | { kind: 'moved' }
  /** Something outside the ticket is in the way (a dirty checkout of the base); nothing changed. */
  | { kind: 'blocked'; message: string };

export interface CandidateInput {
  strategy: LandStrategy;
  /** The tested branch head (up to date with `baseOld`). */
  head: string;
  baseOld: string;
  /** `<IDENT>: <title>`. */
  subject: string;
  branch: string;
}

/**
 * The commit the base branch will point at: `merge` a merge commit of base and branch (even when a
 * fast-forward would do, so the ticket stays one unit in history), `rebase` the rebased head itself
 * (a fast-forward), `squash` one new commit on the base with the tested tree.
 */
export async function candidateCommit(git: LandingGit, repo: string, input: CandidateInput): Promise<Result<string>> {
  if (input.strategy === 'rebase') {
    if (!(await git.isAncestor(repo, input.baseOld, input.head))) return err('landing_not_fast_forward', `${input.branch} is not based on the base branch after the rebase`);
    return ok(input.head);
  }
  const trailer = `Landed by Baton from ${input.branch}.`;
  const [parents, message] =
    input.strategy === 'merge'
      ? [['-p', input.baseOld, '-p', input.head], `Merge ${input.subject}\n\n${trailer}`]
      : [['-p', input.baseOld], `${input.subject}\n\n${trailer}`];
  const identity = await git.identity(repo);
  const out = await git.run([...identity, 'commit-tree', `${input.head}^{tree}`, ...parents, '-m', message], repo);
  if (out.code !== 0) return err('landing_commit_failed', `git commit-tree failed: ${gitFailure(out)}`);
  return ok(out.stdout.trim());
}

/**
 * Moves `base` from `expected` to `candidate`, compare-and-swap. Where the base is checked out (the
 * main checkout, usually) it is fast-forwarded there, so that checkout's files follow; its local
 * changes stay, and if they touch files the landing changes git refuses and nothing is lost. A
 * branch checked out nowhere is moved with `update-ref <new> <old>`. Call under the repository lock.
 */
export async function advanceBase(git: LandingGit, repo: string, base: string, expected: string, candidate: string, identifier: string): Promise<AdvanceOutcome> {
  const ref = `refs/heads/${base}`;
  const checkout = await git.checkoutOf(repo, base);
  if (checkout !== null) {
    const out = await git.run(['merge', '--ff-only', '--no-autostash', '--no-edit', '--quiet', candidate], checkout, { timeoutMs: LANDING_GIT_TIMEOUT_MS });
    if (out.code === 0 && (await git.revParse(repo, ref)) === candidate) return { kind: 'advanced' };
    if ((await git.revParse(repo, ref)) !== expected) return { kind: 'moved' };
    if (lockFileOf(out) !== null) return { kind: 'blocked', message: `${base} cannot be moved at ${checkout}: ${gitFailure(out)}. The landing retries on every poll.` };
    const files = listedFiles(`${out.stdout}\n${out.stderr}`);
    const what = files.length > 0 ? `local changes to ${files.join(', ')} that landing ${identifier} would overwrite` : `a state that refuses the fast-forward`;
    return {
      kind: 'blocked',
      message: `${base} is checked out at ${checkout}, which has ${what}. Commit, stash or discard them there; the landing retries on every poll. (git: ${gitFailure(out)})`,
    };
  }
  const out = await git.run(['update-ref', '-m', `baton: land ${identifier}`, ref, candidate, expected], repo);
  if (out.code === 0) return { kind: 'advanced' };
  if ((await git.revParse(repo, ref)) !== expected) return { kind: 'moved' };
  return { kind: 'blocked', message: `moving ${base} failed: ${gitFailure(out)}` };
}

/** The tab-indented file names git lists under "would be overwritten by merge". */
function listedFiles(text: string): string[] {
  return [...new Set(text.split('\n').filter((l) => l.startsWith('\t')).map((l) => l.trim()).filter((l) => l !== ''))];
}
