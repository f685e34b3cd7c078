import type { TerminalSink } from '../../terminals/terminal-sink.js';
import { asRecord, dig, num, str, type JsonObject } from '../../lib/json-shapes.js';

/**
 * Renders the protocol stream as a live, colored, human-readable transcript for the session's
 * terminal (xterm): turn headers, agent text as it streams, `$ command` lines with their output,
 * file changes, tool calls, operator prompts and errors. Output uses `\r\n` because xterm does not
 * translate a bare `\n` into a carriage return.
 */
const ESC = '\x1b[';
const RESET = `${ESC}0m`;
const BOLD = `${ESC}1m`;
const DIM = `${ESC}2m`;
const RED = `${ESC}31m`;
const GREEN = `${ESC}32m`;
const YELLOW = `${ESC}33m`;
const MAGENTA = `${ESC}35m`;
const CYAN = `${ESC}36m`;

/** Tool arguments shown inline on the tool line; longer ones are cut. */
const INLINE_ARGS_MAX_CHARS = 200;

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class TranscriptRenderer {
  private atLineStart = true;
  /** Items whose text arrived as deltas, so their completion does not print it twice. */
  private readonly streamed = new Set<string>();

  constructor(private readonly sink: TerminalSink) {}

  turnStarted(turnNumber: number, title: string | null): void {
    this.line(`${BOLD}${CYAN}━━ turn ${turnNumber}${title ? ` · ${title}` : ''} ━━${RESET}`);
  }

  turnEnded(status: 'completed' | 'failed', detail: string): void {
    const color = status === 'completed' ? GREEN : RED;
    this.line(`${color}${BOLD}━━ turn ${status}${detail ? `: ${detail}` : ''} ━━${RESET}`);
  }

  info(text: string): void {
    this.line(`${DIM}${text}${RESET}`);
  }

  waiting(summary: string): void {
    this.line(`${YELLOW}${BOLD}⏸ waiting for operator:${RESET}${YELLOW} ${summary}${RESET}`);
  }

  approval(text: string): void {
    this.line(`${YELLOW}✔ ${text}${RESET}`);
  }

  toolResult(tool: string, success: boolean, text: string): void {
    const preview = text.length > INLINE_ARGS_MAX_CHARS ? `${text.slice(0, INLINE_ARGS_MAX_CHARS)}…` : text;
    this.line(`${success ? GREEN : RED}${success ? '✔' : '✖'} ${tool}${RESET} ${DIM}${preview}${RESET}`);
  }

  error(text: string): void {
    this.line(`${RED}${BOLD}✖ ${text}${RESET}`);
  }

  stderr(line: string): void {
    this.line(`${DIM}${RED}stderr│${RESET}${DIM} ${line}${RESET}`);
  }

  notification(method: string, rawParams: unknown): void {
    const params = asRecord(rawParams) ?? {};
    switch (method) {
      case 'item/agentMessage/delta':
      case 'item/commandExecution/outputDelta':
        return this.delta(params, '');
      case 'item/reasoning/summaryTextDelta':
      case 'item/reasoning/textDelta':
      case 'item/fileChange/outputDelta':
        return this.delta(params, DIM);
      case 'item/plan/delta':
        return this.delta(params, CYAN);
      case 'item/started':
        return this.itemStarted(asRecord(params.item) ?? {});
      case 'item/completed':
        return this.itemCompleted(asRecord(params.item) ?? {});
      case 'turn/plan/updated':
        return this.plan(params);
      case 'error': {
        const message = str(dig(params, 'error', 'message')) ?? 'agent error';
        if (params.willRetry === true) this.line(`${YELLOW}⚠ ${message} (retrying)${RESET}`);
        else this.error(message);
        return;
      }
    }
  }

  private itemStarted(item: JsonObject): void {
    switch (str(item.type)) {
      case 'commandExecution':
        return this.line(`${GREEN}${BOLD}$${RESET} ${BOLD}${commandText(item.command)}${RESET}`);
      case 'agentMessage':
        return this.newline();
      case 'dynamicToolCall':
        return this.line(`${MAGENTA}⚙ ${str(item.tool) ?? 'tool'}${RESET} ${DIM}${inlineJson(item.arguments)}${RESET}`);
      case 'mcpToolCall':
        return this.line(`${MAGENTA}⚙ ${str(item.server) ?? 'mcp'}.${str(item.tool) ?? '?'}${RESET} ${DIM}${inlineJson(item.arguments)}${RESET}`);
      case 'webSearch':
        return this.line(`${MAGENTA}⌕ ${str(item.query) ?? 'web search'}${RESET}`);
      default:
        // Other item types (and items without one) show when they complete, or not at all.
        return;
    }
  }

  private itemCompleted(item: JsonObject): void {
    const id = str(item.id) ?? '';
    const streamed = this.streamed.delete(id);
    switch (str(item.type)) {
      case 'agentMessage':
        if (!streamed) this.write(toCrlf(str(item.text) ?? ''));
        return this.newline();
      case 'reasoning': {
        const summary = Array.isArray(item.summary) ? item.summary.filter((s) => typeof s === 'string').join('\n') : '';
        if (!streamed && summary) this.write(`${DIM}${toCrlf(summary)}${RESET}`, summary.endsWith('\n'));
        return this.newline();
      }
      case 'commandExecution': {
        const output = str(item.aggregatedOutput);
        if (!streamed && output) this.write(toCrlf(output));
        const exitCode = num(item.exitCode);
        const ok = exitCode === 0;
        return this.line(`${ok ? DIM : RED}${exitCode === null ? `(${str(item.status) ?? 'no exit code'})` : `exit ${exitCode}`}${RESET}`);
      }
      case 'fileChange':
        for (const change of Array.isArray(item.changes) ? item.changes : []) {
          const c = asRecord(change) ?? {};
          this.line(`${YELLOW}✎ ${str(c.kind) ?? str(asRecord(c.kind)?.type) ?? 'change'} ${str(c.path) ?? '?'}${RESET}`);
        }
        return;
      default:
        // Item types this build does not know draw nothing (SPEC §10: the field set drifts).
        return;
    }
  }

  private plan(params: JsonObject): void {
    const steps = Array.isArray(params.plan) ? params.plan : [];
    const marks: Record<string, string> = { completed: '[x]', inProgress: '[~]', in_progress: '[~]' };
    this.line(`${CYAN}plan:${RESET}`);
    for (const raw of steps) {
      const step = asRecord(raw) ?? {};
      this.line(`${CYAN}  ${marks[str(step.status) ?? ''] ?? '[ ]'} ${str(step.step) ?? ''}${RESET}`);
    }
  }

  private delta(params: JsonObject, color: string): void {
    const text = str(params.delta);
    if (!text) return;
    const itemId = str(params.itemId);
    if (itemId) this.streamed.add(itemId);
    this.write(color ? `${color}${toCrlf(text)}${RESET}` : toCrlf(text), text.endsWith('\n'));
  }

  private newline(): void {
    if (!this.atLineStart) this.write('\r\n');
  }

  private line(text: string): void {
    this.newline();
    this.write(`${text}\r\n`);
  }

  private write(text: string, endsLine = text.endsWith('\n')): void {
    if (text === '') return;
    this.sink.write(text);
    this.atLineStart = endsLine;
  }
}

function commandText(command: unknown): string {
  return Array.isArray(command) ? command.map(String).join(' ') : (str(command) ?? '');
}

function inlineJson(value: unknown): string {
  if (value === undefined || value === null) return '';
  const json = JSON.stringify(value);
  return json.length > INLINE_ARGS_MAX_CHARS ? `${json.slice(0, INLINE_ARGS_MAX_CHARS)}…` : json;
}
