import { boundedJson, EVENT_OUTPUT_MAX_CHARS, EVENT_TEXT_MAX_CHARS, oneLine, truncateHead, truncateTail } from '../../lib/bounded.js';
import { draft, type AgentEventDraft } from './event-draft.js';
import { asRecord, num, str, type JsonObject } from '../../lib/json-shapes.js';

/**
 * One trace event per finished item (`item/completed` is authoritative; agent-protocols.md §2.3).
 * Item kinds the trace has no use for (the echoed user prompt, dynamic tool calls already traced
 * when Baton answered them) produce none.
 */
export function itemEvent(rawItem: unknown): AgentEventDraft | null {
  const item = asRecord(rawItem);
  if (!item) return null;
  const type = str(item.type) ?? str(item.item_type) ?? 'unknown';
  const itemId = str(item.id);
  switch (type) {
    case 'agentMessage':
    case 'agent_message':
    case 'assistant_message': {
      const text = truncateHead(str(item.text) ?? '', EVENT_TEXT_MAX_CHARS);
      return draft('message', 'agent_message', oneLine(text.text) || '(empty message)', {
        item_id: itemId,
        text: text.text,
        text_length: text.length,
        truncated: text.truncated,
      });
    }
    case 'reasoning': {
      const text = reasoningText(item);
      return draft('reasoning', 'reasoning', oneLine(text) || 'reasoning', { item_id: itemId, text: truncateHead(text, EVENT_TEXT_MAX_CHARS).text });
    }
    case 'commandExecution':
    case 'command_execution':
      return commandEvent(item, itemId);
    case 'fileChange':
    case 'file_change': {
      const changes = (Array.isArray(item.changes) ? item.changes : []).flatMap((c) => {
        const change = asRecord(c);
        const path = change ? str(change.path) : null;
        return path ? [{ path, kind: kindName(change!.kind) }] : [];
      });
      const paths = changes.map((c) => c.path);
      return draft('file_change', 'file_change', `${str(item.status) ?? 'changed'}: ${paths.join(', ') || '(no paths)'}`, {
        item_id: itemId,
        status: str(item.status),
        paths,
        changes,
      });
    }
    case 'mcpToolCall':
    case 'mcp_tool_call':
      return draft('tool_call', 'mcp_tool_call', `${str(item.server) ?? 'mcp'}.${str(item.tool) ?? '?'} ${str(item.status) ?? ''}`.trim(), {
        item_id: itemId,
        server: str(item.server),
        tool: str(item.tool),
        status: str(item.status),
        arguments: boundedJson(item.arguments),
        error: boundedJson(item.error ?? null),
      });
    case 'webSearch':
    case 'web_search':
      return draft('tool_call', 'web_search', `web search: ${str(item.query) ?? ''}`, { item_id: itemId, query: str(item.query) });
    case 'plan':
      return draft('plan', 'plan', oneLine(str(item.text) ?? 'plan'), { item_id: itemId, text: truncateHead(str(item.text) ?? '', EVENT_TEXT_MAX_CHARS).text });
    case 'userMessage':
    case 'dynamicToolCall':
      return null;
    default:
      return draft('notification', 'item_completed', `${type} completed`, { item_id: itemId, item_type: type, item: boundedJson(item) });
  }
}

function commandEvent(item: JsonObject, itemId: string | null): AgentEventDraft {
  const command = Array.isArray(item.command) ? item.command.map(String).join(' ') : (str(item.command) ?? '');
  const exitCode = num(item.exitCode ?? item.exit_code);
  const output = truncateTail(str(item.aggregatedOutput ?? item.aggregated_output) ?? '', EVENT_OUTPUT_MAX_CHARS);
  const status = str(item.status);
  return draft('command', 'command_completed', `$ ${oneLine(command, 120)}${exitCode === null ? ` (${status ?? 'no exit code'})` : ` → ${exitCode}`}`, {
    item_id: itemId,
    command,
    cwd: str(item.cwd),
    status,
    exit_code: exitCode,
    duration_ms: num(item.durationMs),
    output: output.text,
    output_length: output.length,
    output_truncated: output.truncated,
  });
}

function reasoningText(item: JsonObject): string {
  const parts = [item.summary, item.content, item.text].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]));
  return parts
    .map((p) => str(p) ?? str(asRecord(p)?.text) ?? '')
    .filter((s) => s !== '')
    .join('\n');
}

function kindName(kind: unknown): string | null {
  return str(kind) ?? str(asRecord(kind)?.type);
}
