import { normalizeState } from '../../../shared/domain/issue.js';
import type { TrackerWriter } from '../tracker/tracker.js';
import { errorMessage, type Result } from '../lib/result.js';
import { NO_REVIEW_CONTEXT, type ReviewContext } from './review-context.js';
import type { DynamicToolHost, DynamicToolResult, DynamicToolSpec } from './dynamic-tools.js';
import { asRecord, str } from '../lib/json-shapes.js';

export const BATON_TRACKER_TOOL = 'baton_tracker';

/** Comment author recorded for comments the agent writes. */
export const AGENT_COMMENT_AUTHOR = 'agent';

/**
 * A flat schema on purpose: codex rejects some JSON Schema combinators in dynamic tool schemas
 * (TurnErrorData reason `dynamicToolInputSchema`), so per-action requirements are checked here.
 */
const INPUT_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: {
      type: 'string',
      enum: ['get_ticket', 'get_review', 'comment', 'move'],
      description:
        'get_ticket: read this ticket, its comments and its review feedback. get_review: every round of review feedback (summary and line comments), oldest first. comment: add a comment (needs body). move: change the ticket state (needs state).',
    },
    body: { type: 'string', description: 'Markdown comment text, for action "comment".' },
    state: { type: 'string', description: 'Target state name, for action "move" (e.g. "Human Review").' },
  },
};

export interface BatonTrackerToolOptions {
  /** Review feedback for `get_review` and `get_ticket`. */
  review?: Pick<ReviewContext, 'feedback'>;
  /** States the agent may not move its ticket to (the landing queue's, when there is one). */
  refusedStates?: () => readonly string[];
}

/**
 * The `baton_tracker` dynamic tool: lets the agent read its own ticket, comment on it and move it,
 * executed by the engine through the tracker writer so the agent never holds tracker credentials.
 * Scoped to one issue; tracker errors come back as `success: false` with the message.
 */
export class BatonTrackerTool implements DynamicToolHost {
  private readonly review: Pick<ReviewContext, 'feedback'>;
  private readonly refusedStates: () => readonly string[];

  constructor(
    private readonly writer: TrackerWriter,
    private readonly issueIdentifier: string,
    options: BatonTrackerToolOptions = {},
  ) {
    this.review = options.review ?? NO_REVIEW_CONTEXT;
    this.refusedStates = options.refusedStates ?? (() => []);
  }

  specs(): DynamicToolSpec[] {
    return [
      {
        name: BATON_TRACKER_TOOL,
        description: `Read and update the tracker ticket ${this.issueIdentifier} you are working on: get_ticket, get_review (review feedback to address), comment {body}, move {state}.`,
        inputSchema: INPUT_SCHEMA,
      },
    ];
  }

  async call(tool: string, args: Record<string, unknown>): Promise<DynamicToolResult> {
    if (tool !== BATON_TRACKER_TOOL) return failed(`unknown tool ${tool}`);
    const input = asRecord(args) ?? {};
    try {
      switch (input.action) {
        case 'get_ticket':
          return await this.getTicket();
        case 'get_review':
          return { success: true, text: JSON.stringify({ review_feedback: this.review.feedback(this.issueIdentifier) }) };
        case 'comment': {
          const body = str(input.body)?.trim();
          if (!body) return failed('action "comment" needs a non-empty "body"');
          return reply(await this.writer.addComment(this.issueIdentifier, body, AGENT_COMMENT_AUTHOR), (comment) => ({ comment }));
        }
        case 'move': {
          const state = str(input.state)?.trim();
          if (!state) return failed('action "move" needs a "state"');
          if (this.refusedStates().some((s) => normalizeState(s) === normalizeState(state))) {
            return failed(`an agent cannot move its ticket to ${state}: only a person's approval puts work in the landing queue`, 'move_not_allowed');
          }
          return reply(await this.writer.updateIssue(this.issueIdentifier, { state }), (ticket) => ({ ticket }));
        }
        default:
          return failed(`unknown action ${JSON.stringify(input.action)}; use get_ticket, get_review, comment or move`);
      }
    } catch (e) {
      return failed(errorMessage(e));
    }
  }

  private async getTicket(): Promise<DynamicToolResult> {
    const issue = await this.writer.getIssue(this.issueIdentifier);
    if (!issue.ok) return failed(issue.error.message, issue.error.code);
    if (!issue.value) return failed(`ticket ${this.issueIdentifier} not found`, 'issue_not_found');
    const comments = await this.writer.listComments(this.issueIdentifier);
    if (!comments.ok) return failed(comments.error.message, comments.error.code);
    return { success: true, text: JSON.stringify({ ticket: issue.value, comments: comments.value, review_feedback: this.review.feedback(this.issueIdentifier) }) };
  }
}

function reply<T>(result: Result<T>, shape: (value: T) => Record<string, unknown>): DynamicToolResult {
  return result.ok ? { success: true, text: JSON.stringify(shape(result.value)) } : failed(result.error.message, result.error.code);
}

function failed(message: string, code = 'invalid_input'): DynamicToolResult {
  return { success: false, text: JSON.stringify({ error: { code, message } }) };
}
