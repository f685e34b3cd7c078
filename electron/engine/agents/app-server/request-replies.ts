import type { ApprovalDecision } from '../operator-request-summary.js';
import { asRecord } from '../../lib/json-shapes.js';
import type { RpcReply } from './rpc-connection.js';

/**
 * The result bodies Baton writes back for server requests that need a decision
 * (agent-protocols.md §3–§4). One decision vocabulary (accept, acceptForSession, decline, cancel)
 * is mapped to each method's wire form.
 */
export const APPROVAL_METHODS: ReadonlySet<string> = new Set([
  'item/commandExecution/requestApproval',
  'item/fileChange/requestApproval',
  'item/permissions/requestApproval',
  'execCommandApproval',
  'applyPatchApproval',
]);

export const INPUT_METHODS: ReadonlySet<string> = new Set(['item/tool/requestUserInput', 'mcpServer/elicitation/request']);

/** v1 `ReviewDecision` names used by `execCommandApproval` / `applyPatchApproval`. */
const LEGACY_DECISIONS: Record<ApprovalDecision, string> = {
  accept: 'approved',
  acceptForSession: 'approved_for_session',
  decline: 'denied',
  cancel: 'abort',
};

/** What `approval_policy: never` answers: approve for the whole session. */
export const AUTO_APPROVAL: ApprovalDecision = 'acceptForSession';

export function approvalResult(method: string, params: unknown, decision: ApprovalDecision): unknown {
  if (method === 'execCommandApproval' || method === 'applyPatchApproval') return { decision: LEGACY_DECISIONS[decision] };
  if (method === 'item/permissions/requestApproval') {
    // Anything left out of `permissions` is denied, so a refusal is simply an empty grant.
    if (decision === 'decline' || decision === 'cancel') return { permissions: {} };
    return { permissions: asRecord(asRecord(params)?.permissions) ?? {}, scope: decision === 'acceptForSession' ? 'session' : 'turn' };
  }
  return { decision };
}

/** The wire form of the decision, for events and the transcript. */
export function wireDecision(method: string, decision: ApprovalDecision): string {
  return method === 'execCommandApproval' || method === 'applyPatchApproval' ? LEGACY_DECISIONS[decision] : decision;
}

export function inputResult(method: string, answers: Record<string, string[]>): unknown {
  if (method === 'mcpServer/elicitation/request') {
    const content = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    return { action: 'accept', content: Object.keys(content).length > 0 ? content : null };
  }
  return { answers: Object.fromEntries(Object.entries(answers).map(([qid, list]) => [qid, { answers: list }])) };
}

/** Reply when nobody answered: an elicitation can be cancelled; a user-input request can only fail. */
export function inputRefusal(method: string, message: string): RpcReply {
  if (method === 'mcpServer/elicitation/request') return { result: { action: 'cancel', content: null } };
  return { error: { code: -32000, message } };
}
