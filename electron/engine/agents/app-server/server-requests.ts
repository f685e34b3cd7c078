import { errorMessage, type BatonError, type Result } from '../../lib/result.js';
import type { DynamicToolHost, DynamicToolResult } from '../dynamic-tools.js';
import type { OperatorAnswer, OperatorQueue, OperatorRequestKind } from '../operator-queue.js';
import { describeApproval } from '../operator-request-summary.js';
import { boundedJson, EVENT_OUTPUT_MAX_CHARS, truncateHead } from '../../lib/bounded.js';
import { draft, type AgentEventDraft } from './event-draft.js';
import { asRecord, str } from '../../lib/json-shapes.js';
import { APPROVAL_METHODS, AUTO_APPROVAL, approvalResult, INPUT_METHODS, inputRefusal, inputResult, wireDecision } from './request-replies.js';
import { RPC_METHOD_NOT_FOUND, type RpcId, type RpcReply } from './rpc-connection.js';
import type { TranscriptRenderer } from './transcript.js';

/** How many fileChange items are remembered for approvals: a turn asks about its latest few. */
const REMEMBERED_FILE_CHANGE_ITEMS = 64;

export interface ServerRequestDeps {
  /** `codex.approval_policy`: only the string `never` auto-approves. */
  approvalPolicy: unknown;
  approvalTimeoutMs: number;
  queue: OperatorQueue;
  tools: DynamicToolHost | null;
  issue: { id: string; identifier: string };
  /** Session id for a request, from its `turnId` when the turn/start response has not come yet. */
  sessionIdFor(params: unknown): string | null;
  emit(event: AgentEventDraft): void;
  transcript: TranscriptRenderer | null;
  /** A queued request went unanswered: the current turn fails with this error. */
  onOperatorTimeout(error: BatonError): void;
}

/**
 * Answers the app-server's requests to the client: approvals (auto under `never`, otherwise from the
 * operator queue), user input (always the operator queue), dynamic tool calls, and a -32601 error
 * for anything unknown so the turn goes on.
 */
export class ServerRequestRouter {
  /** Server request id → operator queue id, for requests waiting on a person. */
  private readonly waiting = new Map<string, string>();
  /** fileChange item id → its changes, so an approval of that item can show which files. */
  private readonly fileChanges = new Map<string, unknown[]>();

  constructor(private readonly deps: ServerRequestDeps) {}

  /** Remembers a fileChange item's changes (from item/started); the latest few are enough. */
  noteFileChangeItem(itemId: string, changes: unknown[]): void {
    this.fileChanges.set(itemId, changes);
    if (this.fileChanges.size > REMEMBERED_FILE_CHANGE_ITEMS) this.fileChanges.delete(this.fileChanges.keys().next().value as string);
  }

  handle(method: string, params: unknown, id: RpcId): Promise<RpcReply> {
    if (APPROVAL_METHODS.has(method)) return this.approval(method, params, id);
    if (INPUT_METHODS.has(method)) return this.input(method, params, id);
    if (method === 'item/tool/call') return this.toolCall(params);
    this.deps.emit(draft('notification', 'unsupported_request', `unsupported server request ${method}`, { method, params: boundedJson(params) }));
    return Promise.resolve({ error: { code: RPC_METHOD_NOT_FOUND, message: `Method not found: ${method}` } });
  }

  /** `serverRequest/resolved`: the server no longer waits (turn ended or interrupted), so neither does the operator. */
  onResolved(requestId: unknown): void {
    const queueId = this.waiting.get(String(requestId));
    if (queueId) this.deps.queue.cancel(queueId, 'the agent withdrew the request');
  }

  cancelAll(reason: string): void {
    for (const queueId of this.waiting.values()) this.deps.queue.cancel(queueId, reason);
  }

  private async approval(method: string, rawParams: unknown, id: RpcId): Promise<RpcReply> {
    const params = this.withFileChanges(method, rawParams);
    const { summary } = describeApproval(method, params);
    if (this.deps.approvalPolicy === 'never') {
      const decision = wireDecision(method, AUTO_APPROVAL);
      this.deps.emit(draft('approval', 'approval_auto_approved', `auto-approved: ${summary}`, { method, decision, params: boundedJson(params) }));
      this.deps.transcript?.approval(`auto-approved (${decision}): ${summary}`);
      return { result: approvalResult(method, params, AUTO_APPROVAL) };
    }
    const answer = await this.queued('approval', method, params, id, summary);
    const decision = answer.ok && 'decision' in answer.value ? answer.value.decision : 'cancel';
    if (answer.ok) {
      this.deps.emit(draft('approval', 'approval_answered', `${wireDecision(method, decision)}: ${summary}`, { method, decision: wireDecision(method, decision) }));
      this.deps.transcript?.approval(`operator answered ${wireDecision(method, decision)}: ${summary}`);
    }
    return { result: approvalResult(method, params, decision) };
  }

  private withFileChanges(method: string, params: unknown): unknown {
    const p = asRecord(params);
    if (method !== 'item/fileChange/requestApproval' || !p || Array.isArray(p.changes)) return params;
    const changes = this.fileChanges.get(String(p.itemId));
    return changes ? { ...p, changes } : params;
  }

  private async input(method: string, params: unknown, id: RpcId): Promise<RpcReply> {
    const answer = await this.queued('input', method, params, id, method);
    if (!answer.ok || !('answers' in answer.value)) return inputRefusal(method, answer.ok ? 'no answers' : answer.error.message);
    this.deps.emit(draft('input_required', 'input_answered', 'operator answered the agent', { method, answers: answer.value.answers }));
    this.deps.transcript?.approval('operator answered the question');
    return { result: inputResult(method, answer.value.answers) };
  }

  private async queued(kind: OperatorRequestKind, method: string, params: unknown, id: RpcId, summary: string): Promise<Result<OperatorAnswer>> {
    const { id: queueId, promise } = this.deps.queue.enqueue({
      kind,
      issue_id: this.deps.issue.id,
      issue_identifier: this.deps.issue.identifier,
      session_id: this.deps.sessionIdFor(params),
      method,
      params,
      timeoutMs: this.deps.approvalTimeoutMs,
    });
    const request = this.deps.queue.get(queueId);
    const text = request?.summary ?? summary;
    const [traceKind, event] = kind === 'approval' ? (['approval', 'approval_requested'] as const) : (['input_required', 'input_requested'] as const);
    this.deps.emit(draft(traceKind, event, `waiting for operator: ${text}`, { method, request_id: queueId, questions: request?.questions ?? [] }));
    this.deps.transcript?.waiting(text);
    this.waiting.set(String(id), queueId);
    const result = await promise;
    this.waiting.delete(String(id));
    if (!result.ok && result.error.code !== 'operator_request_cancelled') {
      this.deps.emit(draft(traceKind, result.error.code, result.error.message, { method, request_id: queueId }));
      this.deps.transcript?.error(result.error.message);
      this.deps.onOperatorTimeout(result.error);
    }
    return result;
  }

  private async toolCall(params: unknown): Promise<RpcReply> {
    const p = asRecord(params) ?? {};
    const tool = str(p.tool) ?? str(p.name) ?? '';
    const args = asRecord(p.arguments) ?? {};
    const supported = this.deps.tools?.specs().map((s) => s.name) ?? [];
    let result: DynamicToolResult;
    let event: string;
    if (!supported.includes(tool)) {
      event = 'unsupported_tool_call';
      result = { success: false, text: JSON.stringify({ error: { message: `Unsupported dynamic tool: ${JSON.stringify(tool)}.`, supportedTools: supported } }) };
    } else {
      try {
        result = await this.deps.tools!.call(tool, args);
      } catch (e) {
        result = { success: false, text: JSON.stringify({ error: { message: errorMessage(e) } }) };
      }
      event = result.success ? 'tool_call_completed' : 'tool_call_failed';
    }
    const output = truncateHead(result.text, EVENT_OUTPUT_MAX_CHARS);
    this.deps.emit(
      draft('tool_call', event, `${tool || '(unnamed tool)'} ${result.success ? 'succeeded' : 'failed'}`, {
        tool,
        call_id: str(p.callId),
        arguments: boundedJson(args),
        success: result.success,
        output: output.text,
        output_truncated: output.truncated,
      }),
    );
    this.deps.transcript?.toolResult(tool, result.success, result.text);
    return { result: { success: result.success, contentItems: [{ type: 'inputText', text: result.text }] } };
  }
}
