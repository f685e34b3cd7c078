import { err, ok, type Result } from '../../lib/result.js';
import type { StoredLanding } from '../../store/landing-store.js';
import { branchFor, type GitWorktrees, type RepoInfo } from '../../workspace/git-worktree.js';
import { workspaceKey } from '../../workspace/workspace-key.js';
import { commitGuidance, guidancePath, guidanceTitle, type GuidancePayload } from './guidance.js';
import type { LandingGit } from './landing-git.js';
import type { LandingQueueDeps } from './landing-types.js';

export interface GuidanceInput {
  text: string;
  /** The ticket the text came from (named in the heading and the commit). */
  identifier?: string;
  finding_id?: string;
}

interface GuidanceContext {
  deps: LandingQueueDeps;
  git: LandingGit;
  worktrees: GitWorktrees;
  now: () => string;
}

/** Guidance identifiers are `guidance-<n>`, branches `baton/guidance-<n>`. */
export const GUIDANCE_PREFIX = 'guidance-';

/** Creates the guidance branch and worktree, commits the text, and stores the queue entry. Run one at a time. */
export async function enqueueGuidance(ctx: GuidanceContext, input: GuidanceInput): Promise<Result<StoredLanding>> {
  const cfg = ctx.deps.config();
  const text = input.text.trim();
  if (text === '') return err('invalid_input', 'guidance text is empty');
  if (!cfg.workspace.repo) return err('no_repository', 'promoting guidance needs workspace.repo: the guidance file lives in the repository');
  const file = cfg.review.guidance_file;
  const fileOk = guidancePath('/repo', file);
  if (!fileOk.ok) return fileOk;
  const repo = await ctx.worktrees.openRepo(cfg.workspace.repo);
  if (!repo.ok) return repo;

  const identifier = await nextIdentifier(ctx, repo.value);
  if (!identifier.ok) return identifier;
  const ensured = await ctx.deps.workspaces.ensure(identifier.value);
  if (!ensured.ok) return ensured;
  const guidance: GuidancePayload = { text, source: input.identifier ?? null, finding_id: input.finding_id ?? null, at: ctx.now() };
  const committed = await commitGuidance(ctx.git, ensured.value.path, file, guidance);
  if (!committed.ok) {
    await ctx.deps.workspaces.remove(identifier.value);
    return committed;
  }
  const entry = ctx.deps.store.landings.enqueue({
    kind: 'guidance',
    issue_id: null,
    identifier: identifier.value,
    title: guidanceTitle(guidance),
    branch: ensured.value.branch ?? branchFor(workspaceKey(identifier.value)),
    enqueued_at: ctx.now(),
    payload: { guidance },
  });
  if (!entry.ok) await ctx.deps.workspaces.remove(identifier.value);
  return entry;
}

/** One past the newest guidance entry, skipping numbers whose branch or workspace is left over. */
async function nextIdentifier(ctx: GuidanceContext, repo: RepoInfo): Promise<Result<string>> {
  const newest = ctx.deps.store.landings.listByKind('guidance', 1);
  if (!newest.ok) return newest;
  const last = Number(newest.value[0]?.identifier.slice(GUIDANCE_PREFIX.length) ?? 0);
  let n = Number.isInteger(last) && last > 0 ? last + 1 : 1;
  for (;;) {
    const identifier = `${GUIDANCE_PREFIX}${n}`;
    const located = await ctx.deps.workspaces.pathFor(identifier);
    if (!located.ok) return located;
    const taken = (await ctx.worktrees.branchExists(repo, branchFor(workspaceKey(identifier)))) || (await ctx.worktrees.inspect(repo, located.value)) !== 'absent';
    if (!taken) return ok(identifier);
    n += 1;
  }
}
