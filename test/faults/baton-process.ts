import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateSnapshot } from '../../shared/api/schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BATON_BIN = path.join(ROOT, 'bin', 'baton.js');
const BANNER = /Baton listening on (http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]{43})/;

/** A start on a loaded 2-core machine (node, SQLite, a first poll) can take several seconds. */
const START_TIMEOUT_MS = 30_000;

export interface StartOptions {
  workflowPath: string;
  env: NodeJS.ProcessEnv;
  /**
   * `ulimit -S -f` for the engine (in 1024-byte blocks): a write that would grow any file past it
   * fails with EFBIG, the way a full disk fails writes, without a root-only mount. Its children
   * inherit it. A soft limit, so that `liftFileSizeLimit()` can take it away again (space freed).
   */
  fileSizeLimitKb?: number;
}

export interface ApiAnswer<T> {
  status: number;
  json: T;
}

/**
 * `baton serve` as a real, separate process — the only way to `kill -9` an engine — with the API
 * reached over HTTP like the UI reaches it.
 */
export class BatonProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly token: string,
    private readonly output: { stdout: string; stderr: string },
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  ) {}

  static async start(options: StartOptions): Promise<BatonProcess> {
    const args = [BATON_BIN, 'serve', options.workflowPath, '--port', '0'];
    // `exec` keeps one process: the pid the test kills is the engine itself, not a shell above it.
    const child =
      options.fileSizeLimitKb === undefined
        ? spawn(process.execPath, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn('bash', ['-c', `ulimit -S -f ${options.fileSizeLimitKb} && exec "$@"`, 'baton', process.execPath, ...args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout!.on('data', (d: Buffer) => (output.stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output.stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const banner = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`baton serve printed no banner in ${START_TIMEOUT_MS} ms; stderr: ${output.stderr.slice(-2000)}`)), START_TIMEOUT_MS);
      const onData = () => {
        const match = BANNER.exec(output.stdout);
        if (match) done(null, match);
      };
      const onExit = () => done(new Error(`baton serve exited before listening; stderr: ${output.stderr.slice(-2000)}`));
      const done = (e: Error | null, match?: RegExpExecArray) => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        if (e) {
          child.kill('SIGKILL');
          reject(e);
        } else resolve(match!);
      };
      child.stdout!.on('data', onData);
      child.once('exit', onExit);
    });
    return new BatonProcess(child, banner[1]!, banner[2]!, output, exited);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stderr(): string {
    return this.output.stderr;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Disk space is back: lifts the engine's file size limit (Linux's prlimit; false where there is none). */
  async liftFileSizeLimit(): Promise<boolean> {
    return new Promise((resolve) => {
      execFile('prlimit', ['--pid', String(this.pid), '--fsize=unlimited:'], (error) => resolve(error === null));
    });
  }

  /** The fault: SIGKILL to the engine alone, as a crash or the OOM killer does; its children stay. */
  async kill9(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A clean stop (SIGTERM), as the desktop app or Ctrl-C asks for one. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill('SIGTERM');
    return this.exited;
  }

  async api<T = unknown>(method: string, route: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as T };
  }

  /** GET that must answer 200: the API answering throughout is part of every scenario. */
  async get<T>(route: string): Promise<T> {
    const answer = await this.api<T>('GET', route);
    if (answer.status !== 200) throw new Error(`GET ${route} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return answer.json;
  }

  state(): Promise<StateSnapshot> {
    return this.get<StateSnapshot>('/api/v1/state');
  }

  async ticket(identifier: string): Promise<Issue> {
    return this.get<Issue>(`/api/v1/tickets/${identifier}`);
  }

  async createTicket(title: string): Promise<Issue> {
    const created = await this.api<Issue>('POST', '/api/v1/tickets', { title });
    if (created.status !== 201) throw new Error(`ticket not created: ${created.status} ${JSON.stringify(created.json)}`);
    return created.json;
  }

  async moveTicket(identifier: string, state: string): Promise<Issue> {
    const moved = await this.api<Issue>('PATCH', `/api/v1/tickets/${identifier}`, { state });
    if (moved.status !== 200) throw new Error(`${identifier} not moved to ${state}: ${moved.status} ${JSON.stringify(moved.json)}`);
    return moved.json;
  }

  /** Every trace event of a ticket, oldest first. */
  async events(identifier: string): Promise<TraceEvent[]> {
    const all: TraceEvent[] = [];
    for (let after = 0; ; ) {
      const page = await this.get<{ events: TraceEvent[]; next_after: number }>(`/api/v1/tickets/${identifier}/events?after=${after}&limit=1000`);
      all.push(...page.events);
      if (page.events.length < 1000) return all;
      after = page.next_after;
    }
  }

  async runs(identifier: string): Promise<RunRow[]> {
    return (await this.get<{ runs: RunRow[] }>(`/api/v1/tickets/${identifier}/runs`)).runs;
  }
}

export interface RunRow {
  run_id: string;
  attempt: number | null;
  status: string;
  error: string | null;
  workspace_path: string | null;
  ended_at: string | null;
}
