import { describe, expect, it } from 'vitest';
import { landing, mergeQueue } from '../review/review-fixtures.test-util.js';
import { boardWorkflow, byId, issue } from '../../stores/record-fixtures.test-util.js';
import { initialFleetState, type FleetState } from '../../stores/fleet-state.js';
import { applyMergeQueue, mergingOverlaps } from './fleet-overlaps.js';

const overlap = { identifier: 'BAT-7', files: ['src/a.ts'], conflicts: [] };

function state(): FleetState {
  const w = boardWorkflow();
  return {
    ...initialFleetState,
    workflow: { ...w, config: { ...w.config, review: { merging_state: 'Merging', reviewer: null } } },
    tickets: byId([issue(2, { state: 'merging' }), issue(3, { state: 'Todo' })]),
  };
}

describe('fleet overlaps', () => {
  it('keeps only ticket entries with overlaps, and the identity of unchanged ones', () => {
    const queue = mergeQueue([landing(2, { overlaps: [overlap] }), landing(4), landing(5, { kind: 'guidance', overlaps: [overlap] })]);
    const first = applyMergeQueue(state(), queue);
    expect(Object.keys(first.overlaps)).toEqual(['BAT-2']);
    const again = applyMergeQueue(first, structuredClone(queue));
    expect(again).toBe(first);
    const changed = applyMergeQueue(first, mergeQueue([landing(2, { overlaps: [overlap] }), landing(3, { overlaps: [overlap] })]));
    expect(changed.overlaps['BAT-2']).toBe(first.overlaps['BAT-2']);
    expect(Object.keys(applyMergeQueue(changed, mergeQueue([])).overlaps)).toEqual([]);
  });

  it('selects a card’s overlaps only while its ticket is in the merging state', () => {
    const s = applyMergeQueue(state(), mergeQueue([landing(2, { overlaps: [overlap] }), landing(3, { overlaps: [overlap] })]));
    expect(mergingOverlaps(s, 'BAT-2')).toEqual([overlap]);
    expect(mergingOverlaps(s, 'BAT-3')).toBeUndefined();
    expect(mergingOverlaps({ ...s, workflow: boardWorkflow() }, 'BAT-2')).toBeUndefined();
  });
});
