import { asRecord, str, type JsonObject } from '../lib/json-shapes.js';
import { oneLine } from '../lib/bounded.js';
import { approvalDecisionSchema, type ApprovalDecision, type ApprovalQuestion as OperatorQuestion } from '../../../shared/api/schemas.js';

/**
 * What an operator sees for a queued agent request: one summary line, the decisions on offer
 * (approvals) or the questions to answer (user input), read from the protocol params.
 */
export type { ApprovalDecision, ApprovalQuestion as OperatorQuestion } from '../../../shared/api/schemas.js';
export const APPROVAL_DECISIONS = approvalDecisionSchema.options;

export interface OperatorRequestDescription {
  summary: string;
  options: ApprovalDecision[];
  questions: OperatorQuestion[];
}

export function describeApproval(method: string, params: unknown): OperatorRequestDescription {
  const p = asRecord(params) ?? {};
  const reason = str(p.reason);
  const suffix = reason ? ` (${oneLine(reason, 80)})` : '';
  let summary: string;
  switch (method) {
    case 'item/commandExecution/requestApproval':
    case 'execCommandApproval':
      summary = `Run command: ${commandText(p.command)}${suffix}`;
      break;
    case 'item/fileChange/requestApproval': {
      // v2 names the files on the fileChange item, not the request; the router copies them over.
      const paths = Array.isArray(p.changes) ? p.changes.map((c) => str(asRecord(c)?.path)).filter((x): x is string => !!x) : [];
      const files = paths.length > 0 ? ` to ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}` : '';
      summary = `Apply file changes${files}${str(p.grantRoot) ? ` and allow writes under ${str(p.grantRoot)}` : ''}${suffix}`;
      break;
    }
    case 'applyPatchApproval': {
      const paths = Object.keys(asRecord(p.fileChanges) ?? {});
      summary = `Apply changes to ${paths.length} file(s): ${paths.slice(0, 5).join(', ')}${suffix}`;
      break;
    }
    case 'item/permissions/requestApproval':
      summary = `Grant permissions ${JSON.stringify(p.permissions ?? {})}${suffix}`;
      break;
    default:
      summary = `${method}${suffix}`;
  }
  return { summary: oneLine(summary, 240), options: offeredDecisions(method, p), questions: [] };
}

export function describeInput(method: string, params: unknown): OperatorRequestDescription {
  const p = asRecord(params) ?? {};
  if (method === 'mcpServer/elicitation/request') {
    const message = str(p.message) ?? 'The MCP server asks for input';
    const url = str(p.url);
    return {
      summary: oneLine(`${str(p.serverName) ?? 'MCP server'}: ${message}${url ? ` ${url}` : ''}`, 240),
      options: [],
      questions: elicitationQuestions(p.requestedSchema, message),
    };
  }
  const questions = (Array.isArray(p.questions) ? p.questions : []).flatMap((q) => readQuestion(q));
  const first = questions[0];
  return { summary: oneLine(first ? `${first.header ? `${first.header}: ` : ''}${first.question}` : 'The agent asks for input', 240), options: [], questions };
}

function offeredDecisions(method: string, p: JsonObject): ApprovalDecision[] {
  if (method === 'item/permissions/requestApproval') return ['accept', 'acceptForSession', 'decline'];
  const available = Array.isArray(p.availableDecisions) ? p.availableDecisions : null;
  if (!available) return [...APPROVAL_DECISIONS];
  const offered = APPROVAL_DECISIONS.filter((d) => available.includes(d));
  return offered.length > 0 ? offered : [...APPROVAL_DECISIONS];
}

function commandText(command: unknown): string {
  if (Array.isArray(command)) return command.map(String).join(' ');
  return str(command) ?? '(unknown command)';
}

function readQuestion(raw: unknown): OperatorQuestion[] {
  const q = asRecord(raw);
  const id = q ? str(q.id) : null;
  if (!q || !id) return [];
  const options = Array.isArray(q.options)
    ? q.options.flatMap((o) => {
        const label = str(asRecord(o)?.label);
        return label ? [{ label, description: str(asRecord(o)?.description) }] : [];
      })
    : null;
  return [{ id, header: str(q.header), question: str(q.question) ?? '', options, is_other: q.isOther === true, is_secret: q.isSecret === true }];
}

/** A form elicitation asks for the fields of its schema; each field is one question. */
function elicitationQuestions(schema: unknown, message: string): OperatorQuestion[] {
  const properties = asRecord(asRecord(schema)?.properties) ?? {};
  return Object.entries(properties).map(([id, rawField]) => {
    const field = asRecord(rawField) ?? {};
    const choices = Array.isArray(field.enum) ? field.enum.map((v) => ({ label: String(v), description: null })) : null;
    return {
      id,
      header: str(field.title) ?? id,
      question: str(field.description) ?? message,
      options: choices,
      is_other: false,
      is_secret: false,
    };
  });
}
