import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { OperatorQueue, type EnqueueInput } from './operator-queue.js';

/** A clock whose timers fire only when the test advances time. */
class ManualClock implements Clock {
  private time = 1_700_000_000_000;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.next++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id as unknown as TimerHandle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at <= this.time) {
        this.timers.delete(id);
        timer.fn();
      }
    }
  }
  get pending(): number {
    return this.timers.size;
  }
}

const approval: EnqueueInput = {
  kind: 'approval',
  issue_id: 'i1',
  issue_identifier: 'BAT-1',
  session_id: 'thr-turn',
  method: 'item/commandExecution/requestApproval',
  params: { threadId: 'thr', turnId: 'turn', itemId: 'item', command: 'npm install', reason: 'network' },
  timeoutMs: 1_000,
};

const question: EnqueueInput = {
  ...approval,
  kind: 'input',
  method: 'item/tool/requestUserInput',
  params: { questions: [{ id: 'q1', header: 'Branch', question: 'Which branch?', options: [{ label: 'main', description: 'default' }] }, { id: 'q2', question: 'Notes?', options: null }] },
};

function setup() {
  const clock = new ManualClock();
  let n = 0;
  const queue = new OperatorQueue({ clock, newId: () => `req-${++n}` });
  return { clock, queue };
}

describe('OperatorQueue', () => {
  it('lists a pending approval with its deadline, summary and options, and resolves with the answer', async () => {
    const { queue } = setup();
    const { id, promise } = queue.enqueue(approval);
    expect(queue.list()).toEqual([
      expect.objectContaining({
        id: 'req-1',
        kind: 'approval',
        issue_identifier: 'BAT-1',
        session_id: 'thr-turn',
        created_at: '2023-11-14T22:13:20.000Z',
        expires_at: '2023-11-14T22:13:21.000Z',
        summary: 'Run command: npm install (network)',
        options: ['accept', 'acceptForSession', 'decline', 'cancel'],
        questions: [],
      }),
    ]);
    expect(queue.answer(id, { decision: 'acceptForSession' })).toEqual({ ok: true, value: undefined });
    expect(await promise).toEqual({ ok: true, value: { decision: 'acceptForSession' } });
    expect(queue.list()).toEqual([]);
  });

  it('times out an unanswered approval (approval_timeout) and removes it', async () => {
    const { clock, queue } = setup();
    const { id, promise } = queue.enqueue(approval);
    clock.advance(999);
    expect(queue.list()).toHaveLength(1);
    clock.advance(1);
    expect(await promise).toMatchObject({ ok: false, error: { code: 'approval_timeout' } });
    expect(queue.list()).toEqual([]);
    expect(queue.answer(id, { decision: 'accept' })).toMatchObject({ ok: false, error: { code: 'approval_already_resolved', message: expect.stringContaining('not answered in time') } });
  });

  it('times out an unanswered question as turn_input_required', async () => {
    const { clock, queue } = setup();
    const { promise } = queue.enqueue(question);
    clock.advance(1_000);
    expect(await promise).toMatchObject({ ok: false, error: { code: 'turn_input_required' } });
  });

  it('answers unknown ids with approval_not_found', () => {
    const { queue } = setup();
    expect(queue.answer('nope', { decision: 'accept' })).toMatchObject({ ok: false, error: { code: 'approval_not_found' } });
  });

  it('rejects answers of the wrong shape with invalid_answer and keeps the request', () => {
    const { queue } = setup();
    const a = queue.enqueue(approval);
    expect(queue.answer(a.id, { decision: 'maybe' })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    expect(queue.answer(a.id, { answers: { q1: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    expect(queue.answer(a.id, 'accept')).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    const q = queue.enqueue(question);
    expect(queue.answer(q.id, { decision: 'accept' })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    expect(queue.answer(q.id, { answers: { q1: 'main' } })).toMatchObject({ ok: false, error: { code: 'invalid_answer', message: expect.stringContaining('q2') } });
    expect(queue.answer(q.id, { answers: { q1: 'main', q2: 'x', q3: 'y' } })).toMatchObject({ ok: false, error: { code: 'invalid_answer', message: expect.stringContaining('q3') } });
    expect(queue.answer(q.id, { answers: { q1: [1], q2: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    expect(queue.list()).toHaveLength(2);
  });

  it('accepts answers as a string, a list, or {answers: [...]} and lists the questions', async () => {
    const { queue } = setup();
    const q = queue.enqueue(question);
    expect(queue.get(q.id)!.questions).toEqual([
      { id: 'q1', header: 'Branch', question: 'Which branch?', options: [{ label: 'main', description: 'default' }], is_other: false, is_secret: false },
      { id: 'q2', header: null, question: 'Notes?', options: null, is_other: false, is_secret: false },
    ]);
    expect(queue.answer(q.id, { answers: { q1: { answers: ['main'] }, q2: 'none' } }).ok).toBe(true);
    expect(await q.promise).toEqual({ ok: true, value: { answers: { q1: ['main'], q2: ['none'] } } });
  });

  it('only offers the decisions a request lists in availableDecisions', () => {
    const { queue } = setup();
    const { id } = queue.enqueue({ ...approval, params: { command: 'x', availableDecisions: ['accept', 'decline'] } });
    expect(queue.get(id)!.options).toEqual(['accept', 'decline']);
    expect(queue.answer(id, { decision: 'acceptForSession' })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
  });

  it('cancels the requests of one session only, and notifies listeners of every change', async () => {
    const { queue } = setup();
    let changes = 0;
    const unsubscribe = queue.onChange(() => changes++);
    const a = queue.enqueue(approval);
    const b = queue.enqueue({ ...approval, session_id: 'other' });
    expect(queue.cancelForSession('thr-turn')).toBe(1);
    expect(await a.promise).toMatchObject({ ok: false, error: { code: 'operator_request_cancelled' } });
    expect(queue.list().map((r) => r.id)).toEqual([b.id]);
    expect(changes).toBe(3);
    unsubscribe.dispose();
    queue.answer(b.id, { decision: 'decline' });
    expect(changes).toBe(3);
  });

  it('dispose clears every timer and settles every waiter', async () => {
    const { clock, queue } = setup();
    const a = queue.enqueue(approval);
    queue.enqueue(question);
    expect(clock.pending).toBe(2);
    queue.dispose();
    expect(clock.pending).toBe(0);
    expect(queue.list()).toEqual([]);
    expect(await a.promise).toMatchObject({ ok: false, error: { code: 'operator_request_cancelled' } });
  });
});
