import type { LandingStep } from '../../../../shared/api/review-schemas.js';
import { isoTime } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { LandingPatch, StoredLanding } from '../../store/landing-store.js';
import type { ServiceConfig } from '../../workflow/config-types.js';
import type { GitWorktrees } from '../../workspace/git-worktree.js';
import type { LandingGit } from './landing-git.js';
import { payloadOf, type LandingPayload, type LandingQueueDeps } from './landing-types.js';

/** What one landing needs from the queue. */
export interface LandingContext {
  deps: LandingQueueDeps;
  git: LandingGit;
  worktrees: GitWorktrees;
  /** Aborted when the queue is disposed: the landing stops and its entry stays `landing` for a restart. */
  signal: AbortSignal;
}

/**
 * One queue entry while it is worked on: its stored state plus the updates every step makes
 * (each stored at once and announced through `onChange`, so the queue view follows live).
 */
export class LandingEntry {
  readonly cfg: ServiceConfig;
  readonly log: Logger;
  private current: StoredLanding;

  constructor(
    readonly ctx: LandingContext,
    entry: StoredLanding,
  ) {
    this.current = entry;
    this.cfg = ctx.deps.config();
    this.log = ctx.deps.logger.child({ landing_id: entry.id, issue_identifier: entry.identifier, landing_kind: entry.kind });
  }

  get value(): StoredLanding {
    return this.current;
  }

  get payload(): LandingPayload {
    return payloadOf(this.current);
  }

  get stopping(): boolean {
    return this.ctx.signal.aborted;
  }

  now(): string {
    return isoTime(this.ctx.deps.clock.now());
  }

  save(patch: LandingPatch): void {
    const updated = this.ctx.deps.store.landings.update(this.current.id, patch);
    if (updated.ok) this.current = updated.value;
    else {
      // The in-memory state still moves on; the next tick redoes whatever the store missed.
      this.log.warn({ code: updated.error.code }, `landing ${this.current.id} not saved: ${updated.error.message}`);
      this.current = { ...this.current, ...patch } as StoredLanding;
    }
    this.ctx.deps.onChange();
  }

  savePayload(patch: Partial<LandingPayload>): void {
    this.save({ payload: { ...this.payload, ...patch } as Record<string, unknown> });
  }

  step(step: LandingStep): void {
    this.save({ step });
  }

  /** Waiting on something outside the ticket; the next tick retries. */
  block(message: string): void {
    this.log.warn({ step: this.current.step }, `landing blocked: ${message}`);
    this.save({ status: 'blocked', error: message });
  }

  /** `failed` is history: the entry leaves the queue. */
  fail(message: string): void {
    this.log.info({ step: this.current.step }, `landing failed: ${message}`);
    this.save({ status: 'failed', error: message, ended_at: this.now(), payload: { ...this.payload, pending: null } as Record<string, unknown> });
  }

  landed(note: string | null): void {
    this.log.info({ landed_commit: this.current.landed_commit, base_before: this.current.base_before }, 'landed');
    this.save({ status: 'landed', step: null, error: note, ended_at: this.now(), payload: { ...this.payload, pending: null } as Record<string, unknown> });
  }
}
