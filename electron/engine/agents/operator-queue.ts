import { randomUUID } from 'node:crypto';
import type { Approval, ApprovalAnswerBody } from '../../../shared/api/schemas.js';
import { isoTime, systemClock, type Clock, type TimerHandle } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import { Emitter, type EventSubscription } from '../lib/emitter.js';
import { err, ok, type Result } from '../lib/result.js';
import { boundedJson } from '../lib/bounded.js';
import { asRecord } from '../lib/json-shapes.js';
import {
  describeApproval,
  describeInput,
  type ApprovalDecision,
} from './operator-request-summary.js';

/**
 * Agent requests that wait for a person: approvals under any policy but `never`, and every
 * user-input question. Each entry has a deadline; an unanswered one resolves with an error
 * (`approval_timeout` or `turn_input_required`) so a run never stalls on an absent operator
 * (SPEC §10.5). Error codes of `answer()`: `approval_not_found`, `invalid_answer`.
 */
export type OperatorRequestKind = OperatorRequest['kind'];

/** A person's answer, as the API takes it. */
export type OperatorAnswer = ApprovalAnswerBody;

export interface EnqueueInput {
  kind: OperatorRequestKind;
  issue_id: string;
  issue_identifier: string;
  session_id: string | null;
  /** Protocol method of the request (e.g. `item/commandExecution/requestApproval`). */
  method: string;
  params: unknown;
  timeoutMs: number;
}

/** A waiting request, served by the API as it is (one type, from the API's schema). */
export type OperatorRequest = Approval;

interface Entry {
  request: OperatorRequest;
  timer: TimerHandle;
  resolve(result: Result<OperatorAnswer>): void;
}

/**
 * How many settled request ids are remembered, so a second answer (a double click, two operators)
 * is told "already answered" rather than "not found". Ids are small; a few thousand cost nothing.
 */
const RESOLVED_MEMORY = 2_000;

export class OperatorQueue implements Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly resolved = new Map<string, string>();
  private readonly changes = new Emitter();
  private readonly clock: Clock;
  private readonly newId: () => string;

  constructor(deps: { clock?: Clock; newId?: () => string } = {}) {
    this.clock = deps.clock ?? systemClock;
    this.newId = deps.newId ?? randomUUID;
  }

  enqueue(input: EnqueueInput): { id: string; promise: Promise<Result<OperatorAnswer>> } {
    const id = this.newId();
    const now = this.clock.now();
    const description = input.kind === 'approval' ? describeApproval(input.method, input.params) : describeInput(input.method, input.params);
    const request: OperatorRequest = {
      id,
      kind: input.kind,
      issue_id: input.issue_id,
      issue_identifier: input.issue_identifier,
      session_id: input.session_id,
      method: input.method,
      created_at: isoTime(now),
      expires_at: isoTime(now + input.timeoutMs),
      ...description,
      params: boundedJson(input.params),
    };
    const promise = new Promise<Result<OperatorAnswer>>((resolve) => {
      const timer = this.clock.setTimeout(() => {
        const code = input.kind === 'approval' ? 'approval_timeout' : 'turn_input_required';
        this.settle(id, err(code, `no operator answer within ${input.timeoutMs} ms: ${request.summary}`, { request_id: id, method: input.method }));
      }, input.timeoutMs);
      this.entries.set(id, { request, timer, resolve });
    });
    this.changed();
    return { id, promise };
  }

  list(): OperatorRequest[] {
    return [...this.entries.values()].map((e) => e.request);
  }

  get(id: string): OperatorRequest | null {
    return this.entries.get(id)?.request ?? null;
  }

  answer(id: string, raw: unknown): Result<void> {
    const entry = this.entries.get(id);
    if (!entry) {
      const how = this.resolved.get(id);
      if (how) return err('approval_already_resolved', `agent request ${id} is no longer pending: it was ${how}`);
      return err('approval_not_found', `no agent request with id ${id}`);
    }
    const parsed = validateAnswer(entry.request, raw);
    if (!parsed.ok) return parsed;
    this.settle(id, parsed);
    return ok(undefined);
  }

  /** Withdraws one request (the server cleared it); its waiter gets `operator_request_cancelled`. */
  cancel(id: string, reason: string): boolean {
    return this.settle(id, err('operator_request_cancelled', reason, { request_id: id }));
  }

  /** Withdraws every request of a session, when its run stops. Returns how many were pending. */
  cancelForSession(sessionId: string): number {
    const ids = [...this.entries.values()].filter((e) => e.request.session_id === sessionId).map((e) => e.request.id);
    for (const id of ids) this.cancel(id, `session ${sessionId} stopped`);
    return ids.length;
  }

  onChange(listener: () => void): EventSubscription {
    return this.changes.on(listener);
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.cancel(id, 'the operator queue was disposed');
    this.changes.dispose();
  }

  private settle(id: string, result: Result<OperatorAnswer>): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    this.remember(id, result);
    this.clock.clearTimeout(entry.timer);
    entry.resolve(result);
    this.changed();
    return true;
  }

  private remember(id: string, result: Result<OperatorAnswer>): void {
    const how = result.ok ? 'answered' : result.error.code === 'operator_request_cancelled' ? 'cancelled' : 'not answered in time';
    this.resolved.set(id, how);
    if (this.resolved.size > RESOLVED_MEMORY) this.resolved.delete(this.resolved.keys().next().value as string);
  }

  private changed(): void {
    this.changes.emit();
  }
}

/** Approvals take `{decision}` from the offered options; input takes `{answers: {<questionId>: …}}`. */
function validateAnswer(request: OperatorRequest, raw: unknown): Result<OperatorAnswer> {
  const body = asRecord(raw);
  if (request.kind === 'approval') {
    const decision = body?.decision;
    if (typeof decision !== 'string' || !(request.options as string[]).includes(decision)) {
      return err('invalid_answer', `an approval takes {"decision": one of ${request.options.join(', ')}}`);
    }
    return ok({ decision: decision as ApprovalDecision });
  }
  const rawAnswers = asRecord(body?.answers);
  if (!rawAnswers) return err('invalid_answer', 'a question takes {"answers": {"<questionId>": ["<answer>"]}}');
  const answers: Record<string, string[]> = {};
  for (const [qid, value] of Object.entries(rawAnswers)) {
    const list = answerList(value);
    if (!list) return err('invalid_answer', `the answer to ${qid} must be a string, a list of strings or {"answers": [...]}`);
    answers[qid] = list;
  }
  const known = new Set(request.questions.map((q) => q.id));
  const unknown = Object.keys(answers).filter((qid) => !known.has(qid));
  if (known.size > 0 && unknown.length > 0) return err('invalid_answer', `unknown question id(s): ${unknown.join(', ')}`);
  const missing = [...known].filter((qid) => !answers[qid] || answers[qid].length === 0);
  if (missing.length > 0) return err('invalid_answer', `no answer for question(s): ${missing.join(', ')}`);
  return ok({ answers });
}

function answerList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  const list = Array.isArray(value) ? value : asRecord(value)?.answers;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) return null;
  return list as string[];
}
