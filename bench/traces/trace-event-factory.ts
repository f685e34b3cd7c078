import type { NewTraceEvent, TraceKind } from '../../shared/domain/trace.js';

/**
 * Trace events shaped like a codex app-server run's: mostly command, message and token updates,
 * ~300 bytes per row (all columns), spread over 100 issues as 100 concurrent agents would.
 */
const ISSUES = 100;

interface Template {
  kind: TraceKind;
  summary: (n: number) => string;
  data: (n: number) => Record<string, unknown>;
}

const TEMPLATES: Template[] = [
  {
    kind: 'command',
    summary: (n) => `ran npm test -- src/feature-${n % 97}.test.ts (exit 0, ${(n % 50) / 10} s)`,
    data: (n) => ({ method: 'item/completed', item_id: `call_${n}`, command: `npm test -- src/feature-${n % 97}.test.ts`, exit_code: 0, duration_ms: 1200 + (n % 900) }),
  },
  {
    kind: 'message',
    summary: (n) => `agent: I updated the parser to handle empty input and added test case ${n % 31}.`,
    data: (n) => ({ method: 'item/completed', item_id: `msg_${n}`, chars: 412 + (n % 300), phase: 'final' }),
  },
  {
    kind: 'token_usage',
    summary: (n) => `tokens: ${18_000 + n} in, ${2_400 + (n % 500)} out`,
    data: (n) => ({ method: 'thread/tokenUsage/updated', input_tokens: 18_000 + n, cached_input_tokens: 12_000, output_tokens: 2_400 + (n % 500), total_tokens: 20_400 + n }),
  },
  {
    kind: 'file_change',
    summary: (n) => `edited src/parser/module-${n % 53}.ts (+${n % 40} -${n % 12})`,
    data: (n) => ({ method: 'item/completed', item_id: `patch_${n}`, path: `src/parser/module-${n % 53}.ts`, kind: 'update', added: n % 40, removed: n % 12 }),
  },
];

export function makeTraceEvent(n: number, at: string): NewTraceEvent {
  const issue = n % ISSUES;
  const t = TEMPLATES[n % TEMPLATES.length] as Template;
  return {
    issue_id: `0b5c1f0e-${String(issue).padStart(4, '0')}-4a8e-9c1d-5e2f3a4b6c7d`,
    issue_identifier: `BAT-${1000 + issue}`,
    run_id: `run-20260121-${String(issue).padStart(4, '0')}`,
    session_id: `thr_${issue}-turn_${n % 20}`,
    at,
    kind: t.kind,
    summary: t.summary(n),
    data: t.data(n),
  };
}

/** Bytes of one stored row (text columns plus the JSON data), for reporting the event size. */
export function rowBytes(event: NewTraceEvent): number {
  const text = [event.issue_id, event.issue_identifier, event.run_id, event.session_id ?? '', event.at, event.kind, event.summary, JSON.stringify(event.data)];
  return text.reduce((sum, s) => sum + Buffer.byteLength(s), 8);
}
