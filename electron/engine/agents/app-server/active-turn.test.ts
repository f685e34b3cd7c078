import { describe, expect, it } from 'vitest';
import { ActiveTurn, turnEndError } from './active-turn.js';

describe('turnEndError', () => {
  it('honours turn.status of turn/completed', () => {
    expect(turnEndError('turn/completed', { turn: { id: 't', status: 'completed' } }, null)).toBeNull();
    expect(turnEndError('turn/completed', { turn: { id: 't' } }, null)).toBeNull();
    expect(turnEndError('turn/completed', { turn: { id: 't', status: 'interrupted' } }, null)).toEqual({ code: 'turn_cancelled', message: 'the turn was interrupted' });
    expect(turnEndError('turn/completed', { turn: { id: 't', status: 'failed', error: { message: 'usage limit', codexErrorInfo: 'usageLimitExceeded' } } }, 'older')).toEqual({
      code: 'turn_failed',
      message: 'usage limit',
      details: { status: 'failed', codex_error_info: 'usageLimitExceeded' },
    });
  });

  it('falls back to the last error notification, and flags unknown statuses', () => {
    expect(turnEndError('turn/completed', { turn: { status: 'failed', error: null } }, 'stream died')?.message).toBe('stream died');
    expect(turnEndError('turn/completed', { turn: { status: 'weird' } }, null)).toMatchObject({ code: 'turn_failed', message: 'the turn ended with unknown status weird' });
  });

  it('accepts the pre-v2 turn/failed and turn/cancelled methods', () => {
    expect(turnEndError('turn/failed', { error: { message: 'x' } }, null)).toMatchObject({ code: 'turn_failed', message: 'x' });
    expect(turnEndError('turn/cancelled', {}, null)?.code).toBe('turn_cancelled');
  });
});

describe('ActiveTurn', () => {
  it('settles once', async () => {
    const turn = new ActiveTurn(1);
    expect(turn.settle({ ok: false, error: { code: 'turn_timeout', message: 'late' } })).toBe(true);
    expect(turn.settle({ ok: false, error: { code: 'port_exit', message: 'second' } })).toBe(false);
    expect(turn.finished).toBe(true);
    expect(await turn.promise).toMatchObject({ ok: false, error: { code: 'turn_timeout' } });
  });
});
