import { err, ok, type Result } from '../../lib/result.js';
import type { DiffEntry } from './diff-entries.js';
import { DIFF_CONFIG_ARGS, DIFF_FORMAT_ARGS, PATCH_FORMAT_ARGS, READ_ONLY_GIT_ENV, type DiffLimits } from './diff-limits.js';
import type { GitStream } from '../../lib/git/git-stream.js';
import { PatchCollector, type CollectedPatch, type CollectMode } from './patch-collector.js';
import { PatchSplitter } from './patch-splitter.js';

export interface PatchRequest {
  worktree: string;
  base: string;
  tree: string;
  /** The entries of the same diff (same pathspec), in git's order. */
  entries: readonly DiffEntry[];
  mode: CollectMode;
  /** Literal repository-relative paths to limit git to; none for the whole diff. */
  paths?: readonly string[];
  limits: DiffLimits;
  signal?: AbortSignal;
}

/**
 * Streams `git diff -p base tree` through the splitter into the collector, and stops git as soon
 * as the collector needs nothing more (the response is full, or the one file was read). Binary
 * files come out as git's one "Binary files … differ" line: no `--binary`, no `--text`.
 */
export async function readPatch(stream: GitStream, request: PatchRequest): Promise<Result<CollectedPatch>> {
  const collector = new PatchCollector(request.entries, request.limits, request.mode);
  const splitter = new PatchSplitter(collector);
  const pathspec = request.paths ? ['--', ...request.paths.map((p) => `:(top,literal)${p}`)] : [];
  const out = await stream([...DIFF_CONFIG_ARGS, 'diff', ...PATCH_FORMAT_ARGS, ...DIFF_FORMAT_ARGS, request.base, request.tree, ...pathspec], {
    cwd: request.worktree,
    env: { ...READ_ONLY_GIT_ENV },
    ...(request.signal ? { signal: request.signal } : {}),
    onData: (text) => {
      splitter.feed(text);
      return collector.wantsMore ? 'continue' : 'stop';
    },
  });
  if (!out.stopped && out.code !== 0) {
    const why = (out.error ?? out.stderr.trim().split('\n').slice(-3).join(' | ')) || `git exited with code ${out.code ?? '?'}`;
    return err('git_failed', `git diff failed in ${request.worktree}: ${why}`);
  }
  if (!out.stopped) splitter.end();
  return ok(collector.finish());
}
