import type { ServerMessage } from '../../shared/api/ws-messages.js';
import type { ApiClient } from '../lib/api-client.js';
import type { LiveSocket } from '../lib/live-socket.js';
import { applyMessages, applySnapshot, applyTickets } from './fleet-state.js';
import type { FleetStore } from './fleet-store.js';

type Schedule = (flush: () => void) => void;

/**
 * Feeds the store from the WebSocket: messages are queued and applied together at most once per
 * animation frame, so a burst of pushes from a hundred agents is one store update and one render.
 * On every (re)connect, and on `resync`, the full picture is fetched over HTTP again.
 */
export function startLiveSync(
  store: FleetStore,
  socket: LiveSocket,
  api: ApiClient,
  schedule: Schedule = (flush) => requestAnimationFrame(flush),
): () => void {
  let queue: ServerMessage[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length > 0) store.setState((s) => applyMessages(s, batch), true);
  };
  const offMessage = socket.onMessage((message) => {
    if (message.type === 'resync') {
      void reload(store, api);
      return;
    }
    if (!isStoreMessage(message)) return;
    queue.push(message);
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  });
  const offStatus = socket.onStatus((status) => {
    store.setState({ connection: status });
    if (status === 'open') void reload(store, api);
  });
  return () => {
    offMessage();
    offStatus();
  };
}

function isStoreMessage(m: ServerMessage): boolean {
  return m.type === 'state' || m.type === 'ticket' || m.type === 'approvals' || m.type === 'terminal.list' || m.type === 'workflow';
}

/** Full reload over HTTP: tickets, state, approvals, workflow. Failures leave what is shown in place. */
export async function reload(store: FleetStore, api: ApiClient): Promise<void> {
  const [tickets, state, approvals, workflow] = await Promise.all([api.listTickets(), api.getState(), api.listApprovals(), api.getWorkflow()]);
  store.setState((s) => {
    let next = s;
    if (tickets.ok) next = applyTickets(next, tickets.value, true);
    if (state.ok) next = applySnapshot(next, state.value);
    if (approvals.ok) next = { ...next, approvals: approvals.value };
    if (workflow.ok) next = { ...next, workflow: workflow.value };
    return { ...next, loaded: next.loaded || (tickets.ok && state.ok) };
  }, true);
}
