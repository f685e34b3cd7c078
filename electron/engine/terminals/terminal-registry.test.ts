import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { RETAIN_EXITED_MS, TerminalRegistry } from './terminal-registry.js';
import type { TerminalInfo } from './terminal-types.js';

const base = { issue_identifier: 'BAT-1', kind: 'agent' as const, title: 'BAT-1: claude', cols: 80, rows: 24 };

afterEach(() => {
  vi.useRealTimers();
});

describe('TerminalRegistry', () => {
  it('creates, gets and lists terminals with their metadata', async () => {
    const registry = new TerminalRegistry({ rawLogDir: null });
    const created = registry.create({ ...base, id: 'a' });
    expect(created.ok).toBe(true);
    registry.create({ ...base, id: 'b', kind: 'shell', issue_identifier: null, title: 'shell' });
    expect(registry.get('a')).toBe(created.ok ? created.value : null);
    expect(registry.get('missing')).toBeUndefined();
    const list = registry.list();
    expect(list.map((t) => [t.id, t.kind, t.issue_identifier, t.exited])).toEqual([
      ['a', 'agent', 'BAT-1', false],
      ['b', 'shell', null, false],
    ]);
    expect(Date.parse(list[0]?.created_at ?? '')).not.toBeNaN();
    await registry.dispose();
  });

  it('refuses a duplicate id', async () => {
    const registry = new TerminalRegistry({ rawLogDir: null });
    registry.create({ ...base, id: 'a' });
    const again = registry.create({ ...base, id: 'a' });
    expect(again.ok ? null : again.error.code).toBe('terminal_exists');
    await registry.dispose();
  });

  it('tells listeners about every change to the list', async () => {
    const registry = new TerminalRegistry({ rawLogDir: null });
    const seen: TerminalInfo[][] = [];
    const sub = registry.onChange((list) => seen.push(list));
    registry.onChange(() => {
      throw new Error('a broken listener does not stop the others');
    });
    registry.create({ ...base, id: 'a' });
    registry.markExited('a');
    await registry.remove('a');
    sub.dispose();
    registry.create({ ...base, id: 'b' });
    expect(seen.map((list) => list.map((t) => `${t.id}:${t.exited}`))).toEqual([['a:false'], ['a:true'], []]);
    await registry.dispose();
  });

  it('records exit status and follows resizes in the metadata', async () => {
    const registry = new TerminalRegistry({ rawLogDir: null });
    const seen: TerminalInfo[][] = [];
    registry.onChange((list) => seen.push(list));
    const created = registry.create({ ...base, id: 'a', issue_id: 'issue-1' });
    if (!created.ok) throw new Error('create failed');
    created.value.resize(132, 43);
    registry.markExited('a', { exit_code: 3, signal: null });
    registry.markExited('a', { exit_code: 0, signal: null }); // first report wins
    expect(registry.info('a')).toMatchObject({ issue_id: 'issue-1', cols: 132, rows: 43, exited: true, exit_code: 3, signal: null });
    expect(seen.map((list) => list[0]?.cols)).toEqual([80, 132, 132]);
    await registry.dispose();
  });

  it('keeps an exited terminal attachable for RETAIN_EXITED_MS, then disposes it', async () => {
    vi.useFakeTimers();
    const registry = new TerminalRegistry({ rawLogDir: null });
    const created = registry.create({ ...base, id: 'a' });
    if (!created.ok) throw new Error('create failed');
    registry.markExited('a');
    vi.advanceTimersByTime(RETAIN_EXITED_MS - 1);
    expect(registry.get('a')).toBe(created.value);
    expect(registry.info('a')?.exited).toBe(true);
    expect(() => created.value.subscribe({ send: () => {} }, { visible: true })).not.toThrow();
    vi.advanceTimersByTime(1);
    expect(registry.get('a')).toBeUndefined();
    vi.useRealTimers();
    await vi.waitFor(() => expect(() => created.value.subscribe({ send: () => {} }, { visible: true })).toThrow(/disposed/));
    await registry.dispose();
  });

  it('dispose() disposes every terminal and cancels retention timers', async () => {
    const live = new Set<TimerHandle>();
    const clock: Clock = {
      now: () => 0,
      setTimeout: () => {
        const handle = { __timer: true } as TimerHandle;
        live.add(handle);
        return handle;
      },
      clearTimeout: (handle) => void live.delete(handle),
    };
    const registry = new TerminalRegistry({ rawLogDir: null, clock });
    const a = registry.create({ ...base, id: 'a' });
    registry.create({ ...base, id: 'b' });
    registry.markExited('b');
    expect(live.size).toBe(1);
    await registry.dispose();
    expect(live.size).toBe(0);
    expect(registry.list()).toEqual([]);
    expect(a.ok && (() => a.value.subscribe({ send: () => {} }, { visible: true }))).toThrow(/disposed/);
    expect(registry.create({ ...base, id: 'c' }).ok).toBe(false);
  });
});
