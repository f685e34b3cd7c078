import os from 'node:os';
import type { Issue } from '../../../../shared/domain/issue.js';
import { normalizeState } from '../../../../shared/domain/issue.js';
import { errorMessage } from '../../lib/result.js';
import type { StoredLanding } from '../../store/landing-store.js';
import type { RepoInfo } from '../../workspace/git-worktree.js';
import { commitOfWork } from '../../workspace/work-commit.js';
import { advanceBase, candidateCommit } from './advance-base.js';
import { checkSendback, conflictSendback, goneSendback, unfinishedSendback, wrongBranchSendback } from './sendback-text.js';
import { commitGuidance } from './guidance.js';
import { LandingEntry, type LandingContext } from './landing-entry.js';
import { gitFailure, PUSH_TIMEOUT_MS } from './landing-git.js';
import { finishSendback, sendBack } from './sendback.js';
import { updateBranch } from './update-branch.js';

/**
 * How often one landing goes back to "updating" because the base branch moved while it was being
 * checked. Each round is a full check run, so a base that moves this often is a busy repository:
 * the entry then waits a poll instead of monopolising the queue.
 */
export const MAX_UPDATE_ROUNDS = 5;

interface Target {
  repo: RepoInfo;
  base: string;
  worktree: string;
}

type Advance = { kind: 'landed'; commit: string } | { kind: 'moved' } | { kind: 'blocked'; message: string };

/**
 * Lands one queue entry: committing → updating → checking → advancing → pushing → cleaning.
 * A ticket's worktree is only read: its work is taken as a commit (HEAD plus anything uncommitted),
 * the base is merged into it in a disposable copy, and the checks run on another — so an agent
 * that starts there meanwhile (the ticket dragged out of Merging) is never written over, and a
 * killed landing leaves nothing half-done in it. Every step is safe to redo, so an entry found
 * `landing` after a restart simply starts over; an entry with a pending send-back or an already
 * advanced base resumes where it stopped.
 */
export async function runLanding(ctx: LandingContext, stored: StoredLanding): Promise<void> {
  const entry = new LandingEntry(ctx, stored);
  try {
    await new LandingRun(entry).run();
  } catch (e) {
    entry.block(`unexpected error while landing: ${errorMessage(e)}`);
  }
}

class LandingRun {
  constructor(private readonly e: LandingEntry) {}

  private get git() {
    return this.e.ctx.git;
  }

  private get id(): string {
    return this.e.value.identifier;
  }

  async run(): Promise<void> {
    const { e } = this;
    // A retried blocked entry keeps saying why it was blocked until this attempt ends one way or another.
    e.save({ status: 'landing', started_at: e.now(), ended_at: null, error: e.value.status === 'blocked' ? e.value.error : null });
    const pending = e.payload.pending;
    if (pending) return finishSendback(e, pending);
    if (e.value.landed_commit !== null) return this.clean();
    const target = await this.prepare();
    if (target === null) return;
    const { repo, base, worktree } = target;
    if (await this.advancedBefore(repo.path, base)) return this.clean();
    const work = e.value.kind === 'ticket' ? await this.readWork(worktree) : null;
    if (e.value.kind === 'ticket' && work === null) return;
    for (let round = 1; round <= MAX_UPDATE_ROUNDS; round++) {
      if (e.stopping) return;
      e.step('updating');
      const baseOld = await this.git.revParse(repo.path, `refs/heads/${base}`);
      if (baseOld === null) return e.block(`the base branch ${base} no longer exists in ${repo.path}`);
      const head = work === null ? await this.rebuildGuidance(worktree, baseOld) : await this.update(work, base, baseOld);
      if (head === null) return;
      const tree = await this.git.revParse(repo.path, `${head}^{tree}`);
      if (tree === null) return e.block(`the tree of ${head} cannot be read`);
      if (!(await this.check(base, head, tree)) || e.stopping) return;
      e.step('advancing');
      if (e.value.kind === 'ticket' && !(await this.stillMerging())) return;
      const outcome = await e.ctx.deps.repoMutex.run(repo.commonDir, () => this.advance(repo.path, base, baseOld, head, tree));
      if (outcome.kind === 'moved') {
        e.log.info({ round }, `${base} moved while ${this.id} was being landed; updating again`);
        continue;
      }
      if (outcome.kind === 'blocked') return e.block(outcome.message);
      await this.recordLanded(repo.path, base, baseOld, outcome.commit);
      return this.clean();
    }
    e.block(`${base} moved ${MAX_UPDATE_ROUNDS} times while ${this.id} was being landed; retrying on the next poll`);
  }

  private async recordLanded(repo: string, base: string, baseBefore: string, commit: string): Promise<void> {
    const files = commit === baseBefore ? [] : await this.git.changedFiles(repo, baseBefore, commit);
    this.e.save({ landed_commit: commit, base_before: baseBefore, files });
    await this.push(repo, base);
  }

  /**
   * Whether an earlier attempt moved the base to its candidate and was stopped (the engine killed)
   * before it recorded that: the base then holds the landing, which is recorded as it happened.
   */
  private async advancedBefore(repo: string, base: string): Promise<boolean> {
    const advancing = this.e.payload.advancing;
    if (!advancing) return false;
    const tip = await this.git.revParse(repo, `refs/heads/${base}`);
    if (tip === null || (tip !== advancing.commit && !(await this.git.isAncestor(repo, advancing.commit, tip)))) return false;
    this.e.log.info({ landed_commit: advancing.commit }, `${base} already holds ${this.id}'s landing (an earlier attempt was stopped right after moving it)`);
    await this.recordLanded(repo, base, advancing.base_before, advancing.commit);
    return true;
  }

  private async prepare(): Promise<Target | null> {
    const { e } = this;
    const { worktrees } = e.ctx;
    if (!e.cfg.workspace.repo) return this.blocked('workspace.repo is not set: the landing queue lands git worktrees of a repository');
    const repo = await worktrees.openRepo(e.cfg.workspace.repo);
    if (!repo.ok) return this.blocked(repo.error.message);
    const base = await worktrees.resolveBase(repo.value, e.cfg.workspace.base_branch);
    if (!base.ok) return this.blocked(base.error.message);
    if (e.value.kind === 'ticket' && !(await this.stillMerging())) return null;
    const worktree = e.value.kind === 'guidance' ? await this.guidanceWorktree() : await this.ticketWorktree(repo.value);
    return worktree === null ? null : { repo: repo.value, base: base.value, worktree };
  }

  /** The ticket must still be waiting to land: an operator may have moved it (or deleted it) meanwhile. */
  private async stillMerging(): Promise<boolean> {
    const { e } = this;
    const merging = e.cfg.review.merging_state;
    const { tracker } = e.ctx.deps;
    let issue: Issue | null;
    if (e.value.issue_id !== null) {
      const found = await tracker.fetchIssueStatesByIds([e.value.issue_id]);
      if (!found.ok) return this.blockedFalse(`cannot read ${this.id} from the tracker: ${found.error.message}`);
      issue = found.value.find((i) => i.id === e.value.issue_id) ?? null;
    } else {
      if (tracker.writer === null) return this.blockedFalse(`cannot read ${this.id}: the entry has no issue id and the tracker cannot look one up`);
      const found = await tracker.writer.getIssue(this.id);
      if (!found.ok) return this.blockedFalse(`cannot read ${this.id} from the tracker: ${found.error.message}`);
      issue = found.value;
    }
    if (issue === null) {
      e.fail(`${this.id} no longer exists in the tracker; not landed`);
      return false;
    }
    if (normalizeState(issue.state) !== normalizeState(merging)) {
      e.fail(`${this.id} left ${merging} (it is in ${issue.state} now) before it landed; not landed`);
      return false;
    }
    if (issue.title !== e.value.title) e.save({ title: issue.title });
    return true;
  }

  private async ticketWorktree(repo: RepoInfo): Promise<string | null> {
    const { e } = this;
    const { branch } = e.value;
    const located = await e.ctx.deps.workspaces.pathFor(this.id);
    if (!located.ok) return this.blocked(located.error.message);
    const worktree = located.value;
    const state = await e.ctx.worktrees.inspect(repo, worktree);
    if (!(await e.ctx.worktrees.branchExists(repo, branch))) {
      // A worktree without its branch cannot be worked in; removing it snapshots whatever is in it,
      // and the next run starts from a fresh worktree.
      if (state === 'worktree') {
        const removed = await e.ctx.deps.workspaces.remove(this.id);
        if (!removed.ok) e.log.warn({ err: removed.error.message }, 'worktree without its branch kept');
      }
      return this.sentBack(goneSendback(this.id, branch, worktree, 'branch'));
    }
    if (state !== 'worktree') return this.sentBack(goneSendback(this.id, branch, worktree, 'worktree'));
    const current = await e.ctx.worktrees.currentBranch(worktree);
    if (current !== branch) return this.sentBack(wrongBranchSendback(this.id, branch, worktree, current));
    // The queue never merges in the worktree, so an unfinished merge there is the agent's (or a
    // person's): not ours to finish or abort.
    const inProgress = await this.git.operationInProgress(worktree);
    if (inProgress !== null) return this.sentBack(unfinishedSendback(this.id, worktree, inProgress));
    return worktree;
  }

  private async guidanceWorktree(): Promise<string | null> {
    // Recreated if it went missing: the guidance text is in the entry and the commit is rebuilt.
    const ensured = await this.e.ctx.deps.workspaces.ensure(this.id);
    if (!ensured.ok) return this.blocked(ensured.error.message);
    if (ensured.value.branch !== this.e.value.branch) return this.blocked(`${ensured.value.path} is not on ${this.e.value.branch}`);
    return ensured.value.path;
  }

  /**
   * The agent's work as one commit — HEAD plus anything uncommitted, titled like the ticket — read
   * without writing to the worktree (its index, files and branch stay as the agent left them).
   */
  private async readWork(worktree: string): Promise<string | null> {
    const { e } = this;
    e.step('committing');
    const made = await commitOfWork(this.git.exec, worktree, os.tmpdir(), `${this.id}: ${e.value.title}`);
    if (!made.ok) return this.blocked(`cannot read the work in ${worktree}: ${made.error.message}`);
    e.savePayload({ work: made.value.commit });
    return made.value.commit;
  }

  /** The work brought up to date with the base, in a disposable copy: the new head, or null when sent back or blocked. */
  private async update(work: string, base: string, baseOld: string): Promise<string | null> {
    const { e } = this;
    const { copies } = e.ctx.deps;
    const copy = await copies.create(work, `${this.id}-landing`);
    if (!copy.ok) return this.blocked(`cannot make a copy of the work to bring it up to date with ${base}: ${copy.error.message}`);
    try {
      const out = await updateBranch(this.git, copy.value, e.cfg.review.land, baseOld, base, e.value.branch);
      if (out.kind === 'conflict') return this.sentBack(conflictSendback(this.id, base, e.value.branch, out.operation, out.files));
      if (out.kind === 'error') return this.blocked(out.message);
      return out.head;
    } finally {
      await copies.remove(copy.value);
    }
  }

  /** A guidance branch is one commit on the base: rebuilt on the latest base instead of merged. */
  private async rebuildGuidance(worktree: string, baseOld: string): Promise<string | null> {
    const { e } = this;
    const guidance = e.payload.guidance;
    if (!guidance) {
      e.fail('the guidance entry has no text to land');
      return null;
    }
    const [head, parent] = await Promise.all([this.git.revParse(worktree, 'HEAD'), this.git.revParse(worktree, 'HEAD~1')]);
    if (head !== null && head !== baseOld && parent === baseOld) return head;
    const reset = await this.git.run(['reset', '--hard', '--quiet', baseOld], worktree);
    if (reset.code !== 0) return this.blocked(`resetting ${worktree} to the base failed: ${gitFailure(reset)}`);
    const made = await commitGuidance(this.git, worktree, e.cfg.review.guidance_file, guidance);
    return made.ok ? made.value : this.blocked(made.error.message);
  }

  /** The checks run on a copy of `head` (the commit that would land), never in the ticket's worktree. */
  private async check(base: string, head: string, tree: string): Promise<boolean> {
    const { e } = this;
    const command = e.cfg.review.checks?.trim() ?? '';
    if (command === '') return true;
    const passed = e.payload.passed;
    if (passed && passed.tree === tree && passed.command === command) {
      e.log.info({ tree }, 'checks already passed on this tree; not run again');
      return true;
    }
    e.step('checking');
    const result = await e.ctx.deps.checks.run({
      command,
      commit: head,
      head,
      tree,
      identifier: this.id,
      issue_id: e.value.issue_id,
      signal: e.ctx.signal,
      onTerminal: (terminal_id) => e.save({ terminal_id }),
    });
    if (e.stopping) return false;
    if (result.status === 'passed') {
      e.savePayload({ passed: { tree, command } });
      return true;
    }
    if (result.status === 'error' || result.status === 'cancelled') return this.blockedFalse(`the checks could not run: ${result.output_tail}`);
    await sendBack(e, checkSendback(this.id, base, e.value.branch, result));
    return false;
  }

  /** Under the repository lock: the compare-and-swap of the base branch. */
  private async advance(repo: string, base: string, baseOld: string, head: string, tree: string): Promise<Advance> {
    const { e } = this;
    if ((await this.git.revParse(repo, `refs/heads/${base}`)) !== baseOld) return { kind: 'moved' };
    // Nothing to land (no changes, or a restart after the base already took them): done as is.
    if ((await this.git.revParse(repo, `${baseOld}^{tree}`)) === tree) return { kind: 'landed', commit: baseOld };
    const subject = `${this.id}: ${e.value.title}`;
    const candidate = await candidateCommit(this.git, repo, { strategy: e.cfg.review.land, head, baseOld, subject, branch: e.value.branch });
    if (!candidate.ok) return { kind: 'blocked', message: candidate.error.message };
    e.savePayload({ advancing: { commit: candidate.value, base_before: baseOld } });
    const moved = await advanceBase(this.git, repo, base, baseOld, candidate.value, this.id);
    return moved.kind === 'advanced' ? { kind: 'landed', commit: candidate.value } : moved;
  }

  private async push(repo: string, base: string): Promise<void> {
    const { e } = this;
    if (!e.cfg.review.push) return;
    e.step('pushing');
    const remote = e.cfg.review.remote;
    const out = await this.git.run(['push', '--quiet', remote, `refs/heads/${base}:refs/heads/${base}`], repo, { timeoutMs: PUSH_TIMEOUT_MS });
    if (out.code !== 0) e.log.warn({ remote }, `push failed: ${gitFailure(out)}`);
    e.save({ push_error: out.code === 0 ? null : `git push ${remote} ${base} failed: ${gitFailure(out)}` });
  }

  private async clean(): Promise<void> {
    const { e } = this;
    e.step('cleaning');
    const { deps } = e.ctx;
    if (e.value.kind === 'ticket') {
      const done = e.cfg.review.done_state;
      const landedAs = `landed as ${e.value.landed_commit?.slice(0, 12) ?? '?'}`;
      if (deps.tracker.writer === null) return e.block(`${landedAs}, but the tracker is read-only, so ${this.id} cannot be moved to ${done}`);
      const moved = await deps.tracker.writer.updateIssue(this.id, { state: done });
      if (!moved.ok) return e.block(`${landedAs}, but moving ${this.id} to ${done} failed (${moved.error.message}); retrying`);
    }
    const removed = await deps.workspaces.remove(this.id, { landed: e.payload.work ?? null });
    if (!removed.ok) e.log.warn({ code: removed.error.code }, `worktree not removed after landing: ${removed.error.message}`);
    e.landed(removed.ok ? null : `landed, but the worktree was not removed: ${removed.error.message}`);
    this.sample();
  }

  /** Post-merge sampling: some auto-landed tickets go to the audit queue for a person to read. */
  private sample(): void {
    const { e } = this;
    const v = e.value;
    const { review } = e.cfg;
    if (v.kind !== 'ticket' || !review.auto_land || v.landed_commit === null || v.base_before === null || v.landed_commit === v.base_before) return;
    if (!(e.ctx.deps.random() < review.sample_rate)) return;
    const audit = e.ctx.deps.store.audits.create({ landing_id: v.id, identifier: v.identifier, title: v.title, base_before: v.base_before, landed_commit: v.landed_commit, created_at: e.now() });
    if (!audit.ok) e.log.warn({ code: audit.error.code }, `audit not recorded: ${audit.error.message}`);
    else e.ctx.deps.onChange();
  }

  private async sentBack(sendback: Parameters<typeof sendBack>[1]): Promise<null> {
    await sendBack(this.e, sendback);
    return null;
  }

  private blocked(message: string): null {
    this.e.block(message);
    return null;
  }

  private blockedFalse(message: string): false {
    this.e.block(message);
    return false;
  }
}
