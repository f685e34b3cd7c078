// One turn on the wire: item lifecycles (started → deltas → completed), approvals and tool calls
// sent to the client and waited for, token usage, and the closing turn/completed.
import { runCommand } from './shell.mjs';

/** Thrown out of a step when the client interrupted the turn or cancelled an approval. */
export class Interrupted extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Turn {
  /** @param {import('./session.mjs').Session} session */
  constructor(session, id, prompt) {
    this.session = session;
    this.peer = session.peer;
    this.threadId = session.thread.id;
    this.cwd = session.thread.cwd;
    this.id = id;
    this.prompt = prompt;
    this.items = 0;
    this.interrupted = false;
    this.wake = null;
    /** Settles when the turn is interrupted, so a wait for the client's answer can end too. */
    this.interruption = new Promise((resolve) => {
      this.onInterrupt = resolve;
    });
  }

  get paceMs() {
    return this.session.options.paceMs;
  }

  get env() {
    return this.session.options.env;
  }

  snapshot(status, error = null) {
    return { id: this.id, items: [], status, error };
  }

  interrupt() {
    this.interrupted = true;
    this.wake?.();
    this.onInterrupt();
  }

  /** The client's answer to a request, unless the turn is interrupted first (codex clears those). */
  async answerOf(answer) {
    const reply = await Promise.race([answer, this.interruption.then(() => null)]);
    if (reply === null) throw new Interrupted('interrupted while waiting for the client');
    return reply;
  }

  async run(script) {
    let status = 'completed';
    let error = null;
    try {
      await script(this);
    } catch (e) {
      if (e instanceof Interrupted) status = 'interrupted';
      else {
        status = 'failed';
        error = { message: `the scripted demo agent failed: ${e instanceof Error ? e.message : String(e)}`, codexErrorInfo: 'other', additionalDetails: null };
        this.session.options.log(error.message);
      }
    }
    this.peer.notify('turn/completed', { threadId: this.threadId, turn: this.snapshot(status, error) });
  }

  /** A pause at human pace that an interrupt cuts short. */
  async pause(fraction = 1) {
    this.check();
    const ms = Math.round(this.paceMs * fraction);
    if (ms > 0) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    this.check();
  }

  check() {
    if (this.interrupted) throw new Interrupted('interrupted');
  }

  nextItemId() {
    return `item_${this.id}_${++this.items}`;
  }

  started(item) {
    this.peer.notify('item/started', { threadId: this.threadId, turnId: this.id, startedAtMs: Date.now(), item });
  }

  completed(item) {
    this.peer.notify('item/completed', { threadId: this.threadId, turnId: this.id, completedAtMs: Date.now(), item });
  }

  delta(method, itemId, delta, extra = {}) {
    this.peer.notify(method, { threadId: this.threadId, turnId: this.id, itemId, delta, ...extra });
  }

  userMessage() {
    const item = { type: 'userMessage', id: this.nextItemId(), clientId: null, content: [{ type: 'text', text: this.prompt, text_elements: [] }] };
    this.started(item);
    this.completed(item);
  }

  /** Streams text a few words at a time, like a model would. */
  async stream(text, emit) {
    const chunks = text.match(/\S+\s*|\s+/g) ?? [];
    for (let i = 0; i < chunks.length; i += 4) {
      emit(chunks.slice(i, i + 4).join(''));
      await sleep(Math.round(this.paceMs / 10));
    }
  }

  async reasoning(text) {
    await this.pause();
    const id = this.nextItemId();
    this.started({ type: 'reasoning', id, summary: [], content: [] });
    await this.stream(text, (d) => this.delta('item/reasoning/summaryTextDelta', id, d, { summaryIndex: 0 }));
    this.completed({ type: 'reasoning', id, summary: [text], content: [] });
  }

  async message(text) {
    await this.pause();
    const id = this.nextItemId();
    this.started({ type: 'agentMessage', id, text: '', phase: null });
    await this.stream(text, (d) => this.delta('item/agentMessage/delta', id, d));
    this.completed({ type: 'agentMessage', id, text, phase: null });
  }

  plan(steps, done) {
    const plan = steps.map((step, i) => ({ step, status: i < done ? 'completed' : i === done ? 'inProgress' : 'pending' }));
    this.peer.notify('turn/plan/updated', { threadId: this.threadId, turnId: this.id, explanation: null, plan });
  }

  /**
   * Runs a real command (argv, no shell) shown as `display`, streaming its output. Asks the
   * operator first when the approval policy says so; a declined command does not run.
   * @returns {Promise<{ code: number | null, output: string, declined: boolean }>}
   */
  async command(display, argv, options = {}) {
    await this.pause();
    const id = this.nextItemId();
    const cwd = options.cwd ?? this.cwd;
    const base = { type: 'commandExecution', id, command: display, cwd, processId: null, source: 'agent', commandActions: [{ type: 'unknown', command: display }] };
    this.started({ ...base, status: 'inProgress', aggregatedOutput: null, exitCode: null, durationMs: null });
    if (options.approval && !(await this.approve('commandExecution', 'item/commandExecution/requestApproval', { itemId: id, command: display, cwd, reason: options.approval, commandActions: base.commandActions }))) {
      this.completed({ ...base, status: 'declined', aggregatedOutput: null, exitCode: null, durationMs: 0 });
      return { code: null, output: '', declined: true };
    }
    const startedAt = Date.now();
    const result = await runCommand(argv, { cwd, env: options.env ?? this.env, onOutput: (text) => this.delta('item/commandExecution/outputDelta', id, text) });
    this.completed({ ...base, status: result.code === 0 ? 'completed' : 'failed', aggregatedOutput: result.output, exitCode: result.code, durationMs: Date.now() - startedAt });
    return { ...result, declined: false };
  }

  /**
   * Reports file changes (with their diffs) and applies them with `write` unless the operator
   * declines. `changes`: [{ path, kind: 'add' | 'update', diff }].
   */
  async fileChange(changes, write) {
    await this.pause();
    const id = this.nextItemId();
    const wire = changes.map((c) => ({ path: c.path, kind: c.kind === 'add' ? { type: 'add' } : { type: 'update', move_path: null }, diff: c.diff }));
    this.started({ type: 'fileChange', id, changes: wire, status: 'inProgress' });
    if (this.needsApproval() && !(await this.approve('fileChange', 'item/fileChange/requestApproval', { itemId: id, reason: `edit ${changes.map((c) => c.path).join(', ')}`, grantRoot: null }))) {
      this.completed({ type: 'fileChange', id, changes: wire, status: 'declined' });
      return false;
    }
    await write();
    for (const c of changes) {
      this.delta('item/fileChange/outputDelta', id, c.diff.endsWith('\n') ? c.diff : `${c.diff}\n`);
      await sleep(Math.round(this.paceMs / 10));
    }
    this.completed({ type: 'fileChange', id, changes: wire, status: 'completed' });
    return true;
  }

  needsApproval() {
    return this.session.thread.approvalPolicy !== 'never';
  }

  /** True when accepted; a `cancel` ends the turn as interrupted. */
  async approve(kind, method, params) {
    if (!this.needsApproval() || this.session.sessionApprovals.has(kind)) return true;
    const { id, answer } = this.peer.request(method, { threadId: this.threadId, turnId: this.id, startedAtMs: Date.now(), ...params });
    const reply = await this.answerOf(answer);
    this.peer.notify('serverRequest/resolved', { threadId: this.threadId, requestId: id });
    const decision = reply.result?.decision;
    if (decision === 'acceptForSession') this.session.sessionApprovals.add(kind);
    if (decision === 'cancel' || decision === 'abort') {
      this.interrupted = true;
      throw new Interrupted('cancelled by the operator');
    }
    return decision === 'accept' || decision === 'acceptForSession' || (decision !== null && typeof decision === 'object' && 'acceptWithExecpolicyAmendment' in decision);
  }

  hasTool(name) {
    return this.session.thread.tools.has(name);
  }

  /** Calls a client-side dynamic tool; resolves with `{ success, text }`. */
  async tool(tool, args) {
    await this.pause(0.5);
    const id = this.nextItemId();
    const base = { type: 'dynamicToolCall', id, namespace: null, tool, arguments: args };
    this.started({ ...base, status: 'inProgress', contentItems: null, success: null, durationMs: null });
    const startedAt = Date.now();
    const { id: requestId, answer } = this.peer.request('item/tool/call', { threadId: this.threadId, turnId: this.id, callId: id, namespace: null, tool, arguments: args });
    const reply = await this.answerOf(answer);
    this.peer.notify('serverRequest/resolved', { threadId: this.threadId, requestId });
    const contentItems = Array.isArray(reply.result?.contentItems) ? reply.result.contentItems : [];
    const success = reply.result?.success === true;
    const text = reply.error ? String(reply.error.message ?? 'tool call failed') : contentItems.map((c) => c?.text ?? '').join('');
    this.completed({ ...base, status: success ? 'completed' : 'failed', contentItems, success, durationMs: Date.now() - startedAt });
    this.check();
    return { success, text };
  }

  /** Invented token counts (there is no model), growing with what the turn read and wrote. */
  usage(readChars, wroteChars) {
    const last = { inputTokens: Math.ceil(readChars / 4) + 900, cachedInputTokens: 600, outputTokens: Math.ceil(wroteChars / 4) + 120, reasoningOutputTokens: 40 };
    last.totalTokens = last.inputTokens + last.outputTokens;
    const total = this.session.tokens;
    for (const key of Object.keys(last)) total[key] += last[key];
    this.peer.notify('thread/tokenUsage/updated', { threadId: this.threadId, turnId: this.id, tokenUsage: { total: { ...total }, last, modelContextWindow: null } });
    this.peer.notify('account/rateLimits/updated', {
      rateLimits: {
        limitId: 'scripted-demo', limitName: 'scripted demo agent (no real limit)',
        primary: { usedPercent: Math.min(99, Math.round(total.totalTokens / 1000)), windowDurationMins: 300, resetsAt: null },
        secondary: null, credits: null, planType: 'unknown', rateLimitReachedType: null,
      },
    });
  }
}
