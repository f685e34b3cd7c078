import { execGit, type GitExec } from '../../lib/git/git-exec.js';

/** Guidance is prompt text, not a manual: past this many characters the rest is cut with a note. */
export const GUIDANCE_MAX_CHARS = 64 * 1024;

/**
 * The guidance file as the base branch has it (what has landed, not what an agent is editing in its
 * worktree). Empty when there is no repository, no such file, or git fails: guidance is optional.
 */
export async function readLandedGuidance(repo: string | null, baseBranch: string | null, file: string, git: GitExec = execGit): Promise<string> {
  if (!repo || !baseBranch) return '';
  const relative = file.replace(/^\.?\/+/, '');
  const out = await git(['show', `${baseBranch}:${relative}`], { cwd: repo });
  if (out.code !== 0) return '';
  const text = out.stdout;
  return text.length > GUIDANCE_MAX_CHARS ? `${text.slice(0, GUIDANCE_MAX_CHARS)}\n\n[guidance truncated at ${GUIDANCE_MAX_CHARS} characters]` : text;
}
