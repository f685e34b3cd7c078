import { describe, expect, it } from 'vitest';
import { EventBudget } from './event-budget.js';
import { draft } from './event-draft.js';
import { exitError } from './exit-error.js';

const context = { command: 'codex app-server', handshaken: false, stderrTail: [] as string[] };

describe('exitError', () => {
  it('names a never-started command codex_not_found', () => {
    expect(exitError({ code: 127, signal: null, spawn_error: null }, { ...context, stderrTail: ['bash: line 1: codex: command not found'] })).toMatchObject({
      code: 'codex_not_found',
      message: 'could not start `codex app-server`: bash: line 1: codex: command not found',
    });
    expect(exitError({ code: null, signal: null, spawn_error: 'spawn bash ENOENT' }, context).code).toBe('codex_not_found');
    expect(exitError({ code: 126, signal: null, spawn_error: null }, context).code).toBe('codex_not_found');
  });

  it('names any exit after the handshake port_exit, with code or signal and stderr', () => {
    expect(exitError({ code: 127, signal: null, spawn_error: null }, { ...context, handshaken: true }).code).toBe('port_exit');
    expect(exitError({ code: null, signal: 'SIGKILL', spawn_error: null }, { ...context, handshaken: true, stderrTail: ['oom'] })).toEqual({
      code: 'port_exit',
      message: 'the codex app-server exited (killed by SIGKILL): oom',
      details: { exit_code: null, signal: 'SIGKILL', stderr_tail: ['oom'] },
    });
    expect(exitError({ code: 1, signal: null, spawn_error: null }, context).code).toBe('port_exit');
  });
});

describe('EventBudget', () => {
  it('admits events up to the budget, then one suppression note, then nothing', () => {
    const budget = new EventBudget({ stderr: 2 });
    const line = draft('stderr', 'stderr', 'x');
    const admitted = [1, 2, 3, 4].map(() => budget.admit(line)?.event ?? null);
    expect(admitted).toEqual(['stderr', 'stderr', 'stderr_suppressed', null]);
    expect(budget.admit(draft('message', 'agent_message', 'y'))).not.toBeNull();
  });
});
