import type { ClientMessage, ServerMessage } from '../../../shared/api/ws-messages.js';
import type { SocketStatus } from '../../lib/live-socket.js';

/** The part of LiveSocket the terminals use (so tests can drive them without a WebSocket). */
export interface TerminalTransport {
  readonly current: SocketStatus;
  send(message: ClientMessage): boolean;
  onMessage(listener: (message: ServerMessage) => void): () => void;
  onStatus(listener: (status: SocketStatus) => void): () => void;
}
