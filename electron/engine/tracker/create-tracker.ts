import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { err, type Result } from '../lib/result.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { linearProviderOf, localProviderOf } from '../workflow/tracker-provider.js';
import { openLinearTracker } from './linear/linear-tracker.js';
import { LocalTracker } from './local/local-tracker.js';
import type { Tracker } from './tracker.js';

export interface CreateTrackerDeps {
  clock: Clock;
  logger?: Logger;
  /**
   * The current config, for settings that apply live (states; for Linear also endpoint, key and
   * project). Defaults to the `config` passed in, which never changes.
   */
  currentConfig?: () => ServiceConfig;
}

/** Builds the adapter for `tracker.kind` (SPEC §11): `local` or `linear`. */
export function createTracker(config: ServiceConfig, deps: CreateTrackerDeps): Result<Tracker> {
  const kind = config.tracker.kind.trim().toLowerCase();
  const current = deps.currentConfig ?? (() => config);
  if (kind === 'local') {
    const { path, prefix } = localProviderOf(config.tracker);
    return LocalTracker.open({
      path,
      prefix,
      settings: () => {
        const t = current().tracker;
        return { states: t.states, active_states: t.active_states, terminal_states: t.terminal_states };
      },
      clock: deps.clock,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
  }
  if (kind === 'linear') {
    return openLinearTracker({
      settings: () => {
        // A reload to another kind applies at restart; until then this tracker keeps its own settings.
        const live = current().tracker;
        const t = live.kind.trim().toLowerCase() === 'linear' ? live : config.tracker;
        return { ...linearProviderOf(t), active_states: t.active_states, terminal_states: t.terminal_states };
      },
      clock: deps.clock,
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
  }
  return err('unsupported_tracker_kind', `unknown tracker.kind ${JSON.stringify(config.tracker.kind)}; supported: local, linear`, { kind: config.tracker.kind });
}
