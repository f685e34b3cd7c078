import type { HunkData, HunkTokens } from 'react-diff-view';
import { tokensFor } from './highlight.js';

export interface TokenizeRequest {
  id: number;
  hunks: HunkData[];
  language: string | null;
}

export interface TokenizeReply {
  id: number;
  tokens: HunkTokens | null;
}

/** The part of a Worker the tokenizer uses (a fake in tests). */
export interface TokenizeWorker {
  postMessage(message: TokenizeRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<TokenizeReply>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface TokenizeJob {
  promise: Promise<HunkTokens | null>;
  /** The caller no longer needs the result: it is dropped from the queue if not started. */
  cancel(): void;
}

interface Pending extends TokenizeRequest {
  resolve(tokens: HunkTokens | null): void;
}

/**
 * Hands tokenizing to a worker, one request at a time so requests for files that scrolled away
 * can be dropped before they cost anything. Without a worker (none supported, or it failed to
 * start) it tokenizes on the main thread, after the plain rows have rendered.
 */
export class Tokenizer {
  private worker: TokenizeWorker | null = null;
  private broken: boolean;
  private queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private nextId = 1;

  constructor(private readonly spawn: (() => TokenizeWorker) | null) {
    this.broken = spawn === null;
  }

  request(hunks: HunkData[], language: string | null): TokenizeJob {
    let resolve!: (tokens: HunkTokens | null) => void;
    const promise = new Promise<HunkTokens | null>((r) => {
      resolve = r;
    });
    const job: Pending = { id: this.nextId++, hunks, language, resolve };
    this.queue.push(job);
    this.pump();
    return {
      promise,
      cancel: () => {
        const index = this.queue.indexOf(job);
        if (index >= 0) {
          this.queue.splice(index, 1);
          job.resolve(null);
        }
      },
    };
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const job of [...this.queue, ...(this.inFlight ? [this.inFlight] : [])]) job.resolve(null);
    this.queue = [];
    this.inFlight = null;
  }

  private pump(): void {
    if (this.inFlight !== null) return;
    const job = this.queue.shift();
    if (job === undefined) return;
    const worker = this.broken ? null : this.ensureWorker();
    this.inFlight = job;
    if (worker !== null) {
      worker.postMessage({ id: job.id, hunks: job.hunks, language: job.language });
      return;
    }
    // A macrotask, so the plain rows paint before the main thread spends time on highlighting.
    setTimeout(() => this.finish(job.id, tokensFor(job.hunks, job.language)), 0);
  }

  private finish(id: number, tokens: HunkTokens | null): void {
    if (this.inFlight?.id !== id) return;
    this.inFlight.resolve(tokens);
    this.inFlight = null;
    this.pump();
  }

  private ensureWorker(): TokenizeWorker | null {
    if (this.worker !== null || this.spawn === null) return this.worker;
    try {
      const worker = this.spawn();
      worker.addEventListener('message', (event) => this.finish(event.data.id, event.data.tokens));
      worker.addEventListener('error', () => this.fail(worker));
      this.worker = worker;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  /** The worker died or never loaded: retry the request in flight on the main thread. */
  private fail(worker: TokenizeWorker): void {
    if (this.worker !== worker) return;
    worker.terminate();
    this.worker = null;
    this.broken = true;
    const job = this.inFlight;
    this.inFlight = null;
    if (job !== null) this.queue.unshift(job);
    this.pump();
  }
}

/** A tokenizer backed by a module worker where the browser has them. */
export function createTokenizer(): Tokenizer {
  if (typeof Worker === 'undefined') return new Tokenizer(null);
  return new Tokenizer(() => new Worker(new URL('./tokenize-worker.ts', import.meta.url), { type: 'module' }) as TokenizeWorker);
}
