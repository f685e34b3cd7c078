import type { Issue } from '../../../../shared/domain/issue.js';
import type { Clock } from '../../lib/clock.js';
import { Emitter, type EventSubscription } from '../../lib/emitter.js';
import type { Logger } from '../../lib/logger.js';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import { MISSING_LINEAR_KEY, MISSING_LINEAR_PROJECT } from '../../workflow/tracker-provider.js';
import type { IssueChangeListener, Tracker } from '../tracker.js';
import { LinearClient } from './linear-client.js';
import { LinearGateway, type LinearSettings } from './linear-gateway.js';
import { LinearWriter } from './linear-writer.js';
import { ISSUES_BY_IDS_QUERY, ISSUES_BY_STATES_QUERY, LINEAR_PAGE_SIZE } from './queries.js';

export interface LinearTrackerOptions {
  /** Read on every call: endpoint, key, project and states follow WORKFLOW.md reloads. */
  settings: () => LinearSettings;
  clock: Clock;
  logger?: Logger;
  /** Per-request limit; the default is SPEC §11.2's 30 000 ms. */
  timeoutMs?: number;
}

/**
 * `tracker.kind: linear`: the SPEC §11 reader over Linear's GraphQL API, plus a writer for the
 * engine's handoff moves and the board (see linear-writer.ts). Every method resolves to a Result;
 * none throws. See docs/tracker-linear.md.
 */
export class LinearTracker implements Tracker {
  readonly kind = 'linear';
  readonly writer: LinearWriter;
  private readonly client: LinearClient;
  private readonly gateway: LinearGateway;
  private readonly changes = new Emitter<Issue>((e, issue) =>
    this.options.logger?.error({ issue_id: issue.id, issue_identifier: issue.identifier, err: errorMessage(e) }, 'issue change listener failed'),
  );
  private closed = false;

  constructor(private readonly options: LinearTrackerOptions) {
    this.client = new LinearClient({
      clock: options.clock,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.gateway = new LinearGateway(this.client, options.settings);
    this.writer = new LinearWriter(this.gateway, (issue) => this.emit(issue));
  }

  async fetchCandidateIssues(): Promise<Result<Issue[]>> {
    return this.fetchIssuesByStates(this.gateway.current().active_states);
  }

  async fetchIssuesByStates(states: string[]): Promise<Result<Issue[]>> {
    const names = [...new Set(states.map((s) => s.trim()).filter((s) => s !== ''))];
    if (names.length === 0) return ok([]);
    const slug = this.gateway.projectSlug();
    if (!slug.ok) return slug;
    return this.gateway.issuePages(ISSUES_BY_STATES_QUERY, { projectSlug: slug.value, states: names });
  }

  /** Ids go out in chunks of one page, so each chunk is answered by a single request. */
  async fetchIssueStatesByIds(ids: string[]): Promise<Result<Issue[]>> {
    const unique = [...new Set(ids.filter((id) => typeof id === 'string' && id !== ''))];
    const out: Issue[] = [];
    for (let i = 0; i < unique.length; i += LINEAR_PAGE_SIZE) {
      const chunk = await this.gateway.issuePages(ISSUES_BY_IDS_QUERY, { ids: unique.slice(i, i + LINEAR_PAGE_SIZE) });
      if (!chunk.ok) return chunk;
      out.push(...chunk.value);
    }
    return ok(out);
  }

  sessionWriter(): LinearWriter {
    const snapshot = { ...this.options.settings() };
    return new LinearWriter(new LinearGateway(this.client, () => snapshot), (issue) => this.emit(issue));
  }

  onIssueChanged(listener: IssueChangeListener): EventSubscription {
    return this.changes.on(listener);
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.changes.dispose();
    this.client.dispose();
  }

  /** A throwing listener is logged and never fails the write that triggered it. */
  private emit(issue: Issue): void {
    this.changes.emit(issue);
  }
}

/** For callers that want a Result instead of a constructor (mirrors LocalTracker.open). */
export function openLinearTracker(options: LinearTrackerOptions): Result<LinearTracker> {
  const s = options.settings();
  if (!s.api_key) return err('missing_tracker_api_key', MISSING_LINEAR_KEY);
  if (!s.project_slug?.trim()) return err('missing_tracker_project_slug', MISSING_LINEAR_PROJECT);
  return ok(new LinearTracker(options));
}
