import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePatch } from './diff-model.js';
import { SAMPLE_PATCH } from './diff-fixtures.test-util.js';
import { tokensFor } from './highlight.js';
import { Tokenizer, type TokenizeReply, type TokenizeRequest, type TokenizeWorker } from './tokenizer.js';

const hunks = (path: string) => parsePatch(SAMPLE_PATCH).files.get(path)!.hunks;

/** A stand-in for the module worker: answers (or fails) when the test says so. */
class FakeWorker implements TokenizeWorker {
  readonly received: TokenizeRequest[] = [];
  terminated = false;
  private onMessage: ((event: MessageEvent<TokenizeReply>) => void) | null = null;
  private onError: ((event: Event) => void) | null = null;
  postMessage(message: TokenizeRequest) {
    this.received.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: (event: MessageEvent<TokenizeReply> & Event) => void) {
    if (type === 'message') this.onMessage = listener;
    else this.onError = listener as (event: Event) => void;
  }
  terminate() {
    this.terminated = true;
  }
  answer() {
    const request = this.received.shift()!;
    this.onMessage!({ data: { id: request.id, tokens: tokensFor(request.hunks, request.language) } } as MessageEvent<TokenizeReply>);
  }
  crash() {
    this.onError!(new Event('error'));
  }
}

afterEach(() => vi.useRealTimers());

describe('Tokenizer', () => {
  it('sends one request at a time and drops cancelled ones before they start', async () => {
    const worker = new FakeWorker();
    const tokenizer = new Tokenizer(() => worker);
    const a = tokenizer.request(hunks('src/lib/math.ts'), 'typescript');
    const b = tokenizer.request(hunks('new.py'), 'python');
    const c = tokenizer.request(hunks('old.txt'), null);
    expect(worker.received.map((r) => r.language)).toEqual(['typescript']);
    b.cancel();
    expect(await b.promise).toBeNull();
    worker.answer();
    expect(JSON.stringify(await a.promise)).toContain('keyword');
    expect(worker.received.map((r) => r.language)).toEqual([null]);
    worker.answer();
    expect(JSON.stringify(await c.promise)).toContain('"value":"one"');
  });

  it('falls back to the main thread when the worker fails, retrying the request in flight', async () => {
    const worker = new FakeWorker();
    const spawn = vi.fn(() => worker);
    const tokenizer = new Tokenizer(spawn);
    const a = tokenizer.request(hunks('src/lib/math.ts'), 'typescript');
    worker.crash();
    expect(worker.terminated).toBe(true);
    expect(JSON.stringify(await a.promise)).toContain('keyword');
    expect(JSON.stringify(await tokenizer.request(hunks('new.py'), 'python').promise)).toContain('"string"');
    expect(spawn).toHaveBeenCalledTimes(1);
  });

  it('without a worker tokenizes after the current task, and a spawn that throws counts as none', async () => {
    vi.useFakeTimers();
    const tokenizer = new Tokenizer(() => {
      throw new Error('workers are disabled');
    });
    let done = false;
    const job = tokenizer.request(hunks('new.py'), 'python');
    void job.promise.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.runAllTimersAsync();
    expect(JSON.stringify(await job.promise)).toContain('"string"');
  });

  it('dispose terminates the worker and settles what was pending', async () => {
    const worker = new FakeWorker();
    const tokenizer = new Tokenizer(() => worker);
    const a = tokenizer.request(hunks('new.py'), 'python');
    const b = tokenizer.request(hunks('old.txt'), null);
    tokenizer.dispose();
    expect(worker.terminated).toBe(true);
    expect(await a.promise).toBeNull();
    expect(await b.promise).toBeNull();
  });
});
