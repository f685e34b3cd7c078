/*
 * Bounds on what one diff response carries. The patch is JSON sent to the renderer, which renders
 * every line of a file it shows (react-diff-view does not virtualize) and highlights it with
 * refractor on the main thread; the inbox fetches one diff per ticket in review.
 */

export interface DiffLimits {
  /**
   * Changed lines (additions + deletions, from numstat) above which a file's hunks are left out of
   * the combined patch. 3,000 lines is about 60 screens: more than anyone reads line by line, and
   * past it files are almost always generated (lockfiles, snapshots, fixtures, vendored code),
   * while rendering and highlighting them costs the renderer seconds. `?path=` still loads them.
   */
  fileMaxLines: number;
  /**
   * Patch bytes of one file above which its hunks are left out: numstat counts lines, so a
   * minified bundle or a data file with a few megabyte-long lines would slip past `fileMaxLines`.
   * 1 MB is ~30 times an ordinary source file's patch.
   */
  fileMaxBytes: number;
  /**
   * Patch lines in one response. 20,000 lines keeps JSON parsing and a first render of the diff
   * view well under a second; files past it are left out, in order, and flagged.
   */
  patchMaxLines: number;
  /** Patch bytes in one response: 5 MB of JSON parses in tens of milliseconds in the renderer. */
  patchMaxBytes: number;
  /**
   * The one-file patch of `?path=` is never shortened, but memory stays bounded: past 32 MB the
   * request fails (`diff_too_large`). No browser renders such a patch; half the 64 MB git output
   * cap of git-exec.ts, well below anything that strains the engine's heap.
   */
  singleFileMaxBytes: number;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = {
  fileMaxLines: 3_000,
  fileMaxBytes: 1024 * 1024,
  patchMaxLines: 20_000,
  patchMaxBytes: 5 * 1024 * 1024,
  singleFileMaxBytes: 32 * 1024 * 1024,
};

/**
 * Fixed formatting, whatever the user's or the repository's git config says, so the same work
 * always gives the same diff and the renderer can parse it: real UTF-8 paths, `a/` `b/` prefixes,
 * no colour, no external diff or textconv drivers (which would also run repository-controlled
 * programs), one algorithm and context size. numstat, name-status and the patch all use these
 * flags, so rename pairing and line counts agree between them.
 */
export const DIFF_CONFIG_ARGS: readonly string[] = [
  '-c', 'core.quotepath=false',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.suppressBlankEmpty=false',
  '-c', 'diff.submodule=short',
];

export const DIFF_FORMAT_ARGS: readonly string[] = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--no-relative',
  '--find-renames=50%',
  '-l1000',
  '--diff-algorithm=histogram',
  '--indent-heuristic',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

/** Patch-only flags: `--unified` also turns the patch on, so listings must not carry it. */
export const PATCH_FORMAT_ARGS: readonly string[] = ['--patch', '--unified=3', '--inter-hunk-context=0'];

/** Read-only git calls must not refresh (write) the worktree's real index behind the agent's back. */
export const READ_ONLY_GIT_ENV: Readonly<Record<string, string>> = { GIT_OPTIONAL_LOCKS: '0' };
