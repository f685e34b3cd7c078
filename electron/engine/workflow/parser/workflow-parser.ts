import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { systemClock, type Clock, type TimerHandle } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import { PARSE_WORKER_SOURCE } from './worker-source.js';

/** The front matter's YAML as the worker read it. */
export type YamlOutcome = { ok: true; value: unknown } | { ok: false; message: string; line: number | null; col: number | null };

/** Why a template did not parse or render: `parse` (syntax, unknown filter) or `render` (unknown variable, limits). */
export interface TemplateFailure {
  phase: 'parse' | 'render';
  message: string;
}

export interface WorkflowParserOptions {
  clock?: Clock;
  /**
   * A request that takes longer ends the worker (and the parse with it) and fails with
   * `workflow_parse_timeout`. The limit on WORKFLOW.md's size keeps real files far below it.
   */
  timeoutMs?: number;
}

/**
 * 30 s: the worst template this machine parses at the 1 MiB file limit takes ~13 s (bench/README.md,
 * "Workflow parsing"); past twice that the worker is stuck, not slow.
 */
const DEFAULT_TIMEOUT_MS = 30_000;
/** Liquid's own render deadline: a template that loops for long fails its render instead of running on. */
const RENDER_LIMIT_MS = 10_000;
/** Parsed templates kept: the current one, and a few older ones for runs that started before an edit. */
const TEMPLATE_CACHE_ENTRIES = 16;

type Reply = { id: number; ok: boolean } & Record<string, unknown>;

interface Pending {
  resolve: (reply: Result<Reply>) => void;
  timer: TimerHandle;
}

/**
 * YAML and Liquid parsing and Liquid rendering, on a worker thread (issue 7 M1): both libraries
 * take seconds on large inputs (a 4 MB template parsed for 9.7 s on the event loop, and a 20 MB
 * WORKFLOW.md kept the API away for minutes and SIGTERM unanswered). The worker starts on first
 * use, holds the process only while a request is open, and is ended and replaced when a request
 * outlives `timeoutMs`.
 */
export class WorkflowParser implements Disposable {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(options: WorkflowParserOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async yaml(text: string): Promise<Result<YamlOutcome>> {
    const reply = await this.request({ op: 'yaml', text });
    if (!reply.ok) return reply;
    const r = reply.value;
    if (r.ok) return ok({ ok: true, value: r.value });
    return ok({ ok: false, message: String(r.message), line: typeof r.line === 'number' ? r.line : null, col: typeof r.col === 'number' ? r.col : null });
  }

  /** Parses a template (and keeps it for later renders); the failure says why it does not parse. */
  async checkTemplate(source: string): Promise<Result<TemplateFailure | null>> {
    const reply = await this.request({ op: 'template', source });
    if (!reply.ok) return reply;
    return ok(reply.value.ok ? null : failureOf(reply.value));
  }

  /** Renders `source` with `vars` (plain data: it is copied to the worker). */
  async render(source: string, vars: Record<string, unknown>): Promise<Result<string | TemplateFailure>> {
    const reply = await this.request({ op: 'render', source, vars });
    if (!reply.ok) return reply;
    return ok(reply.value.ok ? String(reply.value.text) : failureOf(reply.value));
  }

  dispose(): void {
    this.disposed = true;
    this.stop(err('service_unavailable', 'the workflow parser was stopped'));
  }

  private request(message: Record<string, unknown>): Promise<Result<Reply>> {
    if (this.disposed) return Promise.resolve(err('service_unavailable', 'the workflow parser was stopped'));
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (e) {
      return Promise.resolve(err('workflow_parser_failed', `cannot start the workflow parser: ${errorMessage(e)}`));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        const seconds = Math.round(this.timeoutMs / 100) / 10;
        this.stop(err('workflow_parse_timeout', `parsing or rendering the workflow took longer than ${seconds} s and was stopped`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      worker.ref();
      try {
        worker.postMessage({ id, ...message });
      } catch (e) {
        this.settle(id, err('workflow_parser_failed', `cannot send to the workflow parser: ${errorMessage(e)}`));
      }
    });
  }

  private start(): Worker {
    const require = createRequire(import.meta.url);
    const worker = new Worker(PARSE_WORKER_SOURCE, {
      eval: true,
      workerData: {
        liquidPath: unpacked(require.resolve('liquidjs')),
        yamlPath: unpacked(require.resolve('yaml')),
        renderLimitMs: RENDER_LIMIT_MS,
        cacheEntries: TEMPLATE_CACHE_ENTRIES,
      },
    });
    worker.on('message', (reply: Reply) => this.settle(reply.id, ok(reply)));
    worker.on('error', (e) => this.crashed(worker, e));
    worker.on('exit', (code) => this.crashed(worker, new Error(`exited with code ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(id: number, result: Result<Reply>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.clock.clearTimeout(entry.timer);
    // An idle worker must never be what keeps a finished CLI or a stopping engine alive.
    if (this.pending.size === 0) this.worker?.unref();
    entry.resolve(result);
  }

  private crashed(worker: Worker, e: Error): void {
    if (worker !== this.worker) return;
    this.stop(err('workflow_parser_failed', `the workflow parser stopped: ${e.message}`));
  }

  /** Ends the worker and fails whatever waits on it; the next request starts a fresh one. */
  private stop(reason: Result<never>): void {
    const worker = this.worker;
    this.worker = null;
    for (const id of [...this.pending.keys()]) this.settle(id, reason);
    if (worker) void worker.terminate();
  }
}

function failureOf(reply: Reply): TemplateFailure {
  return { phase: reply.phase === 'render' ? 'render' : 'parse', message: String(reply.message) };
}

/**
 * In a packaged app the libraries sit inside app.asar, which a worker thread may not read;
 * electron-builder.yml unpacks them beside it (`app.asar.unpacked`), where plain Node can.
 */
function unpacked(file: string): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  return file.includes(marker) ? file.replace(marker, `${path.sep}app.asar.unpacked${path.sep}`) : file;
}
