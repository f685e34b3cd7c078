import type { TraceEvent } from '../../../shared/domain/trace.js';

export function ev(seq: number, kind: TraceEvent['kind'] = 'message', identifier = 'BAT-1', data: Record<string, unknown> = {}): TraceEvent {
  return { seq, issue_id: 'id-1', issue_identifier: identifier, run_id: 'run-1', session_id: null, at: '2026-01-01T00:00:00.000Z', kind, summary: `e${seq}`, data };
}
