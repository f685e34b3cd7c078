// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { data, FakeTransport, snapshot } from './terminal-fakes.test-util.js';
import { TerminalManager } from './terminal-manager.js';
import { XtermView } from './xterm-view.js';

/** The real xterm.js in happy-dom: no canvas, no WebGL, so this also covers the DOM-renderer fallback. */
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
  document.body.innerHTML = '';
});

function parsed(view: XtermView): Promise<void> {
  return new Promise((resolve) => view.write('', resolve));
}

describe('XtermView', () => {
  it('falls back to the DOM renderer where WebGL is unavailable, and keeps working', async () => {
    const view = new XtermView();
    cleanup.push(() => view.dispose());
    const container = document.body.appendChild(document.createElement('div'));
    view.mount(container);
    expect(view.enableWebgl(() => {})).toBe(false);
    expect(view.usesWebgl).toBe(false);
    view.write('one\r\ntwo\r\n');
    await parsed(view);
    expect(view.bufferText()).toBe('one\ntwo');
    expect(view.cursorLine()).toBe(2);
    expect(view.markCursor()?.line).toBe(2);
    view.unmount();
    expect(container.children).toHaveLength(0);
    expect(view.proposeSize()).toBeNull();
  });

  it('under the manager: a snapshot replaces the screen and live output follows it', async () => {
    const transport = new FakeTransport();
    const views: XtermView[] = [];
    const manager = new TerminalManager({ transport, createView: () => views[views.push(new XtermView()) - 1]!, doc: null });
    cleanup.push(() => manager.dispose());
    manager.attach('t1', document.body.appendChild(document.createElement('div')), { interactive: false });
    transport.emit(data('t1', 'stale', 5));
    transport.emit(snapshot('t1', 'restored line\r\n', 100, 60, 10));
    transport.emit(data('t1', 'live output', 111));
    await parsed(views[0]!);
    expect(views[0]!.bufferText()).toBe('restored line\nlive output');
    expect([views[0]!.cols, views[0]!.rows]).toEqual([60, 10]);
    expect(transport.ofType('terminal.ack')).toEqual([{ type: 'terminal.ack', terminal_id: 't1', chars: 11 }]);
    expect(manager.status('t1')).toMatchObject({ phase: 'live', webgl: false });
  });
});
