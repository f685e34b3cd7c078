import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A `git` put first on the engine's PATH that runs the real git, except for one call: the first one
 * whose arguments contain `match` (e.g. `merge --ff-only`). That call writes its pid to a file and
 * stops itself with SIGSTOP — before the real git runs, or after it ran (`when: 'after'`). The test
 * then knows the engine is exactly at that step, `kill -9`s it there, and decides the git's fate:
 * killed with it (`kill`) or left to finish (`resume`). No sleeps, no timing.
 */
export interface GitStop {
  /** Substring of the space-joined arguments, e.g. `worktree add` or `update-ref refs/baton/snapshots`. */
  match: string;
  when: 'before' | 'after';
}

const SCRIPT = `#!/bin/bash
# Test stand-in for git: see test/faults/git-stopper.ts.
real="$FAULT_GIT_REAL"
if [ -n "$FAULT_GIT_STOP" ] && [[ " $* " == *" $FAULT_GIT_STOP"* ]] && mkdir "$FAULT_GIT_MARK.taken" 2>/dev/null; then
  code=
  if [ "$FAULT_GIT_WHEN" = after ]; then "$real" "$@"; code=$?; fi
  echo $$ > "$FAULT_GIT_MARK.tmp" && mv "$FAULT_GIT_MARK.tmp" "$FAULT_GIT_MARK"
  kill -STOP $$
  if [ -n "$code" ]; then exit "$code"; fi
fi
exec "$real" "$@"
`;

export class GitStopper {
  private constructor(
    private readonly binDir: string,
    private readonly mark: string,
  ) {}

  /** Writes the wrapper under `dir`; nothing stops until `env()` is given a stop. */
  static async create(dir: string): Promise<GitStopper> {
    const binDir = path.join(dir, 'fault-bin');
    await mkdir(binDir, { recursive: true });
    const wrapper = path.join(binDir, 'git');
    await writeFile(wrapper, SCRIPT);
    await chmod(wrapper, 0o755);
    return new GitStopper(binDir, path.join(dir, 'git-stopped.pid'));
  }

  /** Environment for an engine: the wrapper on PATH, stopping at `stop` (or nowhere). */
  env(base: NodeJS.ProcessEnv, stop: GitStop | null): NodeJS.ProcessEnv {
    return {
      ...base,
      PATH: `${this.binDir}:${base.PATH ?? ''}`,
      FAULT_GIT_REAL: realGit(),
      FAULT_GIT_STOP: stop?.match ?? '',
      FAULT_GIT_WHEN: stop?.when ?? 'before',
      FAULT_GIT_MARK: this.mark,
    };
  }

  /** The stopped git's pid, once the engine reached the step (polls the pid file). */
  async stopped(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const text = await readFile(this.mark, 'utf8').catch(() => '');
      if (/^\d+\s*$/.test(text)) return Number(text.trim());
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`git never reached the stop (no ${this.mark})`);
  }

  /** The git was killed with the engine: whatever it was about to do never happened. */
  kill(pid: number): void {
    process.kill(pid, 'SIGKILL');
  }

  /** The git outlived the engine and finishes on its own. */
  resume(pid: number): void {
    process.kill(pid, 'SIGCONT');
  }
}

let cachedGit: string | null = null;

/** The real git's absolute path, looked up once (the wrapper must never call itself). */
export function realGit(): string {
  cachedGit ??= execFileSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  return cachedGit;
}
