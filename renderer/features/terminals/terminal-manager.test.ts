// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { data, FakeTransport, FakeView, snapshot } from './terminal-fakes.test-util.js';
import { TerminalManager } from './terminal-manager.js';
import { WebglBudget } from './webgl-budget.js';

let transport: FakeTransport;
let views: Map<string, FakeView>;
let doc: { hidden: boolean; listeners: Array<() => void>; addEventListener: (t: string, l: () => void) => void; removeEventListener: () => void };

function manager(options: { maxInstances?: number; webgl?: WebglBudget } = {}): TerminalManager {
  return new TerminalManager({
    transport,
    createView: (id) => {
      const view = new FakeView();
      views.set(id, view);
      return view;
    },
    doc: doc as unknown as Document,
    ...options,
  });
}

const container = () => document.createElement('div');

beforeEach(() => {
  transport = new FakeTransport();
  views = new Map();
  doc = { hidden: false, listeners: [], addEventListener: (_t, l) => doc.listeners.push(l), removeEventListener: () => {} };
});

describe('TerminalManager subscriptions', () => {
  it('subscribes a newly shown terminal as visible and replaces the screen with each snapshot', () => {
    const m = manager();
    m.attach('t1', container(), { interactive: false });
    expect(transport.ofType('terminal.subscribe')).toEqual([{ type: 'terminal.subscribe', terminal_id: 't1', visible: true }]);
    expect(m.status('t1')?.phase).toBe('connecting');
    const view = views.get('t1')!;
    transport.emit(snapshot('t1', 'old screen', 10, 120, 40));
    transport.emit(data('t1', ' more', 15));
    transport.emit(snapshot('t1', 'fresh screen', 500));
    view.parse();
    expect(view.screen).toBe('fresh screen');
    expect([view.cols, view.rows]).toEqual([100, 30]);
    expect(m.status('t1')).toMatchObject({ phase: 'live', restored: true });
    // Snapshots are outside flow control, and data of a replaced screen is not acked against the new one.
    expect(transport.ofType('terminal.ack')).toEqual([]);
  });

  it('acks live output from the parse callback, with its length, only while visible', () => {
    const m = manager();
    const handle = m.attach('t1', container(), { interactive: false });
    const view = views.get('t1')!;
    transport.emit(snapshot('t1', '', 0));
    transport.emit(data('t1', 'hello', 5));
    transport.emit(data('t1', ' world', 11));
    expect(transport.ofType('terminal.ack')).toEqual([]); // received, not yet parsed
    view.parse();
    expect(transport.ofType('terminal.ack').map((a) => a.chars)).toEqual([5, 6]);
    expect(view.screen).toBe('hello world');
    transport.emit(data('t1', '!', 12));
    handle.detach();
    view.parse();
    expect(transport.ofType('terminal.ack')).toHaveLength(2);
    expect(transport.ofType('terminal.visible')).toEqual([{ type: 'terminal.visible', terminal_id: 't1', visible: false }]);
  });

  it('drops duplicates, trims overlaps, and re-subscribes after a gap', () => {
    const m = manager();
    m.attach('t1', container(), { interactive: false });
    const view = views.get('t1')!;
    transport.emit(snapshot('t1', 'abc', 3));
    transport.emit(data('t1', 'bc', 3)); // duplicate
    transport.emit(data('t1', 'cde', 5)); // overlaps by one char
    view.parse();
    expect(view.screen).toBe('abcde');
    expect(transport.ofType('terminal.ack').map((a) => a.chars)).toEqual([2, 3]);
    transport.emit(data('t1', 'xyz', 20)); // chars 5..17 never arrived
    expect(transport.ofType('terminal.subscribe')).toHaveLength(2);
    view.parse();
    expect(view.screen).toBe('abcde');
  });

  it('re-subscribes every terminal after the socket reconnects, keeping their visibility', () => {
    const m = manager();
    m.attach('shown', container(), { interactive: false });
    m.attach('hidden', container(), { interactive: false }).detach();
    transport.setStatus('closed');
    expect(m.status('shown')?.phase).toBe('offline');
    transport.sent.length = 0;
    transport.setStatus('open');
    expect(transport.ofType('terminal.subscribe')).toEqual([
      { type: 'terminal.subscribe', terminal_id: 'shown', visible: true },
      { type: 'terminal.subscribe', terminal_id: 'hidden', visible: false },
    ]);
    transport.emit(snapshot('shown', 'restored after restart', 42));
    views.get('shown')!.parse();
    expect(views.get('shown')!.screen).toBe('restored after restart');
    expect(m.status('shown')?.phase).toBe('live');
  });

  it('tells the engine about visibility: detach, re-attach and a hidden page', () => {
    const m = manager();
    const first = m.attach('t1', container(), { interactive: false });
    first.detach();
    m.attach('t1', container(), { interactive: false });
    doc.hidden = true;
    for (const l of doc.listeners) l();
    expect(transport.ofType('terminal.visible').map((v) => v.visible)).toEqual([false, true, false]);
    first.detach(); // a stale handle does nothing
    expect(transport.ofType('terminal.visible')).toHaveLength(3);
    expect(views.get('t1')!.mountedIn).not.toBeNull();
  });

  it('reports exit and a terminal the engine does not know', () => {
    const m = manager();
    m.attach('t1', container(), { interactive: false });
    m.attach('gone', container(), { interactive: false });
    transport.emit({ type: 'terminal.exit', terminal_id: 't1', exit_code: 2, signal: null });
    transport.emit({ type: 'error', code: 'terminal_not_found', message: 'no terminal gone', request_type: 'terminal.subscribe' });
    expect(m.status('t1')).toMatchObject({ phase: 'exited', exitCode: 2 });
    expect(m.status('gone')?.phase).toBe('missing');
  });
});

describe('TerminalManager pool', () => {
  it('disposes the least recently used off-screen terminal beyond the cap, never one on screen', () => {
    const m = manager({ maxInstances: 2 });
    m.attach('a', container(), { interactive: false }).detach();
    m.attach('b', container(), { interactive: false }).detach();
    m.attach('a', container(), { interactive: false }).detach(); // a used again: b is now the oldest
    m.attach('c', container(), { interactive: false });
    expect([m.has('a'), m.has('b'), m.has('c')]).toEqual([true, false, true]);
    expect(views.get('b')!.disposed).toBe(true);
    expect(transport.ofType('terminal.unsubscribe')).toEqual([{ type: 'terminal.unsubscribe', terminal_id: 'b' }]);
    m.attach('d', container(), { interactive: false });
    m.attach('e', container(), { interactive: false });
    expect(m.size).toBe(3); // c, d, e are all on screen: over the cap rather than blank
    expect(m.has('a')).toBe(false);
  });

  it('gives WebGL to the most recently shown terminals and falls back when a context is lost', () => {
    const m = manager({ webgl: new WebglBudget(1) });
    const a = m.attach('a', container(), { interactive: false });
    expect(m.status('a')?.webgl).toBe(true);
    m.attach('b', container(), { interactive: false });
    expect([views.get('a')!.webgl, views.get('b')!.webgl]).toEqual([false, true]);
    views.get('b')!.loseContext?.();
    expect(m.status('b')?.webgl).toBe(false);
    expect(m.webglCount).toBe(0);
    a.detach();
    expect(views.get('a')!.webgl).toBe(false);
  });

  it('stays on the DOM renderer where WebGL is unavailable', () => {
    const m = manager();
    views.clear();
    const m2 = new TerminalManager({ transport, createView: () => Object.assign(new FakeView(), { webglAvailable: false }), doc: null });
    m2.attach('x', container(), { interactive: false });
    expect(m2.status('x')).toMatchObject({ webgl: false, phase: 'connecting' });
    m.dispose();
    m2.dispose();
    expect(transport.listenerCount).toBe(0);
  });
});

describe('TerminalManager input, resize and reveal', () => {
  it('sends keystrokes only for interactive terminals', () => {
    const m = manager();
    m.attach('ro', container(), { interactive: false });
    m.attach('rw', container(), { interactive: true });
    views.get('ro')!.type('x');
    views.get('rw')!.type('ls\r');
    expect(transport.ofType('terminal.input')).toEqual([{ type: 'terminal.input', terminal_id: 'rw', data: 'ls\r' }]);
    expect([views.get('ro')!.readOnly, views.get('rw')!.readOnly]).toEqual([true, false]);
  });

  it('fits to the container and resizes the pty only when the size changes', () => {
    const m = manager();
    const handle = m.attach('t1', container(), { interactive: true });
    views.get('t1')!.fitSize = { cols: 132, rows: 43 };
    handle.fit();
    handle.fit();
    expect(transport.ofType('terminal.resize')).toEqual([{ type: 'terminal.resize', terminal_id: 't1', cols: 132, rows: 43 }]);
    transport.emit({ type: 'terminal.resized', terminal_id: 't1', cols: 90, rows: 20 });
    expect([views.get('t1')!.cols, views.get('t1')!.rows]).toEqual([90, 20]);
  });

  it('reveal waits for a just-opened terminal\'s screen before scrolling', async () => {
    const m = manager();
    m.attach('t1', container(), { interactive: false });
    const view = views.get('t1')!;
    const revealed = m.reveal('t1', 5); // asked before the snapshot arrived
    transport.emit(snapshot('t1', 'l1\n', 3));
    transport.emit(data('t1', 'x\ny\n', 7));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    view.parse();
    expect(await revealed).toEqual({ kind: 'line', line: 1 });
    expect(view.scrolledTo).toBe(0); // line 1, with a third of the (30-row) screen of context above
    expect(await m.reveal('unknown', 1)).toBeNull();
  });

  it('scrolls to the line where output at a stream offset arrived', () => {
    const m = manager();
    const handle = m.attach('t1', container(), { interactive: false });
    const view = views.get('t1')!;
    transport.emit(snapshot('t1', 'l1\nl2\n', 6));
    transport.emit(data('t1', 'a\nb\n', 10));
    transport.emit(data('t1', 'c\nd\n', 14));
    view.parse();
    for (let i = 0; i < 20; i++) transport.emit(data('t1', 'x\n', 16 + 2 * i));
    view.parse();
    expect(handle.reveal(12)).toEqual({ kind: 'line', line: 4 });
    expect(view.scrolledTo).toBe(0);
    expect(handle.reveal(54)).toEqual({ kind: 'line', line: 26 });
    expect(view.scrolledTo).toBe(26 - 10); // the snapshot made it 100×30: a third of 30 rows above
    expect(handle.reveal(3)).toEqual({ kind: 'restored' });
    expect(view.scrolledTo).toBe(0);
    expect(handle.reveal(99)).toEqual({ kind: 'ahead' });
    expect(view.scrolledTo).toBe('bottom');
  });
});
