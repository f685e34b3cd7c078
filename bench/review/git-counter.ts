import { execGit, type GitExec } from '../../electron/engine/lib/git/git-exec.js';
import { streamGit, type GitStream } from '../../electron/engine/lib/git/git-stream.js';
import { GitClient } from '../../electron/engine/lib/git/simple-git-client.js';
import { fixed } from '../lib/table.js';

interface Tally {
  calls: number;
  ms: number;
}

/** The git subcommand of an argument list, past `-c key=value` pairs and other global flags. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c' || a === '-C') i++;
    else if (!a.startsWith('-')) return a;
  }
  return '?';
}

/**
 * The engine's own git runners, counted: how many git processes one request starts and how long
 * they run (summed, so concurrent calls can add up to more than the request's wall time). It
 * explains where a request's time goes without changing what runs.
 */
export class GitCounter {
  private readonly tallies = new Map<string, Tally>();

  readonly exec: GitExec = (args, options) => this.timed(args, () => execGit(args, options));
  readonly stream: GitStream = (args, options) => this.timed(args, () => streamGit(args, options));
  /** simple-git's calls (status, branch deletion), through its `observe` hook. */
  readonly client = new GitClient({ observe: (command, ms) => this.add(command, ms) });

  reset(): void {
    this.tallies.clear();
  }

  /** `calls=<n> git_ms=<sum> by=<cmd>:<n>/<ms>,…`, each divided by `per` (the runs measured). */
  describe(per: number): string {
    const all = [...this.tallies.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const calls = all.reduce((n, [, t]) => n + t.calls, 0) / per;
    const ms = all.reduce((n, [, t]) => n + t.ms, 0) / per;
    const by = all.map(([cmd, t]) => `${cmd}:${fixed(t.calls / per, 0)}/${fixed(t.ms / per, 0)}`).join(',');
    return `git_calls=${fixed(calls, 0)} git_ms=${fixed(ms, 0)} git_by_cmd=${by}`;
  }

  private async timed<T>(args: readonly string[], run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.add(subcommand(args), performance.now() - started);
    }
  }

  private add(cmd: string, ms: number): void {
    const t = this.tallies.get(cmd) ?? { calls: 0, ms: 0 };
    t.calls++;
    t.ms += ms;
    this.tallies.set(cmd, t);
  }
}
