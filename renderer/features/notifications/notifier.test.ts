// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatonBridge } from '../../../shared/bridge/bridge-api.js';
import { applyMessages, applySnapshot, applyTickets, initialFleetState } from '../../stores/fleet-state.js';
import { createFleetStore } from '../../stores/fleet-store.js';
import { approval, retry, snapshot, ticket, workflow } from '../../stores/fleet-fixtures.test-util.js';
import type { FleetNotification } from './notification-rules.js';
import { enableNotifications, notificationsEnabled, setNotificationsEnabled } from './notification-prefs.js';
import { Notifier } from './notifier.js';
import { createNotificationSink } from './notify-sink.js';

/** Stands in for the browser's Notification API (happy-dom has none). */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static requests = 0;
  static shown: FakeNotification[] = [];
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.requests++;
    return FakeNotification.permission === 'denied' ? 'denied' : (FakeNotification.permission = 'granted');
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(readonly title: string, readonly options: { body: string; tag: string }) {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

type TestWindow = Window & { Notification?: unknown; baton?: BatonBridge };
const win = window as TestWindow;

beforeEach(() => {
  localStorage.clear();
  FakeNotification.permission = 'default';
  FakeNotification.requests = 0;
  FakeNotification.shown = [];
  win.Notification = FakeNotification;
  delete win.baton;
});
afterEach(() => {
  delete win.Notification;
  delete win.baton;
});

const note = (key: string): FleetNotification => ({ key, kind: 'request', title: `title ${key}`, body: 'body', target: { view: 'queue' } });

describe('Notifier', () => {
  it('delivers each change once, however often the store repeats it', () => {
    const store = createFleetStore({ loaded: true, workflow: workflow() });
    store.setState((s) => applySnapshot(applyTickets(s, [ticket(1)], true), snapshot()), true);
    const delivered: string[] = [];
    const stop = new Notifier(store, (n) => delivered.push(n.key)).start();
    store.setState((s) => applyMessages(s, [{ type: 'approvals', approvals: [approval('a1')] }]), true);
    // A resync empties and refills the queue: the same request is not announced twice.
    store.setState((s) => applyMessages(s, [{ type: 'approvals', approvals: [] }]), true);
    store.setState((s) => applyMessages(s, [{ type: 'approvals', approvals: [approval('a1')] }]), true);
    store.setState((s) => applySnapshot(s, snapshot({ retrying: [retry('BAT-1', 1, 'boom')] })), true);
    store.setState((s) => applySnapshot(s, snapshot({ retrying: [] })), true);
    store.setState((s) => applySnapshot(s, snapshot({ retrying: [retry('BAT-1', 1, 'boom')] })), true);
    expect(delivered).toEqual(['request:a1', 'failure:BAT-1:1']);
    stop();
    store.setState((s) => applyMessages(s, [{ type: 'approvals', approvals: [approval('a2')] }]), true);
    expect(delivered).toHaveLength(2);
  });

  it('stays quiet through the first load', () => {
    const store = createFleetStore({ ...initialFleetState, workflow: workflow() });
    const delivered: string[] = [];
    new Notifier(store, (n) => delivered.push(n.key)).start();
    store.setState((s) => ({ ...applyMessages(s, [{ type: 'approvals', approvals: [approval('a1')] }]), loaded: true }), true);
    expect(delivered).toEqual([]);
  });
});

describe('notification delivery', () => {
  it('in a browser: off by default, asks permission only when turned on, then shows and routes clicks', async () => {
    const routed: unknown[] = [];
    const sink = createNotificationSink(window, (r) => routed.push(r));
    expect(notificationsEnabled()).toBe(false);
    sink(note('a'));
    expect(FakeNotification.shown).toEqual([]);
    expect(FakeNotification.requests).toBe(0);

    expect(await enableNotifications()).toBe('on');
    expect(FakeNotification.requests).toBe(1);
    expect(notificationsEnabled()).toBe(true);
    sink({ ...note('b'), target: { view: 'ticket', identifier: 'BAT-7' } });
    const [shown] = FakeNotification.shown;
    expect(shown).toMatchObject({ title: 'title b', options: { body: 'body', tag: 'b' } });
    shown!.onclick!();
    expect(routed).toEqual([{ view: 'ticket', identifier: 'BAT-7' }]);
    expect(shown!.closed).toBe(true);

    setNotificationsEnabled(false);
    sink(note('c'));
    expect(FakeNotification.shown).toHaveLength(1);
  });

  it('in a browser that refuses permission: stays off and says so', async () => {
    FakeNotification.permission = 'denied';
    expect(await enableNotifications()).toBe('denied');
    expect(notificationsEnabled()).toBe(false);
    // Even a stored "on" does not notify without the permission.
    setNotificationsEnabled(true);
    expect(notificationsEnabled()).toBe(false);
  });

  it('in Electron: on by default through the bridge, and can be turned off', async () => {
    const sent: Array<[string, string]> = [];
    win.baton = { engine: null, notify: async (t, b) => void sent.push([t, b]) } as BatonBridge;
    const sink = createNotificationSink(window);
    sink(note('a'));
    await Promise.resolve();
    expect(sent).toEqual([['title a', 'body']]);
    expect(FakeNotification.shown).toEqual([]);
    setNotificationsEnabled(false);
    sink(note('b'));
    expect(sent).toHaveLength(1);
  });
});
