import { describe, expect, it } from 'vitest';
import { candidateStateKeys, defaultState, matchState, stateSpelling, validStates, type LocalStateSettings } from './state-matcher.js';

const settings: LocalStateSettings = {
  states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done', 'Cancelled'],
  active_states: ['Todo', 'In Progress'],
  terminal_states: ['Done', 'Cancelled'],
};

describe('state matching', () => {
  it('matches case-insensitively after trimming and returns the configured spelling', () => {
    expect(matchState('  in PROGRESS ', settings)).toEqual({ ok: true, value: 'In Progress' });
    expect(matchState('human review', settings)).toEqual({ ok: true, value: 'Human Review' });
  });

  it('rejects unknown or non-string states with the valid list', () => {
    const bad = matchState('Shipped', settings);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(!bad.ok && bad.error.message).toContain('Backlog, Todo, In Progress, Human Review, Done, Cancelled');
    expect(matchState(42, settings)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('starts new issues in the first active state, else the first state', () => {
    expect(defaultState(settings)).toEqual({ ok: true, value: 'Todo' });
    expect(defaultState({ ...settings, active_states: [] })).toEqual({ ok: true, value: 'Backlog' });
    expect(defaultState({ states: [], active_states: [], terminal_states: [] })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('falls back to active + terminal states when no state list is configured', () => {
    expect(validStates({ ...settings, states: [] })).toEqual(['Todo', 'In Progress', 'Done', 'Cancelled']);
  });

  it('treats a state that is both active and terminal as terminal', () => {
    expect(candidateStateKeys({ ...settings, active_states: ['Todo', 'done', 'In Progress'] })).toEqual(['todo', 'in progress']);
  });

  it('shows stored states in the current spelling and leaves unknown ones alone', () => {
    const spell = stateSpelling(settings);
    expect(spell('in progress')).toBe('In Progress');
    expect(spell('Archived')).toBe('Archived');
  });
});
