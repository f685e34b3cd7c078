import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { Finding, ReviewerReport } from '../../../../shared/api/review-schemas.js';
import { isoTime, type Clock } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import type { Logger } from '../../lib/logger.js';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import type { ReviewerStore } from '../../store/reviewer-store.js';
import type { ReviewerConfig, ServiceConfig } from '../../workflow/config-types.js';
import { assignFindingIds } from './finding-ids.js';
import { parseFindings } from './parse-findings.js';
import { readGuidance } from './read-guidance.js';
import { buildReviewerMessages } from './reviewer-prompt.js';
import { createReviewerClient, redactSecret, REVIEWER_ERROR_CODES, requestReview, type ReviewerClientFactory } from './reviewer-request.js';

export interface ReviewerAgentDeps {
  config: () => ServiceConfig;
  store: ReviewerStore;
  clock: Clock;
  logger: Logger;
  /** A report changed (started, finished, a finding's status): push `{type:'reviews'}`. */
  onChange: () => void;
  /** Test seam; the default builds a real `openai` client. */
  createClient?: ReviewerClientFactory;
}

export interface ReviewInput {
  identifier: string;
  title: string;
  description: string | null;
  /** The ticket's worktree, where AGENTS.md, CLAUDE.md and `review.guidance_file` are read. */
  worktree: string;
  /** The worktree's HEAD commit the patch was taken at. */
  head: string | null;
  /** The diff's unified patch (TicketDiff.patch). */
  patch: string;
  /** Changed files absent from `patch` (binary or too large), so the reviewer knows they exist. */
  omittedFiles?: readonly string[];
}

export type FindingStatus = Finding['status'];

export const FINDING_NOT_FOUND = 'finding_not_found';
export const REVIEWER_NO_CREDENTIALS = 'reviewer_no_credentials';

interface Job {
  key: string;
  controller: AbortController;
  /** Findings of the report this review replaces: their statuses carry over to matching ids. */
  carry: readonly Finding[];
  promise: Promise<ReviewerReport>;
}

/**
 * The reviewer agent: one model call per review that reads the ticket, the repository's agent
 * guidance and the diff, and reports only P0 findings. One review per ticket runs at a time; a
 * request for different content (a newer head, more uncommitted work) aborts the running one, and a
 * superseded result is never saved over a newer report.
 */
export class ReviewerAgent implements Disposable {
  private readonly jobs = new Map<string, Job>();
  private readonly createClient: ReviewerClientFactory;
  private cached: { cfg: ReviewerConfig; client: OpenAI } | null = null;
  private disposed = false;

  constructor(private readonly deps: ReviewerAgentDeps) {
    this.createClient = deps.createClient ?? createReviewerClient;
  }

  /**
   * Reviews the ticket and resolves with its report (`done` or `failed`; never rejects). A second
   * call for the same content while one runs joins it; a superseded call resolves with the newer
   * review's report.
   */
  review(input: ReviewInput): Promise<ReviewerReport> {
    const cfg = this.deps.config().review.reviewer;
    if (!cfg) return Promise.resolve(this.failed('', input.head, 'reviewer is not configured (review.reviewer)'));
    if (this.disposed) return Promise.resolve(this.failed(cfg.model, input.head, 'reviewer is shutting down'));
    const id = input.identifier;
    const key = fingerprint(input, cfg);
    const current = this.jobs.get(id);
    if (current?.key === key) return current.promise;
    current?.controller.abort();
    // Registered before run() starts, so run() can tell from the map whether it is still current.
    const job = { key, controller: new AbortController(), carry: current?.carry ?? this.lastFindings(id) } as Job;
    this.jobs.set(id, job);
    this.save(id, { status: 'running', model: cfg.model, head: input.head, at: isoTime(this.deps.clock.now()), error: null, findings: [] });
    job.promise = this.run(job, input, cfg);
    void job.promise.finally(() => {
      if (this.jobs.get(id) === job) this.jobs.delete(id);
    });
    return job.promise;
  }

  /** The ticket's latest report; a `running` one no review in this process is working on reads as failed. */
  report(identifier: string): ReviewerReport | null {
    const stored = this.deps.store.getReport(identifier);
    if (!stored.ok) {
      this.deps.logger.warn({ issue_identifier: identifier, error: stored.error.message }, 'reviewer report unreadable');
      return null;
    }
    const report = stored.value;
    if (report?.status === 'running' && !this.jobs.has(identifier)) {
      return { ...report, status: 'failed', error: 'reviewer was interrupted (Baton stopped before it finished); run it again' };
    }
    return report;
  }

  isReviewing(identifier: string): boolean {
    return this.jobs.has(identifier);
  }

  /** True when the latest report has a finding nobody dismissed or promoted (the gate's question). */
  hasOpenFindings(identifier: string): boolean {
    return this.report(identifier)?.findings.some((f) => f.status === 'open') ?? false;
  }

  setFindingStatus(identifier: string, findingId: string, status: FindingStatus): Result<Finding> {
    const stored = this.deps.store.getReport(identifier);
    if (!stored.ok) return stored;
    const report = stored.value;
    const finding = report?.findings.find((f) => f.id === findingId);
    if (!report || !finding) return err(FINDING_NOT_FOUND, `${identifier} has no reviewer finding ${findingId}`);
    const updated: Finding = { ...finding, status };
    const saved = this.deps.store.saveReport(identifier, { ...report, findings: report.findings.map((f) => (f.id === findingId ? updated : f)) });
    if (!saved.ok) return saved;
    this.notify();
    return ok(updated);
  }

  /** Drops the ticket's report and stops its review (the ticket landed or was cancelled). */
  forget(identifier: string): Result<void> {
    this.jobs.get(identifier)?.controller.abort();
    this.jobs.delete(identifier);
    const deleted = this.deps.store.deleteReport(identifier);
    if (deleted.ok) this.notify();
    return deleted;
  }

  /** Aborts every review in flight; their results are not saved (the store may be closing too). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const job of this.jobs.values()) job.controller.abort();
    this.jobs.clear();
  }

  private async run(job: Job, input: ReviewInput, cfg: ReviewerConfig): Promise<ReviewerReport> {
    const id = input.identifier;
    const log = this.deps.logger.child({ issue_identifier: id });
    const started = this.deps.clock.now();
    log.info({ model: cfg.model, head: input.head, patch_chars: input.patch.length }, 'reviewer started');
    const outcome = await this.ask(job, input, cfg);
    if (this.disposed) return this.failed(cfg.model, input.head, 'reviewer stopped before it finished');
    if (this.jobs.get(id) !== job) {
      log.info({ head: input.head }, 'reviewer result superseded by a newer review');
      return this.jobs.get(id)?.promise ?? this.report(id) ?? this.failed(cfg.model, input.head, 'reviewer was superseded');
    }
    const at = isoTime(this.deps.clock.now());
    const duration_ms = this.deps.clock.now() - started;
    let report: ReviewerReport;
    if (outcome.ok) {
      report = { status: 'done', model: cfg.model, head: input.head, at, error: null, findings: outcome.value };
      log.info({ findings: outcome.value.length, duration_ms }, 'reviewer finished');
    } else {
      const message = redactSecret(outcome.error.message, cfg.api_key);
      report = { status: 'failed', model: cfg.model, head: input.head, at, error: message, findings: [] };
      log.warn({ code: outcome.error.code, error: message, duration_ms }, 'reviewer failed');
    }
    this.save(id, report);
    return report;
  }

  /** The findings, or why there are none; never throws. */
  private async ask(job: Job, input: ReviewInput, cfg: ReviewerConfig): Promise<Result<Finding[]>> {
    try {
      const client = this.client(cfg);
      if (!client.ok) return client;
      const guidance = await readGuidance(input.worktree, this.deps.config().review.guidance_file);
      const messages = buildReviewerMessages({ ...input, guidance });
      const reply = await requestReview(client.value, cfg, messages, job.controller.signal);
      if (!reply.ok) return reply;
      const parsed = parseFindings(reply.value.text);
      if (!parsed.ok && reply.value.finishReason === 'length') {
        return err(parsed.error.code, `${parsed.error.message} (the reply was cut off at the model's output limit)`);
      }
      return parsed.ok ? ok(assignFindingIds(parsed.value, job.carry)) : parsed;
    } catch (e) {
      return err(REVIEWER_ERROR_CODES.failed, `reviewer failed: ${errorMessage(e)}`);
    }
  }

  /** One client per reviewer config; a reloaded WORKFLOW.md with other settings gets a new one. */
  private client(cfg: ReviewerConfig): Result<OpenAI> {
    const c = this.cached?.cfg;
    if (c && c.base_url === cfg.base_url && c.api_key === cfg.api_key && c.timeout_ms === cfg.timeout_ms) return ok(this.cached!.client);
    try {
      // A copy: the settings a client was built with, even if the config object is changed in place.
      this.cached = { cfg: { ...cfg }, client: this.createClient(cfg) };
      return ok(this.cached.client);
    } catch (e) {
      if (e instanceof OpenAI.OpenAIError && /credentials|api key/i.test(e.message)) {
        return err(REVIEWER_NO_CREDENTIALS, 'reviewer has no api key: set review.reviewer.api_key (e.g. $OPENAI_API_KEY), or a base_url for an endpoint that needs none');
      }
      throw e;
    }
  }

  private lastFindings(identifier: string): readonly Finding[] {
    const stored = this.deps.store.getReport(identifier);
    return stored.ok && stored.value?.status === 'done' ? stored.value.findings : [];
  }

  private save(identifier: string, report: ReviewerReport): void {
    const saved = this.deps.store.saveReport(identifier, report);
    if (!saved.ok) this.deps.logger.error({ issue_identifier: identifier, error: saved.error.message }, 'reviewer report not saved');
    this.notify();
  }

  /** A listener's failure must not turn a finished review into a rejected promise. */
  private notify(): void {
    try {
      this.deps.onChange();
    } catch (e) {
      this.deps.logger.error({ error: errorMessage(e) }, 'reviewer change listener failed');
    }
  }

  private failed(model: string, head: string | null, error: string): ReviewerReport {
    return { status: 'failed', model, head, at: isoTime(this.deps.clock.now()), error, findings: [] };
  }
}

/** What a review depends on: the same content under the same model needs no second call. */
function fingerprint(input: ReviewInput, cfg: ReviewerConfig): string {
  const hash = createHash('sha256');
  for (const part of [cfg.model, input.head ?? '', input.title, input.description ?? '', input.patch, ...(input.omittedFiles ?? [])]) {
    hash.update(part).update('\0');
  }
  return hash.digest('hex');
}
