import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Issue } from '../domain/issue.js';
import type { TokenTotals } from '../domain/tokens.js';
import type { TraceEvent, TraceKind } from '../domain/trace.js';
import { approvalAnswerBodySchema, createTicketBodySchema, eventsQuerySchema, patchTicketBodySchema } from './schemas.js';
import type { issueSchema, tokenTotalsSchema, traceEventSchema, TRACE_KINDS } from './schemas.js';
import { clientMessageSchema } from './ws-messages.js';

describe('wire schemas mirror the domain types', () => {
  it('matches Issue, TraceEvent and TokenTotals exactly (checked by tsc)', () => {
    expectTypeOf<z.infer<typeof issueSchema>>().toEqualTypeOf<Issue>();
    expectTypeOf<z.infer<typeof traceEventSchema>>().toEqualTypeOf<TraceEvent>();
    expectTypeOf<z.infer<typeof tokenTotalsSchema>>().toEqualTypeOf<TokenTotals>();
    expectTypeOf<(typeof TRACE_KINDS)[number]>().toEqualTypeOf<TraceKind>();
  });
});

describe('request body schemas', () => {
  it('trims titles and refuses empty ones and unknown keys', () => {
    expect(createTicketBodySchema.parse({ title: '  Fix it ' }).title).toBe('Fix it');
    expect(createTicketBodySchema.safeParse({ title: '   ' }).success).toBe(false);
    expect(createTicketBodySchema.safeParse({ title: 'x', colour: 'red' }).success).toBe(false);
    expect(createTicketBodySchema.safeParse({ title: 'x', priority: 1.5 }).success).toBe(false);
  });

  it('needs at least one field in a patch and allows clearing the description', () => {
    expect(patchTicketBodySchema.safeParse({}).success).toBe(false);
    expect(patchTicketBodySchema.parse({ description: null })).toEqual({ description: null });
  });

  it('accepts exactly one of decision and answers', () => {
    expect(approvalAnswerBodySchema.safeParse({ decision: 'accept' }).success).toBe(true);
    expect(approvalAnswerBodySchema.safeParse({ answers: { q: ['Yes'] } }).success).toBe(true);
    expect(approvalAnswerBodySchema.safeParse({ decision: 'accept', answers: { q: ['Yes'] } }).success).toBe(false);
    expect(approvalAnswerBodySchema.safeParse({ answers: { q: [] } }).success).toBe(false);
    expect(approvalAnswerBodySchema.safeParse({}).success).toBe(false);
  });

  it('reads events paging from query strings with defaults and bounds', () => {
    expect(eventsQuerySchema.parse({})).toEqual({ after: 0, limit: 200 });
    expect(eventsQuerySchema.parse({ after: '12', limit: '5' })).toEqual({ after: 12, limit: 5 });
    for (const bad of [{ after: '-1' }, { after: '1.5' }, { limit: '0' }, { limit: '1001' }, { after: 'abc' }]) {
      expect(eventsQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('client WebSocket messages', () => {
  it('accepts every documented message', () => {
    const valid = [
      { type: 'terminal.subscribe', terminal_id: 't', visible: true },
      { type: 'terminal.unsubscribe', terminal_id: 't' },
      { type: 'terminal.visible', terminal_id: 't', visible: false },
      { type: 'terminal.input', terminal_id: 't', data: 'ls\r' },
      { type: 'terminal.resize', terminal_id: 't', cols: 120, rows: 30 },
      { type: 'terminal.ack', terminal_id: 't', chars: 5000 },
      { type: 'trace.subscribe' },
      { type: 'trace.subscribe', issue_identifier: 'BAT-1' },
      { type: 'trace.subscribe', issue_identifier: null },
      { type: 'trace.unsubscribe' },
    ];
    for (const m of valid) expect(clientMessageSchema.safeParse(m).success, JSON.stringify(m)).toBe(true);
  });

  it('refuses malformed ones', () => {
    const invalid = [
      { type: 'terminal.subscribe', terminal_id: 't' },
      { type: 'terminal.input', terminal_id: 't', data: '' },
      { type: 'terminal.resize', terminal_id: 't', cols: 0, rows: 30 },
      { type: 'terminal.resize', terminal_id: 't', cols: 80, rows: 1001 },
      { type: 'terminal.ack', terminal_id: 't', chars: -1 },
      { type: 'trace.subscribe', issue_identifier: '../x' },
      { type: 'trace.subscribe', extra: 1 },
      { type: 'hello' },
      null,
      'terminal.input',
    ];
    for (const m of invalid) expect(clientMessageSchema.safeParse(m).success, JSON.stringify(m)).toBe(false);
  });
});
