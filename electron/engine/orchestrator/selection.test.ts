import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/fixtures/service-config.js';
import { isActiveState } from './selection.js';

describe('isActiveState', () => {
  it('follows tracker.active_states and never counts a terminal state', () => {
    const config = testConfig({ tracker: { active_states: ['Todo', 'Done'] } });
    expect(isActiveState('todo', config)).toBe(true);
    expect(isActiveState('Done', config)).toBe(false);
    expect(isActiveState('Human Review', config)).toBe(false);
  });

  it('leaves the merging state to the landing queue when there is a repository (ADR 0006)', () => {
    const withMerging = { tracker: { active_states: ['Todo', 'Merging'] } };
    expect(isActiveState('Merging', testConfig({ ...withMerging, workspace: { repo: '/repo' } }))).toBe(false);
    expect(isActiveState('merging', testConfig({ ...withMerging, workspace: { repo: '/repo' } }))).toBe(false);
    // Without a repository there is no landing queue: an agent may land (Symphony's own workflow).
    expect(isActiveState('Merging', testConfig(withMerging))).toBe(true);
  });
});
