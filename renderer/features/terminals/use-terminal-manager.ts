import { createContext, useContext, useSyncExternalStore } from 'react';
import { useServices } from '../../lib/services.js';
import type { LiveSocket } from '../../lib/live-socket.js';
import type { TerminalStatus } from './terminal-instance.js';
import { TerminalManager } from './terminal-manager.js';
import { XtermView } from './xterm-view.js';

/** Tests (and anything that wants its own pool) provide a manager here. */
export const TerminalManagerContext = createContext<TerminalManager | null>(null);

/**
 * One manager per LiveSocket, made on first use: the pool must outlive the views that show its
 * terminals (leaving a ticket and coming back keeps them), and lives as long as the page's socket.
 */
const managers = new WeakMap<LiveSocket, TerminalManager>();

export function terminalManagerFor(socket: LiveSocket): TerminalManager {
  let manager = managers.get(socket);
  if (!manager) {
    manager = new TerminalManager({ transport: socket, createView: () => new XtermView() });
    managers.set(socket, manager);
  }
  return manager;
}

export function useTerminalManager(): TerminalManager {
  const provided = useContext(TerminalManagerContext);
  const { socket } = useServices();
  return provided ?? terminalManagerFor(socket);
}

/** A terminal's status (phase, exit, renderer): re-renders only when it changes. */
export function useTerminalStatus(manager: TerminalManager, id: string): TerminalStatus | null {
  return useSyncExternalStore(
    (onChange) => manager.onStatus(id, onChange),
    () => manager.status(id),
  );
}
