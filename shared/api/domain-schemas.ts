import { z } from 'zod';

/**
 * Zod mirrors of the shared domain records (shared/domain/*) as they travel over the wire. The
 * domain files stay plain interfaces; `schemas.test.ts` checks at compile time that each schema's
 * type equals its interface, so the two cannot drift apart silently.
 */
export const tokenTotalsSchema = z.object({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
});

export const blockerRefSchema = z.object({
  id: z.string().nullable(),
  identifier: z.string().nullable(),
  state: z.string().nullable(),
});

export const issueSchema = z.object({
  id: z.string(),
  native_ref: z.record(z.string(), z.unknown()).nullable(),
  identifier: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  priority: z.number().nullable(),
  state: z.string(),
  branch_name: z.string().nullable(),
  url: z.string().nullable(),
  assignee_id: z.string().nullable(),
  labels: z.array(z.string()),
  blocked_by: z.array(blockerRefSchema),
  dispatchable: z.boolean(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});

export const TRACE_KINDS = [
  'run_started',
  'workspace_ready',
  'workspace_removed',
  'hook',
  'session_started',
  'turn_started',
  'turn_completed',
  'turn_failed',
  'message',
  'reasoning',
  'command',
  'file_change',
  'tool_call',
  'approval',
  'input_required',
  'token_usage',
  'rate_limits',
  'plan',
  'error',
  'stderr',
  'malformed',
  'notification',
  'handoff',
  'state_change',
  'run_ended',
] as const;

export const traceEventSchema = z.object({
  seq: z.number(),
  issue_id: z.string(),
  issue_identifier: z.string(),
  run_id: z.string(),
  session_id: z.string().nullable(),
  at: z.string(),
  kind: z.enum(TRACE_KINDS),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
});
