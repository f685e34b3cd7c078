import type { TraceEvent } from '../../../shared/domain/trace.js';

/** Longest text shown inline for one event; the engine already bounds outputs, this bounds JSON dumps. */
const MAX_SHOWN_CHARS = 20_000;

const clip = (text: string) => (text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}\n… (${text.length - MAX_SHOWN_CHARS} more chars)` : text);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The data worth showing, without the engine's bookkeeping fields. */
function rest(data: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!['event', 'terminal_id', 'terminal_offset', ...omit].includes(k)) out[k] = v;
  return out;
}

function Json({ value }: { value: unknown }) {
  const text = JSON.stringify(value, null, 2) ?? '';
  return text === '{}' ? null : <pre className="trace-pre">{clip(text)}</pre>;
}

/** The expanded body of a trace row, by kind. */
export function TraceDetails({ event }: { event: TraceEvent }) {
  const d = event.data;
  switch (event.kind) {
    case 'command': {
      const exit = num(d.exit_code);
      const duration = num(d.duration_ms);
      return (
        <div className="trace-details">
          <div className="trace-command">
            <code>$ {str(d.command) ?? ''}</code>
            {str(d.cwd) && <span className="trace-muted"> in {str(d.cwd)}</span>}
          </div>
          <div className="trace-muted">
            {exit === null ? (str(d.status) ?? 'no exit code') : `exit ${exit}`}
            {duration !== null && ` · ${duration} ms`}
            {d.output_truncated === true && ` · output truncated (${num(d.output_length) ?? '?'} chars in all)`}
          </div>
          {str(d.output) ? <pre className="trace-pre">{clip(str(d.output)!)}</pre> : <div className="trace-muted">(no output)</div>}
        </div>
      );
    }
    case 'hook':
      return (
        <div className="trace-details">
          <div className="trace-muted">
            {str(d.hook) ?? 'hook'}
            {num(d.duration_ms) !== null && ` · ${num(d.duration_ms)} ms`}
            {str(d.code) && ` · ${str(d.code)}`}
          </div>
          {str(d.output) ? <pre className="trace-pre">{clip(str(d.output)!)}</pre> : <Json value={rest(d, ['hook', 'duration_ms'])} />}
        </div>
      );
    case 'file_change': {
      const changes = Array.isArray(d.changes) ? (d.changes as Array<{ path?: unknown; kind?: unknown }>) : [];
      return (
        <ul className="trace-details trace-files">
          {changes.map((c, i) => (
            <li key={i}>
              <span className="trace-muted">{str(c.kind) ?? 'change'}</span> <code>{str(c.path) ?? '?'}</code>
            </li>
          ))}
          {changes.length === 0 && <li className="trace-muted">(no paths reported)</li>}
        </ul>
      );
    }
    case 'message':
    case 'reasoning':
    case 'plan':
      return (
        <div className="trace-details">
          {str(d.text) ? <pre className="trace-pre trace-text">{clip(str(d.text)!)}</pre> : <Json value={rest(d)} />}
        </div>
      );
    default:
      return (
        <div className="trace-details">
          <Json value={rest(d)} />
        </div>
      );
  }
}

/** Whether a row has anything to expand. */
export function hasDetails(event: TraceEvent): boolean {
  return Object.keys(rest(event.data, ['item_id'])).length > 0;
}
