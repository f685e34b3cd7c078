import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { err, type Result } from '../lib/result.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { LocalTracker } from './local/local-tracker.js';
import type { Tracker } from './tracker.js';

export interface CreateTrackerDeps {
  clock: Clock;
  logger?: Logger;
  /**
   * The current config, for settings that apply live (the local tracker's states). Defaults to the
   * `config` passed in, which never changes.
   */
  currentConfig?: () => ServiceConfig;
}

/** Builds the adapter for `tracker.kind` (SPEC §11). Only `local` exists so far. */
export function createTracker(config: ServiceConfig, deps: CreateTrackerDeps): Result<Tracker> {
  const kind = config.tracker.kind.trim().toLowerCase();
  if (kind === 'local') {
    const current = deps.currentConfig ?? (() => config);
    return LocalTracker.open({
      path: config.tracker.provider.path,
      prefix: config.tracker.provider.prefix,
      settings: () => {
        const t = current().tracker;
        return { states: t.states, active_states: t.active_states, terminal_states: t.terminal_states };
      },
      clock: deps.clock,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
  }
  if (kind === 'linear') {
    return err('unsupported_tracker_kind', 'tracker.kind "linear" is not available in this version of Baton yet; use tracker.kind: local', { kind });
  }
  return err('unsupported_tracker_kind', `unknown tracker.kind ${JSON.stringify(config.tracker.kind)}; supported: local`, { kind: config.tracker.kind });
}
